package io.eegrid.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.eegrid.ErrorCode;
import io.eegrid.codec.Codec;
import io.eegrid.codec.Codecs;
import io.eegrid.fuzz.CodecFuzzTest.Item;
import io.eegrid.fuzz.CodecFuzzTest.Order;
import io.eegrid.fuzz.CodecFuzzTest.Status;
import io.eegrid.fuzz.CodecFuzzTest.Tree;
import io.eegrid.mux.AuthToken;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.FrameWriter;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the generated part of the seed corpus (files named {@code seed-*}) under {@code
 * src/test/resources/io/eegrid/fuzz/<Class>Inputs/<method>/}, from frames and payloads made by the
 * engine's own writers, plus hand-made edge cases. Crash inputs found by fuzzing sit next to them
 * under Jazzer's names ({@code crash-*}) and are never rewritten here.
 *
 * <p>Run only on demand, from the module directory: {@code mvn test -Dtest=SeedCorpusWriter
 * -Deegrid.fuzz.writeSeeds=true}, then commit the files.
 */
class SeedCorpusWriter {
  private static final Path ROOT = Path.of("src/test/resources/io/eegrid/fuzz");
  private static final UUID ID = new UUID(0x0123456789abcdefL, 0xfedcba9876543210L);

  @Test
  @EnabledIfSystemProperty(named = "eegrid.fuzz.writeSeeds", matches = "true")
  void writeSeeds() throws IOException {
    writeFrameSeeds();
    writeControlPayloadSeeds();
    writeAuthTokenSeeds();
    writeCodecSeeds();
  }

  private static List<Message> sampleMessages() {
    byte[] connect =
        Payloads.encode(
            new Payloads.ConnectRequest(
                1,
                ID,
                "10.0.0.2:8080",
                AuthTokenFuzzTest.NOW_MILLIS,
                AuthToken.create(AuthTokenFuzzTest.SECRET, "10.0.0.2:8080", 1_700_000_000_000L)));
    byte[] accepted = Payloads.encode(new Payloads.ConnectResponse(1, ID, true, null));
    byte[] big = new byte[300];
    Arrays.fill(big, (byte) 0x42);
    return List.of(
        Message.of(0, 0, Op.CONNECT, 0, connect),
        Message.of(0, 0, Op.CONNECT_RESPONSE, 0, accepted),
        Message.of(0, 0, Op.PING, 0, Payloads.encodeLong(0x1234567890L)),
        Message.of(0, 0, Op.PONG, 0, Payloads.encodeLong(0x1234567890L)),
        new Message(1, 0, 60_000, "echo", Op.REQUEST, Flags.EOF, "hi".getBytes(UTF_8), "disk1"),
        new Message(7, 0, 0xFFFF_FFFFL, "stream", Op.CONNECT_MUX, 0, new byte[0], null),
        Message.of(7, 0, Op.ACK_MUX, 0, Payloads.encodeWindows(16, 16)),
        Message.of(7, 0, Op.ACK_MUX, 0, Payloads.encodeWindows(1000, 70000)),
        Message.of(3, 8, Op.UNBLOCK_SRV_MUX, 0, null),
        Message.of(3, 2, Op.UNBLOCK_CL_MUX, 0, null),
        Message.of(5, 1, Op.MUX_CLIENT_MSG, 0, new byte[] {1, 2, 3}),
        Message.of(5, 70_000, Op.MUX_SERVER_MSG, Flags.EOF, big),
        Message.of(
            5,
            2,
            Op.MUX_SERVER_MSG,
            Flags.EOF | Flags.ERROR,
            Payloads.encodeError(ErrorCode.HANDLER_ERROR, "boom")),
        Message.of(
            9, 0, Op.MUX_CONNECT_ERROR, 0, Payloads.encodeError(ErrorCode.UNKNOWN_HANDLER, "no")),
        Message.of(
            9,
            0,
            Op.DISCONNECT_CLIENT_MUX,
            Flags.ERROR,
            Payloads.encodeError(ErrorCode.CANCELLED, "")),
        Message.of(9, 0, Op.DISCONNECT_SERVER_MUX, 0, null),
        Message.of(Long.MAX_VALUE, Long.MAX_VALUE, Op.RESPONSE, Flags.EOF | 0x70, new byte[0]),
        Message.of(12, 0, Op.PING, 0, null),
        Message.of(12, 4, Op.PONG, Flags.ERROR, null));
  }

