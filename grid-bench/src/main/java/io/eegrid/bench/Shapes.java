package io.eegrid.bench;

/**
 * The payload sizes, concurrencies and system names every scenario shares, as constants usable in
 * JMH {@code @Param} annotations.
 */
final class Shapes {
  /** Payload sizes of single requests, in bytes. */
  static final String P64 = "64";

  static final String P512 = "512";
  static final String P4K = "4096";

  /** Calls in flight on one connection. */
  static final String IN_FLIGHT_1 = "1";

  static final String IN_FLIGHT_16 = "16";
  static final String IN_FLIGHT_64 = "64";
  static final String IN_FLIGHT_256 = "256";

  /** Size of one bulk stream message, in bytes. */
  static final int BULK_MESSAGE_BYTES = 64 * 1024;

  /** Systems under test; see {@link Subjects#start}. */
  static final String EEGRID = "eegrid";

  /**
   * EE Grid with stream windows of {@value #WIDE_WINDOW} instead of the default {@value
   * io.eegrid.HandlerOptions#DEFAULT_WINDOW}.
   */
  static final String EEGRID_WIDE = "eegrid-w1024";

  /**
   * EE Grid with a non-blocking echo handler and direct completion: no executor hand-off on either
   * side, as gRPC with {@code directExecutor}.
   */
  static final String EEGRID_DIRECT = "eegrid-direct";

  static final String TYRUS = "tyrus";
  static final String GRPC = "grpc";
  static final String GRPC_DIRECT = "grpc-direct";
  static final String RSOCKET = "rsocket";

  static final int WIDE_WINDOW = 1024;

  /** Largest WebSocket message the raw Tyrus peer accepts. */
  static final int MAX_FRAME_BYTES = 1 << 20;

  private Shapes() {}
}
