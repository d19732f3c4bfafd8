package io.eegrid.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Opens transports to peers. Thread-safe; one dial per call, no retries inside. */
@FunctionalInterface
public interface Dialer {
  /**
   * Connects to {@code remoteHost}, sending {@code headers} with the upgrade request, and returns
   * the open transport whose inbound frames go to {@code listener}. Blocks at most about {@code
   * timeout}. The transport must accept inbound frames of up to {@code maxFrameBytes}.
   *
   * @throws IOException when the peer cannot be reached or refuses the upgrade; the message says
   *     why (for example the HTTP status)
   */
  Transport dial(
      String remoteHost,
      Map<String, String> headers,
      TransportListener listener,
      Duration timeout,
      int maxFrameBytes)
      throws IOException;
}
