package io.eegrid.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Open Liberty 26 with only the features the example needs (jndi-1.0 so that the grid finds the
 * default ManagedThreadFactory), one user directory per instance ({@code WLP_USER_DIR}), the grid's
 * configuration in the server's {@code server.env}. Runs in the foreground ({@code server run});
 * stopped with {@code server stop}.
 */
final class LibertyNode extends ServerNode {
  private static final Path WLP = SERVERS.resolve("wlp");

  LibertyNode(String name, int port) {
    super(name, port);
  }

  @Override
  List<String> failureMarkers() {
    return List.of("CWWKZ0002E", "CWWKZ0004E", "CWWKZ0013E");
  }

  @Override
  String base() {
    return "http://" + host() + "/kv";
  }

  private Path serverDir() {
    return dir.resolve("usr").resolve("servers").resolve(name);
  }

  @Override
  void start(List<String> peers, String secret) throws IOException {
    Files.createDirectories(serverDir());
    Files.writeString(
        serverDir().resolve("server.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <server description="EE Grid example node">
          <featureManager>
            <feature>servlet-6.0</feature>
            <feature>websocket-2.1</feature>
            <feature>cdi-4.0</feature>
            <feature>concurrent-3.0</feature>
            <feature>jndi-1.0</feature>
            <feature>mpConfig-3.1</feature>
            <feature>restfulWS-3.1</feature>
            <feature>jsonb-3.0</feature>
          </featureManager>
          <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="%d" httpsPort="-1"/>
          <webApplication location="%s" contextRoot="/kv"/>
          <applicationManager autoExpand="true"/>
        </server>
        """
            .formatted(port, SERVERS.resolve("kv.war").toAbsolutePath()));
    Files.writeString(
        serverDir().resolve("server.env"),
        "GRID_LOCAL=%s%nGRID_PEERS=%s%nGRID_AUTH_SECRET=%s%nGRID_RECONNECT_MAX_DELAY=1s%n"
            .formatted(host(), String.join(",", peers), secret));
    Files.writeString(serverDir().resolve("jvm.options"), "-Xmx384m\n-Xss512k\n");
    super.start(peers, secret);
  }

  @Override
  List<String> command() {
    return List.of("bash", WLP.resolve("bin/server").toAbsolutePath().toString(), "run", name);
  }

  @Override
  void environment(java.util.Map<String, String> env) {
    env.put("WLP_USER_DIR", dir.resolve("usr").toAbsolutePath().toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
  }

  @Override
  void stop() throws InterruptedException {
    if (!isRunning()) {
      return;
    }
    try {
      ProcessBuilder pb =
          new ProcessBuilder(
                  "bash", WLP.resolve("bin/server").toAbsolutePath().toString(), "stop", name)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stop.log").toFile());
      environment(pb.environment());
      Process stop = pb.start();
      stop.waitFor(90, TimeUnit.SECONDS);
    } catch (IOException e) {
      // fall through to the signal below
    }
    super.stop();
  }
}
