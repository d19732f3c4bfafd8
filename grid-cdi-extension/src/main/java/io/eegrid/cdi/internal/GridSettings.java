package io.eegrid.cdi.internal;

import io.eegrid.GridConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The grid's settings read from MicroProfile Config (docs/CONFIGURATION.md), with every problem
 * collected: each names the key, the value found (never a secret's) and the rule. Immutable once
 * read.
 */
final class GridSettings {
  static final String LOCAL = "grid.local";
  static final String PEERS = "grid.peers";
  static final String PATH = "grid.path";
  static final String DIAL_PATH = "grid.dial-path";
  static final String SECRET = "grid.auth.secret";
  static final String PREVIOUS_SECRET = "grid.auth.previous-secret";
  static final String TLS = "grid.tls";
  static final String THREAD_FACTORY = "grid.thread-factory";
  static final String EXECUTOR = "grid.executor";
  static final String SCHEDULER = "grid.scheduler";

  static final String DEFAULT_PATH = "/grid/v1";
  static final String DEFAULT_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");

  final List<String> problems = new ArrayList<>();
  String local;
  List<String> hosts = List.of();
  String path;
  String dialPath; // null: context root + path
  byte[] secret;
  byte[] previousSecret; // null unless a rotation is under way
  boolean tls;
  String threadFactory;
  boolean threadFactoryConfigured;
  String executor; // JNDI name of a ManagedExecutorService, or null
  String scheduler; // JNDI name of a ManagedScheduledExecutorService, or null
  GridConfig config = GridConfig.defaults();

  static GridSettings read(Config c) {
    GridSettings s = new GridSettings();
    s.readHosts(c);
    s.path = c.getOptionalValue(PATH, String.class).orElse(DEFAULT_PATH);
    if (!s.path.startsWith("/") || s.path.contains(" ")) {
      s.problems.add(PATH + ": \"" + s.path + "\" must be a path starting with /");
    }
    s.dialPath = c.getOptionalValue(DIAL_PATH, String.class).orElse(null);
    if (s.dialPath != null && !s.dialPath.startsWith("/")) {
      s.problems.add(DIAL_PATH + ": \"" + s.dialPath + "\" must be a path starting with /");
    }
    s.secret = s.secret(c, SECRET, true);
    s.previousSecret = s.secret(c, PREVIOUS_SECRET, false);
    s.tls = s.bool(c, TLS, false);
    Optional<String> factory = c.getOptionalValue(THREAD_FACTORY, String.class);
    s.threadFactoryConfigured = factory.isPresent();
    s.threadFactory = factory.orElse(DEFAULT_THREAD_FACTORY);
    s.executor = c.getOptionalValue(EXECUTOR, String.class).map(String::trim).orElse(null);
    s.scheduler = c.getOptionalValue(SCHEDULER, String.class).map(String::trim).orElse(null);
    s.readLimits(c);
    return s;
  }

  /**
   * Reads a secret of at least 16 UTF-8 bytes; a problem names the key and the length, never the
   * value.
   */
  private byte[] secret(Config c, String key, boolean required) {
    Optional<String> secret = c.getOptionalValue(key, String.class);
    if (secret.isEmpty() || secret.get().isBlank()) {
      if (required) {
        problems.add(key + " is not set: every node needs the same shared secret");
      }
      return null;
    }
    byte[] bytes = secret.get().getBytes(StandardCharsets.UTF_8);
    if (bytes.length < 16) {
      problems.add(
          key
              + " is too short ("
              + bytes.length
              + " bytes; at least 16 are required). The value is not shown.");
      return null;
    }
    return bytes;
  }

  private void readHosts(Config c) {
    local = c.getOptionalValue(LOCAL, String.class).map(String::trim).orElse(null);
    if (local == null || local.isEmpty()) {
      problems.add(LOCAL + " is not set: it names this node, as it appears in " + PEERS);
    } else if (!validHost(local)) {
      problems.add(LOCAL + ": \"" + local + "\" is not a host:port");
    }
    Optional<String> raw = c.getOptionalValue(PEERS, String.class);
    if (raw.isEmpty() || raw.get().isBlank()) {
      problems.add(
          PEERS
              + " is not set: it lists every node of the grid as host:port, this one"
              + " included, comma-separated");
      return;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String h : raw.get().split(",")) {
      String host = h.trim();
      if (host.isEmpty()) {
        continue;
      }
      if (!validHost(host)) {
        problems.add(PEERS + ": \"" + host + "\" is not a host:port");
      } else if (!seen.add(host)) {
        problems.add(PEERS + ": \"" + host + "\" is listed twice");
      }
    }
    hosts = List.copyOf(seen);
    if (local != null && !local.isEmpty() && !seen.contains(local)) {
      problems.add(
          LOCAL
              + ": \""
              + local
              + "\" is not in "
              + PEERS
              + " "
              + hosts
              + "; the list must include this node, written the same way on every node");
    }
    if (seen.size() < 2 && problems.isEmpty()) {
      problems.add(PEERS + " " + hosts + " has no node besides this one");
    }
  }

  static boolean validHost(String host) {
    Matcher m = HOST_PORT.matcher(host);
    if (!m.matches()) {
      return false;
    }
    int port = Integer.parseInt(m.group(2));
    return port >= 1 && port <= 65535;
  }

  private void readLimits(Config c) {
    GridConfig.Builder b = GridConfig.builder();
    boolean ok = true;
    ok &= duration(c, b, "grid.ping-interval", GridConfig.Builder::pingInterval);
    ok &= duration(c, b, "grid.stream-ping-interval", GridConfig.Builder::streamPingInterval);
    ok &= duration(c, b, "grid.write-timeout", GridConfig.Builder::writeTimeout);
    ok &= duration(c, b, "grid.handshake-timeout", GridConfig.Builder::handshakeTimeout);
    ok &= duration(c, b, "grid.dial-timeout", GridConfig.Builder::dialTimeout);
    ok &= duration(c, b, "grid.reconnect.min-delay", GridConfig.Builder::reconnectMinDelay);
    ok &= duration(c, b, "grid.reconnect.max-delay", GridConfig.Builder::reconnectMaxDelay);
    ok &= duration(c, b, "grid.request-timeout", GridConfig.Builder::defaultRequestTimeout);
    ok &= duration(c, b, "grid.max-clock-skew", GridConfig.Builder::maxClockSkew);
    ok &= duration(c, b, "grid.shutdown-grace-period", GridConfig.Builder::shutdownGracePeriod);
    ok &= duration(c, b, "grid.refusal-log-interval", GridConfig.Builder::refusalLogInterval);
    ok &= number(c, b, "grid.max-queued-messages", (x, v) -> x.maxQueuedMessages(toInt(v)));
    ok &= number(c, b, "grid.max-queued-bytes", GridConfig.Builder::maxQueuedBytes);
    ok &= number(c, b, "grid.max-message-bytes", (x, v) -> x.maxMessageBytes(toInt(v)));
    ok &= number(c, b, "grid.max-merge-messages", (x, v) -> x.maxMergeMessages(toInt(v)));
    ok &= number(c, b, "grid.max-merge-bytes", (x, v) -> x.maxMergeBytes(toInt(v)));
    ok &= number(c, b, "grid.max-stream-window", (x, v) -> x.maxStreamWindow(toInt(v)));
    ok &= number(c, b, "grid.max-name-bytes", (x, v) -> x.maxNameBytes(toInt(v)));
    ok &= number(c, b, "grid.max-inbound-calls", (x, v) -> x.maxInboundCalls(toInt(v)));
    b.requireTls(tls); // grid.tls: dial wss, and accept only TLS links
    if (!ok) {
      return;
    }
    try {
      config = b.build(); // rules between settings, such as reconnect min <= max
    } catch (IllegalArgumentException e) {
      problems.add("grid.*: " + e.getMessage());
    }
  }

  private static int toInt(long v) {
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(v + " is larger than " + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  /**
   * Reads one duration key into {@code b}; a bad value is reported for this key alone (checked on a
   * builder of defaults), so that every bad key gets its own line. Returns false on a problem.
   */
  private boolean duration(
      Config c,
      GridConfig.Builder b,
      String key,
      BiFunction<GridConfig.Builder, Duration, GridConfig.Builder> set) {
    Optional<String> v = c.getOptionalValue(key, String.class);
    if (v.isEmpty()) {
      return true;
    }
    Duration d = parseDuration(v.get().trim());
    if (d == null) {
      problems.add(
          key
              + ": \""
              + v.get()
              + "\" is not a duration (write 500ms, 10s, 2m, 1h or"
              + " ISO-8601 like PT10S)");
      return false;
    }
    return apply(
        key, v.get(), () -> set.apply(GridConfig.builder(), d).build(), () -> set.apply(b, d));
  }

  private boolean number(
      Config c,
      GridConfig.Builder b,
      String key,
      BiFunction<GridConfig.Builder, Long, GridConfig.Builder> set) {
    Optional<String> v = c.getOptionalValue(key, String.class);
    if (v.isEmpty()) {
      return true;
    }
    long n;
    try {
      n = Long.parseLong(v.get().trim());
    } catch (NumberFormatException e) {
      problems.add(key + ": \"" + v.get() + "\" is not a whole number");
      return false;
    }
    return apply(
        key, v.get(), () -> set.apply(GridConfig.builder(), n).build(), () -> set.apply(b, n));
  }

  private boolean apply(String key, String raw, Runnable check, Runnable set) {
    try {
      check.run();
      set.run();
      return true;
    } catch (IllegalArgumentException e) {
      problems.add(key + ": \"" + raw + "\": " + e.getMessage());
      return false;
    }
  }

  static Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private boolean bool(Config c, String key, boolean dflt) {
    Optional<String> v = c.getOptionalValue(key, String.class);
    if (v.isEmpty()) {
      return dflt;
    }
    String t = v.get().trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    problems.add(key + ": \"" + v.get() + "\" is not true or false");
    return dflt;
  }
}