  private static byte[] frame(boolean crc, Message... messages) {
    FrameWriter w = new FrameWriter();
    if (messages.length > 1) {
      w.writeMergedHeader(messages.length);
    }
    for (Message m : messages) {
      w.writeMessage(m, crc);
    }
    return w.toByteArray();
  }

  /** One message with the CRC flag set but without its 4 CRC bytes (plainLinkFrame adds them). */
  private static byte[] flaggedWithoutCrc(Message m) {
    byte[] f = frame(true, m);
    return Arrays.copyOf(f, f.length - 4);
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  private static void writeFrameSeeds() throws IOException {
    Path frames = ROOT.resolve("FrameReaderFuzzTestInputs/frame");
    Path plain = ROOT.resolve("FrameReaderFuzzTestInputs/plainLinkFrame");
    List<Message> all = sampleMessages();
    for (int i = 0; i < all.size(); i++) {
      Message m = all.get(i);
      String name = String.format("%02d-%s", i, m.op);
      write(frames, "seed-" + name + "-tls", frame(false, m));
      write(frames, "seed-" + name + "-crc", frame(true, m));
      write(plain, "seed-" + name, FrameReaderFuzzTest.segmentsOf(flaggedWithoutCrc(m)));
    }
    Message[] three = {all.get(4), all.get(10), all.get(8)};
    write(frames, "seed-merged-3-tls", frame(false, three));
    write(frames, "seed-merged-3-crc", frame(true, three));
    write(
        frames, "seed-merged-response-then-calls", frame(true, all.get(1), all.get(4), all.get(2)));
    byte[] header = frame(false, Message.of(0, 3, Op.MERGED, 0, null));
    write(
        plain,
        "seed-merged-3",
        FrameReaderFuzzTest.segmentsOf(
            header,
            flaggedWithoutCrc(three[0]),
            flaggedWithoutCrc(three[1]),
            flaggedWithoutCrc(three[2])));
    // docs/PROTOCOL.md 19.1 and 19.2, byte for byte.
    write(
        frames,
        "seed-protocol-19.1-crc",
        hex(
            "97 01 00 cd ea 60 a4 65 63 68 6f 0e 0b c4 02 68 69"
                + "a5 64 69 73 6b 31 53 6e f5 87"));
    write(
        frames,
        "seed-protocol-19.1-tls",
        hex("97 01 00 cd ea 60 a4 65 63 68 6f 0e 02 c4 02 68 69"));
    write(
        frames,
        "seed-protocol-19.2",
        hex(
            "97 00 02 00 c0 10 00 c0 97 03 08 00 c0 0b 01 c0"
                + "e5 53 93 c4 97 05 01 00 c0 09 01 c4 03 01 02 03 ca b5 01 0f"));
    // Edge cases: each is rejected, for a reason of its own.
    write(frames, "seed-edge-empty", new byte[0]);
    write(frames, "seed-edge-extra-fields", hex("99 01 00 00 c0 03 00 c0 a1 78 92 01 81 a1 79 c3"));
    write(frames, "seed-edge-six-fields", hex("96 01 00 00 c0 03 00"));
    write(frames, "seed-edge-negative-mux", hex("97 d0 ff 00 00 c0 03 00 c0"));
    write(
        frames,
        "seed-edge-uint64-over-long",
        hex("97 cf ff ff ff ff ff ff ff ff 00 00 c0 03 00 c0"));
    write(
        frames,
        "seed-edge-deadline-over-2pow32",
        hex("97 01 00 cf 00 00 00 01 00 00 00 00 c0 0e 02 c0"));
    write(frames, "seed-edge-bin32-huge", hex("97 01 00 00 c0 0f 02 c6 7f ff ff ff 00"));
    write(frames, "seed-edge-str32-huge-handler", hex("97 01 00 00 db 7f ff ff ff 0e 02 c0"));
    write(frames, "seed-edge-handler-is-bin", hex("97 01 00 00 c4 01 61 0e 02 c0"));
    write(frames, "seed-edge-payload-is-str", hex("97 01 00 00 c0 0f 02 a1 61"));
    write(frames, "seed-edge-unknown-op", hex("97 00 00 00 c0 63 00 c0"));
    write(frames, "seed-edge-subroute-flag-nil", hex("97 01 00 00 a1 61 0e 0a c0 c0"));
    write(frames, "seed-edge-merged-count-0", hex("97 00 00 00 c0 10 00 c0"));
    write(
        frames, "seed-edge-merged-nested", hex("97 00 01 00 c0 10 00 c0 97 00 01 00 c0 10 00 c0"));
    write(frames, "seed-edge-merged-short", hex("97 00 05 00 c0 10 00 c0 97 03 08 00 c0 0b 00 c0"));
    write(frames, "seed-edge-trailing-byte", hex("97 03 08 00 c0 0b 00 c0 00"));
    write(frames, "seed-edge-crc-flag-no-crc", hex("97 03 08 00 c0 0b 01 c0 e5 53"));
    write(frames, "seed-edge-extra-array32-huge", hex("98 01 00 00 c0 03 00 c0 dd 7f ff ff ff"));
    write(
        frames,
        "seed-edge-extra-map32-2pow30",
        hex("98 01 00 00 c0 03 00 c0 df 40 00 00 00 00 00"));
    write(frames, "seed-edge-extra-ext32-max", hex("98 01 00 00 c0 03 00 c0 c9 7f ff ff ff 01 00"));
    write(frames, "seed-edge-extra-reserved-c1", hex("98 01 00 00 c0 03 00 c0 c1"));
    byte[] deep = new byte[8 + 70 + 1];
    System.arraycopy(hex("98 01 00 00 c0 03 00 c0"), 0, deep, 0, 8);
    Arrays.fill(deep, 8, 8 + 70, (byte) 0x91);
    deep[deep.length - 1] = (byte) 0xc0;
    write(frames, "seed-edge-extra-nested-70", deep);
  }

  private static void writeControlPayloadSeeds() throws IOException {
    Path dir = ROOT.resolve("ControlPayloadsFuzzTestInputs/controlPayload");
    List<Message> all = sampleMessages();
    write(dir, "seed-connect", all.get(0).payload);
    write(dir, "seed-connect-response-accepted", all.get(1).payload);
    write(
        dir,
        "seed-connect-response-refused",
        Payloads.encode(new Payloads.ConnectResponse(1, ID, false, "unknown host x:1")));
    write(dir, "seed-error", Payloads.encodeError(ErrorCode.UNKNOWN_HANDLER, "no"));
    write(dir, "seed-error-unknown-code-3-items", hex("93 cd 01 00 a1 78 c0"));
    write(dir, "seed-ack-mux-small", Payloads.encodeWindows(16, 16));
    write(dir, "seed-ack-mux-large", Payloads.encodeWindows(1000, 70000));
    write(dir, "seed-ping", Payloads.encodeLong(0x1234567890L));
    write(dir, "seed-ping-fixint", hex("05"));
    // CONNECT with a key from a later version, holding a nested value the decoder must skip.
    write(
        dir,
        "seed-connect-unknown-key",
        hex(
            "86 a1 76 01 a2 69 64 c4 10 01 23 45 67 89 ab cd ef fe dc ba 98 76 54 32 10"
                + "a4 68 6f 73 74 a3 61 3a 31 a4 74 69 6d 65 00 a5 74 6f 6b 65 6e a0"
                + "a3 6e 65 77 82 a1 61 92 01 c3 a1 62 c7 01 05 00"));
    write(dir, "seed-edge-empty", new byte[0]);
    write(dir, "seed-edge-map32-huge", hex("df 7f ff ff ff a1 76 01"));
    write(
        dir,
        "seed-edge-id-15-bytes",
        hex("82 a1 76 01 a2 69 64 c4 0f 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
    write(dir, "seed-edge-reserved-c1", hex("c1"));
  }

  private static void writeAuthTokenSeeds() throws IOException {
    Path peer = ROOT.resolve("AuthTokenFuzzTestInputs/verifyPeerToken");
    String host = "10.0.0.1:8080";
    String valid = AuthToken.create(AuthTokenFuzzTest.SECRET, host, AuthTokenFuzzTest.NOW_MILLIS);
    write(peer, "seed-valid", (host + "\n" + valid).getBytes(UTF_8));
    write(
        peer,
        "seed-old",
        (host + "\n" + AuthToken.create(AuthTokenFuzzTest.SECRET, host, 1_600_000_000_000L))
            .getBytes(UTF_8));
    write(
        peer,
        "seed-protocol-vector",
        (host + "\nv1.1700000000000.AAECAwQFBgcICQoL.HY5wuCz40isIjAOq8EGYu4JOHPjWxRcFB4FKJ2YpXiA")
            .getBytes(UTF_8));
    write(peer, "seed-no-token", host.getBytes(UTF_8));
    write(peer, "seed-malformed", (host + "\nv1.x.y.!!").getBytes(UTF_8));
    write(peer, "seed-padded-mac", (host + "\n" + valid + "=").getBytes(UTF_8));
    Path own = ROOT.resolve("AuthTokenFuzzTestInputs/verifyOwnToken");
    write(own, "seed-host", "10.0.0.1:8080".getBytes(UTF_8));
    write(
        own,
        "seed-bytes",
        hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void writeCodecSeeds() throws IOException {
    Path dir = ROOT.resolve("CodecFuzzTestInputs/decode");
    Item item = new Item("sku-1", 3, Optional.of("gift"), new byte[] {1, 2, 3});
    Item bare = new Item("", -1, Optional.empty(), null);
    Map<String, List<Long>> tags = new LinkedHashMap<>();
    tags.put("a", List.of(1L, Long.MIN_VALUE, Long.MAX_VALUE));
    tags.put("b", List.of());
    Order parent =
        new Order(
            ID,
            List.of(),
            Map.of(),
            Optional.empty(),
            Set.of(),
            new long[0],
            new Item[0],
            BigDecimal.ZERO,
            Duration.ZERO,
            0.0,
            Optional.empty());
    Order order =
        new Order(
            ID,
            List.of(item, bare),
            tags,
            Optional.of(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)),
            Set.of(Status.PAID),
            new long[] {1, -1, 1L << 40},
            new Item[] {item, null},
            new BigDecimal("12345.678"),
            Duration.ofSeconds(90, 5),
            1.5,
            Optional.of(parent));
    Tree tree =
        new Tree("root", List.of(new Tree("leaf", List.of(), Map.of(7, new byte[] {9}))), Map.of());
    write(dir, "seed-order", Codecs.toBytes(Codecs.of(Order.class), order));
    write(dir, "seed-order-parent", Codecs.toBytes(Codecs.of(Order.class), parent));
    write(dir, "seed-item", Codecs.toBytes(Codecs.of(Item.class), item));
    write(dir, "seed-item-bare", Codecs.toBytes(Codecs.of(Item.class), bare));
    write(dir, "seed-tree", Codecs.toBytes(Codecs.of(Tree.class), tree));
    Codec list = Codecs.of(Codecs.parameterized(List.class, Item.class));
    write(dir, "seed-item-list", Codecs.toBytes(list, List.of(item, bare)));
    Codec map =
        Codecs.of(
            Codecs.parameterized(
                Map.class, String.class, Codecs.parameterized(Optional.class, Item.class)));
    Map<String, Optional<Item>> byName = new LinkedHashMap<>();
    byName.put("x", Optional.of(item));
    byName.put("y", Optional.empty());
    write(dir, "seed-item-map", Codecs.toBytes(map, byName));
    // An Item with a key from a later version whose value is a nested map and array.
    write(
        dir,
        "seed-item-unknown-key",
        hex("82 a3 73 6b 75 a1 61 a5 6c 61 74 65 72 81 a1 6b 92 01 c0"));
    write(dir, "seed-edge-nil", hex("c0"));
    write(dir, "seed-edge-empty-map", hex("80"));
    write(dir, "seed-edge-unknown-key-map32-2pow30", hex("81 a1 7a df 40 00 00 00"));
  }

  private static void write(Path dir, String name, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), bytes);
  }
}
