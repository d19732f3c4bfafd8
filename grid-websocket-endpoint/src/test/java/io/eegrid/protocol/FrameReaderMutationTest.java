package io.eegrid.protocol;

import static io.eegrid.protocol.Frames.concat;
import static io.eegrid.protocol.Frames.frameOf;
import static io.eegrid.protocol.Frames.hex;
import static io.eegrid.protocol.Frames.hexOf;
import static io.eegrid.protocol.Frames.mergedOf;
import static io.eegrid.protocol.Frames.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.eegrid.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random mutations of valid frames: the reader returns messages or throws {@link
 * ProtocolException}, never anything else (no runtime exception from msgpack-core or from index
 * arithmetic, no OutOfMemoryError from an untrusted length).
 */
@Timeout(10)
class FrameReaderMutationTest {
  private static final long SEED = 0x5eed_e9a1dL;
  private static final int ITERATIONS = 20_000;

  /** Bytes that switch msgpack formats or announce large lengths. */
  private static final int[] INTERESTING = {
    0x00, 0x7f, 0x80, 0x8f, 0x90, 0x97, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc4, 0xc5, 0xc6, 0xc7,
    0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd,
    0xde, 0xdf, 0xe0, 0xff
  };

  private static List<byte[]> seeds() {
    Message request =
        new Message(1, 0, 60000, "echo", Op.REQUEST, Flags.EOF, new byte[] {1, 2, 3}, "a/b");
    Message stream = Message.of(70000, 5, Op.MUX_CLIENT_MSG, 0, repeat(0x42, 300));
    Message ping = Message.of(0, 0, Op.PING, 0, Payloads.encodeLong(123456789L));
    return List.of(
        frameOf(request, false),
        frameOf(request, true),
        frameOf(stream, true),
        mergedOf(true, request, stream, ping),
        mergedOf(false, ping, ping),
        // Extra envelope fields (forward compatibility path, skipValue).
        hex("99 01 00 00 c0 03 00 c0 a1 78 92 01 81 a1 79 c3"),
        concat(hex("97 00 02 00 c0 10 00 c0"), frameOf(ping, true), frameOf(request, true)));
  }

  private static byte[] mutate(byte[] frame, Random random) {
    byte[] out = frame.clone();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && out.length > 0; e++) {
      int i = random.nextInt(out.length);
      switch (random.nextInt(7)) {
        case 0 -> out[i] ^= (byte) (1 << random.nextInt(8));
        case 1 -> out[i] = (byte) random.nextInt(256);
        case 2 -> out[i] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
        case 3 -> out = Arrays.copyOf(out, i); // truncate
        case 4 -> { // delete one byte
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, i);
          System.arraycopy(out, i + 1, shorter, i, out.length - i - 1);
          out = shorter;
        }
        case 5 -> { // insert one byte
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, i);
          longer[i] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
          System.arraycopy(out, i, longer, i + 1, out.length - i);
          out = longer;
        }
        default -> { // a large length: 0xff bytes after a length-carrying format
          if (i + 4 < out.length) {
            out[i] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
            Arrays.fill(out, i + 1, i + 5, (byte) (random.nextBoolean() ? 0x7f : 0xff));
          }
        }
      }
    }
    return out;
  }

  @Test
  void randomMutationsYieldMessagesOrProtocolExceptionOnly() {
    Random random = new Random(SEED);
    List<byte[]> seeds = seeds();
    FrameReader reader = new FrameReader(64 * 1024, 64);
    int accepted = 0;
    int rejected = 0;
    for (int n = 0; n < ITERATIONS; n++) {
      byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
      ByteBuffer buffer;
      if (n % 2 == 0) {
        buffer = ByteBuffer.wrap(frame);
      } else {
        buffer = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
      }
      try {
        reader.read(buffer, m -> assertThat(m.op).isNotNull());
        accepted++;
      } catch (ProtocolException expected) {
        assertThat(expected.getMessage()).as("message of %s", hexOf(frame)).isNotBlank();
        rejected++;
      } catch (Throwable t) {
        fail("iteration " + n + " (seed " + SEED + "): " + hexOf(frame) + " threw " + t, t);
      }
    }
    assertThat(accepted + rejected).isEqualTo(ITERATIONS);
    assertThat(rejected).as("mutations mostly break the frame").isGreaterThan(ITERATIONS / 2);
  }
}
