package io.eegrid.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eegrid.ProtocolException;
import io.eegrid.RemoteException;
import io.eegrid.protocol.Payloads;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the decoders of control payloads (docs/PROTOCOL.md 5): CONNECT, CONNECT_RESPONSE, the
 * error payload, ACK_MUX and the connection PING/PONG payload. Every input goes through all five.
 *
 * <p>Property: each decoder returns a value that obeys its section of 5, or throws {@link
 * ProtocolException} with a message; the error decoder never throws (a malformed error payload
 * becomes a {@code PROTOCOL_ERROR}, 5.3). Never another exception, a hang or an allocation sized by
 * a length the payload cannot hold. Accepted handshake payloads survive a round trip through the
 * encoders.
 *
 * <p>Stateless.
 */
@Tag("fuzz")
class ControlPayloadsFuzzTest {

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void controlPayload(byte[] payload) {
    Supplier<String> hex = () -> FrameReaderFuzzTest.hex(payload);

    try {
      Payloads.ConnectRequest r = Payloads.decodeConnectRequest(payload);
      Expect.that(
          r.version() >= 0 && r.instanceId() != null && r.host() != null && r.token() != null,
          () -> "CONNECT " + r + " from " + hex.get());
      Expect.that(
          Payloads.decodeConnectRequest(Payloads.encode(r)).equals(r),
          () -> "CONNECT round trip of " + r + " from " + hex.get());
    } catch (ProtocolException e) {
      Expect.explains(e, () -> "CONNECT rejection of " + hex.get());
    }

    try {
      Payloads.ConnectResponse r = Payloads.decodeConnectResponse(payload);
      Expect.that(r.instanceId() != null, () -> "CONNECT_RESPONSE " + r + " from " + hex.get());
      Expect.that(
          Payloads.decodeConnectResponse(Payloads.encode(r)).equals(r),
          () -> "CONNECT_RESPONSE round trip of " + r + " from " + hex.get());
    } catch (ProtocolException e) {
      Expect.explains(e, () -> "CONNECT_RESPONSE rejection of " + hex.get());
    }

    RemoteException error = Payloads.decodeError(payload);
    Expect.that(
        error != null && error.code() != null && error.remoteMessage() != null,
        () -> "error " + error + " from " + hex.get());

    try {
      int[] windows = Payloads.decodeWindows(payload);
      Expect.that(
          windows.length == 2 && windows[0] >= 0 && windows[1] >= 1,
          () -> "ACK_MUX " + java.util.Arrays.toString(windows) + " from " + hex.get());
    } catch (ProtocolException e) {
      Expect.explains(e, () -> "ACK_MUX rejection of " + hex.get());
    }

    try {
      long nanos = Payloads.decodeLong(payload);
      Expect.that(
          Payloads.decodeLong(Payloads.encodeLong(nanos)) == nanos,
          () -> "PING round trip of " + nanos);
    } catch (ProtocolException e) {
      Expect.explains(e, () -> "PING rejection of " + hex.get());
    }
  }
}
