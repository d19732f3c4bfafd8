package io.eegrid;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts, intervals and limits of a grid; immutable. Every value and its default is listed in
 * docs/CONFIGURATION.md. Start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * GridConfig config = GridConfig.builder().pingInterval(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class GridConfig {
  private final Duration pingInterval;
  private final Duration streamPingInterval;
  private final Duration writeTimeout;
  private final Duration handshakeTimeout;
  private final Duration dialTimeout;
  private final Duration reconnectMinDelay;
  private final Duration reconnectMaxDelay;
  private final Duration defaultRequestTimeout;
  private final Duration maxClockSkew;
  private final Duration shutdownGracePeriod;
  private final int maxQueuedMessages;
  private final long maxQueuedBytes;
  private final int maxMessageBytes;
  private final int maxMergeMessages;
  private final int maxMergeBytes;
  private final int maxStreamWindow;
  private final int maxNameBytes;
  private final int maxInboundCalls;
  private final boolean requireTls;
  private final Duration refusalLogInterval;

  private GridConfig(Builder b) {
    pingInterval = positive(b.pingInterval, "pingInterval");
    streamPingInterval = positive(b.streamPingInterval, "streamPingInterval");
    writeTimeout = positive(b.writeTimeout, "writeTimeout");
    handshakeTimeout = positive(b.handshakeTimeout, "handshakeTimeout");
    dialTimeout = positive(b.dialTimeout, "dialTimeout");
    reconnectMinDelay = positive(b.reconnectMinDelay, "reconnectMinDelay");
    reconnectMaxDelay = positive(b.reconnectMaxDelay, "reconnectMaxDelay");
    if (reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
      throw new IllegalArgumentException(
          "reconnectMaxDelay "
              + reconnectMaxDelay
              + " is below reconnectMinDelay "
              + reconnectMinDelay);
    }
    defaultRequestTimeout = positive(b.defaultRequestTimeout, "defaultRequestTimeout");
    if (defaultRequestTimeout.toMillis() > io.eegrid.protocol.Message.MAX_DEADLINE_MILLIS) {
      throw new IllegalArgumentException(
          "defaultRequestTimeout " + defaultRequestTimeout + " exceeds 2^32-1 ms");
    }
    maxClockSkew = positive(b.maxClockSkew, "maxClockSkew");
    shutdownGracePeriod = Objects.requireNonNull(b.shutdownGracePeriod, "shutdownGracePeriod");
    maxQueuedMessages = atLeast(b.maxQueuedMessages, 16, "maxQueuedMessages");
    maxQueuedBytes = atLeast(b.maxQueuedBytes, 64 * 1024, "maxQueuedBytes");
    maxMessageBytes = atLeast(b.maxMessageBytes, 1024, "maxMessageBytes");
    maxMergeMessages = atLeast(b.maxMergeMessages, 1, "maxMergeMessages");
    maxMergeBytes = atLeast(b.maxMergeBytes, 1024, "maxMergeBytes");
    maxStreamWindow = atLeast(b.maxStreamWindow, 1, "maxStreamWindow");
    maxNameBytes = atLeast(b.maxNameBytes, 16, "maxNameBytes");
    maxInboundCalls = atLeast(b.maxInboundCalls, 1, "maxInboundCalls");
    requireTls = b.requireTls;
    refusalLogInterval = positive(b.refusalLogInterval, "refusalLogInterval");
  }

  /** The defaults of docs/CONFIGURATION.md. */
  public static GridConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.pingInterval = pingInterval;
    b.streamPingInterval = streamPingInterval;
    b.writeTimeout = writeTimeout;
    b.handshakeTimeout = handshakeTimeout;
    b.dialTimeout = dialTimeout;
    b.reconnectMinDelay = reconnectMinDelay;
    b.reconnectMaxDelay = reconnectMaxDelay;
    b.defaultRequestTimeout = defaultRequestTimeout;
    b.maxClockSkew = maxClockSkew;
    b.shutdownGracePeriod = shutdownGracePeriod;
    b.maxQueuedMessages = maxQueuedMessages;
    b.maxQueuedBytes = maxQueuedBytes;
    b.maxMessageBytes = maxMessageBytes;
    b.maxMergeMessages = maxMergeMessages;
    b.maxMergeBytes = maxMergeBytes;
    b.maxStreamWindow = maxStreamWindow;
    b.maxNameBytes = maxNameBytes;
    b.maxInboundCalls = maxInboundCalls;
    b.requireTls = requireTls;
    b.refusalLogInterval = refusalLogInterval;
    return b;
  }

  /** Connection ping period; a peer silent for two periods is disconnected. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /**
   * Stream ping period; a caller gives up a stream after two silent periods, a handler side after
   * four.
   */
  public Duration streamPingInterval() {
    return streamPingInterval;
  }

  /** How long one frame may take to write before the connection is dropped as stuck. */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /** How long the handshake may take, on either side. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** How long one dial may take. */
  public Duration dialTimeout() {
    return dialTimeout;
  }

  /** First redial delay; doubles on each failure up to {@link #reconnectMaxDelay}, with jitter. */
  public Duration reconnectMinDelay() {
    return reconnectMinDelay;
  }

  /** Longest redial delay. */
  public Duration reconnectMaxDelay() {
    return reconnectMaxDelay;
  }

  /** Deadline of single requests that do not set one. */
  public Duration defaultRequestTimeout() {
    return defaultRequestTimeout;
  }

  /** Largest difference between the clocks of two nodes that the handshake accepts. */
  public Duration maxClockSkew() {
    return maxClockSkew;
  }

  /** How long {@code close()} lets running handlers finish before it cancels them. */
  public Duration shutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  /** Messages queued for sending on one connection before senders wait. */
  public int maxQueuedMessages() {
    return maxQueuedMessages;
  }

  /** Payload bytes queued for sending on one connection before senders wait. */
  public long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  /** Largest payload of one message, sent or received; a larger frame drops the connection. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** Most messages merged into one frame. */
  public int maxMergeMessages() {
    return maxMergeMessages;
  }

  /** Merging stops once a frame holds this many bytes. */
  public int maxMergeBytes() {
    return maxMergeBytes;
  }

  /** Largest stream window (in messages) a handler may announce, in either direction. */
  public int maxStreamWindow() {
    return maxStreamWindow;
  }

  /** Longest handler name or subroute, in UTF-8 bytes. */
  public int maxNameBytes() {
    return maxNameBytes;
  }

  /**
   * Most calls (single requests and streams) from one peer that this node serves at once, on one
   * connection. A call beyond it is refused with {@code OVERLOADED} and the connection goes on.
   */
  public int maxInboundCalls() {
    return maxInboundCalls;
  }

  /**
   * Whether this node accepts only encrypted (TLS) links: an accepted link that is not is refused
   * before its handshake starts.
   */
  public boolean requireTls() {
    return requireTls;
  }

  /**
   * Handshake refusals of one peer are logged at WARNING at most once in this time; the others go
   * to FINE and are counted in the next WARNING.
   */
  public Duration refusalLogInterval() {
    return refusalLogInterval;
  }

  /**
   * Largest WebSocket message a node sends or accepts, derived from the limits above: the larger of
   * one full message and one merged frame, plus room for their envelopes. Transports set their
   * inbound buffer to this.
   */
  public int maxFrameBytes() {
    long envelopes = (long) (maxMergeMessages + 1) * (64 + 2L * maxNameBytes);
    return (int)
        Math.min(Integer.MAX_VALUE - 8, Math.max(maxMessageBytes, maxMergeBytes) + envelopes);
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  private static int atLeast(int v, int min, String name) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + v);
    }
    return v;
  }

  private static long atLeast(long v, long min, String name) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + v);
    }
    return v;
  }

  @Override
  public String toString() {
    return "GridConfig{pingInterval="
        + pingInterval
        + ", streamPingInterval="
        + streamPingInterval
        + ", writeTimeout="
        + writeTimeout
        + ", handshakeTimeout="
        + handshakeTimeout
        + ", dialTimeout="
        + dialTimeout
        + ", reconnect="
        + reconnectMinDelay
        + ".."
        + reconnectMaxDelay
        + ", defaultRequestTimeout="
        + defaultRequestTimeout
        + ", maxClockSkew="
        + maxClockSkew
        + ", shutdownGracePeriod="
        + shutdownGracePeriod
        + ", maxQueuedMessages="
        + maxQueuedMessages
        + ", maxQueuedBytes="
        + maxQueuedBytes
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", maxMergeMessages="
        + maxMergeMessages
        + ", maxMergeBytes="
        + maxMergeBytes
        + ", maxStreamWindow="
        + maxStreamWindow
        + ", maxNameBytes="
        + maxNameBytes
        + ", maxInboundCalls="
        + maxInboundCalls
        + ", requireTls="
        + requireTls
        + ", refusalLogInterval="
        + refusalLogInterval
        + "}";
  }

  /** Builds a {@link GridConfig}; every value starts at its default. Not thread-safe. */
  public static final class Builder {
    private Duration pingInterval = Duration.ofSeconds(10);
    private Duration streamPingInterval = Duration.ofSeconds(15);
    private Duration writeTimeout = Duration.ofSeconds(3);
    private Duration handshakeTimeout = Duration.ofSeconds(5);
    private Duration dialTimeout = Duration.ofSeconds(2);
    private Duration reconnectMinDelay = Duration.ofMillis(200);
    private Duration reconnectMaxDelay = Duration.ofSeconds(10);
    private Duration defaultRequestTimeout = Duration.ofMinutes(1);
    private Duration maxClockSkew = Duration.ofMinutes(5);
    private Duration shutdownGracePeriod = Duration.ofSeconds(10);
    private int maxQueuedMessages = 65_536;
    private long maxQueuedBytes = 64L * 1024 * 1024;
    private int maxMessageBytes = 16 * 1024 * 1024;
    private int maxMergeMessages = 50;
    private int maxMergeBytes = 32 * 1024;
    private int maxStreamWindow = 1024;
    private int maxNameBytes = 256;
    private int maxInboundCalls = 4096;
    private boolean requireTls;
    private Duration refusalLogInterval = Duration.ofSeconds(60);

    private Builder() {}

    public Builder pingInterval(Duration v) {
      pingInterval = v;
      return this;
    }

    public Builder streamPingInterval(Duration v) {
      streamPingInterval = v;
      return this;
    }

    public Builder writeTimeout(Duration v) {
      writeTimeout = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      handshakeTimeout = v;
      return this;
    }

    public Builder dialTimeout(Duration v) {
      dialTimeout = v;
      return this;
    }

    public Builder reconnectMinDelay(Duration v) {
      reconnectMinDelay = v;
      return this;
    }

    public Builder reconnectMaxDelay(Duration v) {
      reconnectMaxDelay = v;
      return this;
    }

    public Builder defaultRequestTimeout(Duration v) {
      defaultRequestTimeout = v;
      return this;
    }

    public Builder maxClockSkew(Duration v) {
      maxClockSkew = v;
      return this;
    }

    public Builder shutdownGracePeriod(Duration v) {
      shutdownGracePeriod = v;
      return this;
    }

    public Builder maxQueuedMessages(int v) {
      maxQueuedMessages = v;
      return this;
    }

    public Builder maxQueuedBytes(long v) {
      maxQueuedBytes = v;
      return this;
    }

    public Builder maxMessageBytes(int v) {
      maxMessageBytes = v;
      return this;
    }

    public Builder maxMergeMessages(int v) {
      maxMergeMessages = v;
      return this;
    }

    public Builder maxMergeBytes(int v) {
      maxMergeBytes = v;
      return this;
    }

    public Builder maxStreamWindow(int v) {
      maxStreamWindow = v;
      return this;
    }

    public Builder maxNameBytes(int v) {
      maxNameBytes = v;
      return this;
    }

    public Builder maxInboundCalls(int v) {
      maxInboundCalls = v;
      return this;
    }

    public Builder requireTls(boolean v) {
      requireTls = v;
      return this;
    }

    public Builder refusalLogInterval(Duration v) {
      refusalLogInterval = v;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first value out of range
     */
    public GridConfig build() {
      return new GridConfig(this);
    }
  }
}
