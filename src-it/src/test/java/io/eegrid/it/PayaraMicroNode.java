package io.eegrid.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Payara Micro 6 (Tyrus, Weld, Payara's concurrency): {@code java -jar payara-micro.jar --deploy
 * kv.war}, bound to 127.0.0.1 by a pre-boot command, without clustering, each instance with its own
 * root directory, emptied before every start so that a restart deploys the WAR once, as the first
 * start does.
 */
final class PayaraMicroNode extends ServerNode {
  PayaraMicroNode(String name, int port) {
    super(name, port);
  }

  @Override
  List<String> failureMarkers() {
    return List.of("Exception while loading the app", "CDI deployment failure");
  }

  @Override
  String readyMarker() {
    return ") ready in ";
  }

  @Override
  String base() {
    return "http://" + host() + "/kv";
  }

  @Override
  List<String> command() throws IOException {
    Path root = dir.resolve("root");
    if (Files.exists(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Path preboot = dir.resolve("preboot.asadmin");
    Files.writeString(
        preboot,
        "set configs.config.server-config.network-config.network-listeners.network-listener"
            + ".http-listener.address=127.0.0.1\n");
    return javaCommand(
        "-Xmx384m",
        "-Xss512k",
        "-jar",
        SERVERS.resolve("payara-micro.jar").toAbsolutePath().toString(),
        "--deploy",
        SERVERS.resolve("kv.war").toAbsolutePath().toString(),
        "--port",
        String.valueOf(port),
        "--nocluster",
        "--rootdir",
        root.toAbsolutePath().toString(),
        "--prebootcommandfile",
        preboot.toAbsolutePath().toString(),
        "--logtofile",
        dir.resolve("server.log").toAbsolutePath().toString());
  }
}
