package io.eegrid.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One application-server process running the example WAR as one grid node, configured from outside
 * the WAR (environment variables read by MicroProfile Config). Subclasses say how their server is
 * started. Not thread-safe: driven by one test thread.
 */
abstract class ServerNode implements AutoCloseable {
  static final Path SERVERS = Path.of(System.getProperty("servers.dir", "target/servers"));

  final String name;
  final int port;
  final Path dir;
  private Process process;

  ServerNode(String name, int port) {
    this.name = name;
    this.port = port;
    this.dir = SERVERS.resolve("run").resolve(name);
  }

  /** The grid host name of this node: 127.0.0.1:port. */
  String host() {
    return "127.0.0.1:" + port;
  }

  /** The example's base URL on this node, context root included. */
  abstract String base();

  /** The command line that starts the server with the WAR deployed. */
  abstract List<String> command() throws IOException;

  /** Starts the process with the grid's configuration in its environment. */
  void start(List<String> peers, String secret) throws IOException {
    Files.createDirectories(dir);
    ProcessBuilder pb =
        new ProcessBuilder(command())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("GRID_LOCAL", host());
    env.put("GRID_PEERS", String.join(",", peers));
    env.put("GRID_AUTH_SECRET", secret);
    env.put("GRID_RECONNECT_MAX_DELAY", "1s");
    environment(env);
    process = pb.start();
  }

  /** The server's own words for a failed deployment, to look for in its console. */
  abstract List<String> failureMarkers();

  /** The failure marker found in the console, or null. */
  String startFailure() throws IOException {
    Path log = dir.resolve("out.log");
    if (!Files.exists(log)) {
      return null;
    }
    String text = Files.readString(log);
    for (String marker : failureMarkers()) {
      if (text.contains(marker)) {
        return marker;
      }
    }
    return null;
  }

  /**
   * A line the server prints once it is done deploying, or null when answering on {@code
   * /api/status} is enough. Payara Micro needs it: given a root directory it ran in before, it
   * first starts the application it finds there and then redeploys the one on its command line, so
   * the example answers for a few seconds, then 404s while it is redeployed.
   */
  String readyMarker() {
    return null;
  }

  /** Server-specific environment variables of the start command. */
  void environment(Map<String, String> env) {}

  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Waits until the example answers on this node. */
  void awaitReady(Duration timeout) {
    await(name + " ready")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsMatching(e -> !(e instanceof AssertionError))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(name + " exited: " + tail());
              }
              String failure = startFailure();
              if (failure != null) {
                throw new AssertionError(name + " failed to deploy (" + failure + "): " + tail());
              }
              String marker = readyMarker();
              if (marker != null && !Files.readString(dir.resolve("out.log")).contains(marker)) {
                return false;
              }
              return Http.get(base() + "/api/status").status() == 200;
            });
  }

  /** Waits until this node sees {@code peers} connected (per its status JSON). */
  void awaitConnected(List<String> peers, Duration timeout) {
    await(name + " connected to " + peers)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(
            () -> {
              String status = Http.get(base() + "/api/status").body();
              for (String p : peers) {
                if (!connected(status, p)) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Whether the status JSON has {@code peer}'s object with state CONNECTED (any key order). */
  static boolean connected(String statusJson, String peer) {
    for (String object : statusJson.split("\\{")) {
      if (object.contains("\"node\":\"" + peer + "\"")
          && object.contains("\"state\":\"CONNECTED\"")) {
        return true;
      }
    }
    return false;
  }

  /** Stops the server the way an operator does (SIGTERM) and waits for the process to end. */
  void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The last lines of the server's console, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("out.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no console log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  static List<String> javaCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
