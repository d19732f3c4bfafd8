package io.eegrid.protocol;

import static io.eegrid.protocol.Frames.hex;
import static io.eegrid.protocol.Frames.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.ErrorCode;
import io.eegrid.ProtocolException;
import io.eegrid.RemoteException;
import io.eegrid.UnknownHandlerException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Control payloads: handshake maps, error arrays, ACK windows, ping longs. */
@Timeout(10)
class PayloadsTest {
  private static final UUID ID = new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
  private static final String ID_BIN = "c4 10 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10";

  // Hand-written map pieces: key, then value.
  private static final String V = "a1 76 01";
  private static final String IDKV = "a2 69 64 " + ID_BIN;
  private static final String HOST = "a4 68 6f 73 74 a6 6e 6f 64 65 2d 31"; // "host": "node-1"
  private static final String TIME = "a4 74 69 6d 65 cd 03 e8"; // "time": 1000
  private static final String TOKEN = "a5 74 6f 6b 65 6e a1 74"; // "token": "t"

  // ---------------------------------------------------------------- handshake

  @Test
  void connectRequestRoundTrips() {
    var r =
        new Payloads.ConnectRequest(
            1, UUID.randomUUID(), "node-1:8080", 1_700_000_000_000L, "s3cr3t");
    assertThat(Payloads.decodeConnectRequest(Payloads.encode(r))).isEqualTo(r);
  }

  @Test
  void connectRequestWithNegativeTimeAndEmptyStringsRoundTrips() {
    var r = new Payloads.ConnectRequest(0, new UUID(0, 0), "", -5, "");
    assertThat(Payloads.decodeConnectRequest(Payloads.encode(r))).isEqualTo(r);
  }

  @Test
  void connectResponseRoundTripsAcceptedAndRejected() {
    var accepted = new Payloads.ConnectResponse(1, UUID.randomUUID(), true, null);
    var rejected = new Payloads.ConnectResponse(1, UUID.randomUUID(), false, "bad token");
    assertThat(Payloads.decodeConnectResponse(Payloads.encode(accepted))).isEqualTo(accepted);
    assertThat(Payloads.decodeConnectResponse(Payloads.encode(rejected))).isEqualTo(rejected);
  }

  @Test
  void connectRequestIsMapOfFiveStringKeys() {
    var r = new Payloads.ConnectRequest(1, ID, "node-1", 1000, "t");
    assertThat(hexOf(Payloads.encode(r)))
        .isEqualTo(hexOf(hex("85" + V + IDKV + HOST + TIME + TOKEN)));
  }

  @Test
  void acceptedConnectResponseHasNoReasonKey() {
    var r = new Payloads.ConnectResponse(1, ID, true, null);
    assertThat(hexOf(Payloads.encode(r)))
        .isEqualTo(hexOf(hex("83" + V + IDKV + "a8 61 63 63 65 70 74 65 64 c3")));
  }

  @Test
  void connectRequestWithUnknownKeysIsTolerated() {
    // Unknown keys first, between and last, with nested values that must be skipped whole.
    byte[] payload =
        hex(
            "87 a1 78 82 a1 61 91 01 a1 62 c0"
                + V
                + IDKV
                + HOST
                + "a3 6e 65 77 c4 02 ff ff"
                + TIME
                + TOKEN);
    assertThat(Payloads.decodeConnectRequest(payload))
        .isEqualTo(new Payloads.ConnectRequest(1, ID, "node-1", 1000, "t"));
  }

