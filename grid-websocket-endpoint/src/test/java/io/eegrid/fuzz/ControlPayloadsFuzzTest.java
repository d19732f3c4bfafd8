package io.eegrid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eegrid.ProtocolException;
import io.eegrid.RemoteException;
import io.eegrid.protocol.Payloads;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
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
    String hex = HexFormat.of().formatHex(payload);

    try {
      Payloads.ConnectRequest r = Payloads.decodeConnectRequest(payload);
      assertThat(r.version()).as("CONNECT v of %s", hex).isNotNegative();
      assertThat(r.instanceId()).as("CONNECT id of %s", hex).isNotNull();
      assertThat(r.host()).as("CONNECT host of %s", hex).isNotNull();
      assertThat(r.token()).as("CONNECT token of %s", hex).isNotNull();
      assertThat(Payloads.decodeConnectRequest(Payloads.encode(r)))
          .as("CONNECT round trip of %s", hex)
          .isEqualTo(r);
    } catch (ProtocolException e) {
      assertThat(e.getMessage()).as("CONNECT rejection of %s", hex).isNotBlank();
    }

    try {
      Payloads.ConnectResponse r = Payloads.decodeConnectResponse(payload);
      assertThat(r.instanceId()).as("CONNECT_RESPONSE id of %s", hex).isNotNull();
      assertThat(Payloads.decodeConnectResponse(Payloads.encode(r)))
          .as("CONNECT_RESPONSE round trip of %s", hex)
          .isEqualTo(r);
    } catch (ProtocolException e) {
      assertThat(e.getMessage()).as("CONNECT_RESPONSE rejection of %s", hex).isNotBlank();
    }

    RemoteException error = Payloads.decodeError(payload);
    assertThat(error).as("error decoded from %s", hex).isNotNull();
    assertThat(error.code()).as("error code of %s", hex).isNotNull();
    assertThat(error.remoteMessage()).as("error message of %s", hex).isNotNull();

    try {
      int[] windows = Payloads.decodeWindows(payload);
      assertThat(windows).as("ACK_MUX of %s", hex).hasSize(2);
      assertThat(windows[0]).as("requestWindow of %s", hex).isNotNegative();
      assertThat(windows[1]).as("responseWindow of %s", hex).isPositive();
    } catch (ProtocolException e) {
      assertThat(e.getMessage()).as("ACK_MUX rejection of %s", hex).isNotBlank();
    }

    try {
      long nanos = Payloads.decodeLong(payload);
      assertThat(Payloads.decodeLong(Payloads.encodeLong(nanos))).isEqualTo(nanos);
    } catch (ProtocolException e) {
      assertThat(e.getMessage()).as("PING rejection of %s", hex).isNotBlank();
    }
  }
}