  @Test
  void unknownKeyWithTruncatedHugeMapValueIsRejected() {
    // decodeConnectRequest skips unknown values with MessageUnpacker.skipValue(), whose int
    // counter overflows on map32 sizes >= 2^30 (msgpack-core 0.9.12). A conforming reader takes
    // the ten values after "x" as that map's first entries and then runs out of bytes.
    byte[] payload = hex("86 a1 78 df 40 00 00 00" + V + IDKV + HOST + TIME + TOKEN);
    assertThatThrownBy(() -> Payloads.decodeConnectRequest(payload))
        .isInstanceOf(ProtocolException.class);
  }

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"id", "host", "time", "token"})
  void connectRequestMissingARequiredKeyIsRejected(String missing) {
    StringBuilder map = new StringBuilder("84" + V);
    if (!missing.equals("id")) {
      map.append(IDKV);
    }
    if (!missing.equals("host")) {
      map.append(HOST);
    }
    if (!missing.equals("time")) {
      map.append(TIME);
    }
    if (!missing.equals("token")) {
      map.append(TOKEN);
    }
    assertThatThrownBy(() -> Payloads.decodeConnectRequest(hex(map.toString())))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("lacks");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // empty
        "c0", // nil instead of map
        "92 01 02", // array instead of map
        "85 01 01", // non-string key
        "81 a2 69 64 c4 0f 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f", // 15-byte id
        "81 a1 76 a1 31", // version as string
        "81 a4 68 6f 73 74 db 7f ff ff ff 61", // host announcing 2 GiB
        "85 a1 76 01", // truncated map
      })
  void malformedConnectRequestIsProtocolException(String payload) {
    assertThatThrownBy(() -> Payloads.decodeConnectRequest(hex(payload)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void connectRequestWithoutPayloadIsProtocolException() {
    assertThatThrownBy(() -> Payloads.decodeConnectRequest(null))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("CONNECT without payload");
  }

  @Test
  void connectResponseMissingAcceptedIsRejected() {
    assertThatThrownBy(() -> Payloads.decodeConnectResponse(hex("82" + V + IDKV)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("lacks id or accepted");
  }

  @Test
  void connectResponseWithUnknownKeyIsTolerated() {
    byte[] payload = hex("84 a1 7a 93 01 02 03" + V + IDKV + "a8 61 63 63 65 70 74 65 64 c2");
    assertThat(Payloads.decodeConnectResponse(payload))
        .isEqualTo(new Payloads.ConnectResponse(1, ID, false, null));
  }

  // ---------------------------------------------------------------- errors

  @Test
  void errorIsArrayOfCodeAndMessage() {
    assertThat(hexOf(Payloads.encodeError(ErrorCode.UNKNOWN_HANDLER, "x")))
        .isEqualTo(hexOf(hex("92 02 a1 78")));
  }

  @Test
  void errorWithNullMessageCarriesEmptyString() {
    assertThat(hexOf(Payloads.encodeError(ErrorCode.HANDLER_ERROR, null)))
        .isEqualTo(hexOf(hex("92 01 a0")));
  }

  @Test
  void errorRoundTripsForEveryCode() {
    for (ErrorCode code : ErrorCode.values()) {
      RemoteException e = Payloads.decodeError(Payloads.encodeError(code, "why " + code));
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.remoteMessage()).isEqualTo("why " + code);
    }
  }

  @Test
  void unknownHandlerErrorDecodesAsUnknownHandlerException() {
    assertThat(Payloads.decodeError(hex("92 02 a1 78")))
        .isInstanceOf(UnknownHandlerException.class)
        .extracting(RemoteException::remoteMessage)
        .isEqualTo("x");
  }

  @Test
  void errorCodeFromANewerPeerDecodesAsUnknownKeepingTheMessage() {
    RemoteException e = Payloads.decodeError(hex("92 63 a1 78"));
    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN);
    assertThat(e.remoteMessage()).isEqualTo("x");
  }

  @Test
  void errorWithExtraItemsIsTolerated() {
    RemoteException e = Payloads.decodeError(hex("93 04 a1 78 c3"));
    assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
  }

  @Test
  void errorWithoutPayloadIsUnknown() {
    assertThat(Payloads.decodeError(null).code()).isEqualTo(ErrorCode.UNKNOWN);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // empty
        "c0", // nil
        "c1", // never-used byte
        "90", // no items
        "91 01", // one item
        "92 a1 78 a1 78", // code as string
        "92 01 c0", // nil message
        "92 01 05", // int message
        "92 01", // truncated
        "92 cf ff ff ff ff ff ff ff ff a1 78", // code above Long.MAX_VALUE
        "81 01 02", // map
        "dd ff ff ff ff", // array announcing 4 G items
        "92 01 db 7f ff ff ff 78", // message announcing 2 GiB
      })
  void malformedErrorPayloadBecomesProtocolErrorNeverThrows(String payload) {
    RemoteException e = Payloads.decodeError(hex(payload));
    assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    assertThat(e.remoteMessage()).isNotBlank();
  }

  // ---------------------------------------------------------------- ACK windows

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({
    "16, 16, 92 10 10",
    "0, 1, 92 00 01",
    "127, 127, 92 7f 7f",
    "128, 16, 92 cc 80 10",
    "16, 1000, 92 10 cd 03 e8",
    "65536, 2147483647, 92 ce 00 01 00 00 ce 7f ff ff ff",
  })
  void windowsAreArrayOfTwoCompactInts(int request, int response, String encoded) {
    byte[] bytes = Payloads.encodeWindows(request, response);
    assertThat(hexOf(bytes)).isEqualTo(hexOf(hex(encoded)));
    assertThat(Payloads.decodeWindows(bytes)).containsExactly(request, response);
  }

  @Test
  void windowsWithExtraItemsAreTolerated() {
    assertThat(Payloads.decodeWindows(hex("93 10 20 c0"))).containsExactly(16, 32);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "92 ff 10", // request window -1
        "92 d2 80 00 00 00 10", // request window Integer.MIN_VALUE
        "92 10 00", // response window 0
        "92 10 ff", // response window -1
        "92 ce 80 00 00 00 10", // request window 2^31: above int
        "92 10 cf 00 00 00 01 00 00 00 00", // response window 2^32
        "91 10", // one item
        "90", // none
        "c0", // nil
        "", // empty
        "92 a1 78 10", // string
        "92 10", // truncated
      })
  void outOfRangeOrMalformedWindowsAreRejected(String payload) {
    assertThatThrownBy(() -> Payloads.decodeWindows(hex(payload)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void windowsWithoutPayloadAreRejected() {
    assertThatThrownBy(() -> Payloads.decodeWindows(null))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("ACK_MUX without payload");
  }

  // ---------------------------------------------------------------- ping

  @Test
  void pingPayloadIsInt64BigEndian() {
    assertThat(hexOf(Payloads.encodeLong(5))).isEqualTo("d3 00 00 00 00 00 00 00 05");
    assertThat(hexOf(Payloads.encodeLong(-2))).isEqualTo("d3 ff ff ff ff ff ff ff fe");
  }

  @Test
  void pingPayloadRoundTripsAndAcceptsAnyIntegerFormat() {
    for (long v : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, System.nanoTime()}) {
      assertThat(Payloads.decodeLong(Payloads.encodeLong(v))).isEqualTo(v);
    }
    assertThat(Payloads.decodeLong(hex("05"))).isEqualTo(5);
    assertThat(Payloads.decodeLong(hex("cd 01 00"))).isEqualTo(256);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "c0", "a1 78", "d3 00 00", "cf ff ff ff ff ff ff ff ff"})
  void malformedPingPayloadIsRejected(String payload) {
    assertThatThrownBy(() -> Payloads.decodeLong(hex(payload)))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void pingWithoutPayloadIsRejected() {
    assertThatThrownBy(() -> Payloads.decodeLong(null)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void handshakePayloadsFitInAFrame() {
    byte[] payload = Payloads.encode(new Payloads.ConnectRequest(1, ID, "node-1", 1000, "t"));
    byte[] frame = Frames.frameOf(Message.of(0, 0, Op.CONNECT, 0, payload), true);
    Message m = Frames.read(new FrameReader(1024, 64), frame).get(0);
    assertThat(Payloads.decodeConnectRequest(m.payload).host()).isEqualTo("node-1");
    assertThat(m.payload).isEqualTo(payload);
  }
}
