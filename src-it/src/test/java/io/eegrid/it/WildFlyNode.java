package io.eegrid.it;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * WildFly 39 (Undertow, Weld, SmallRye Config): a copy of {@code standalone/} per instance as its
 * base directory, the WAR in its deployments, ports shifted by {@code port-offset} so that HTTP is
 * on the node's port, bound to 127.0.0.1. The launcher script keeps the JVM in the background and
 * writes its pid, which receives the stopping signal.
 */
final class WildFlyNode extends ServerNode {
  private static final Path HOME = SERVERS.resolve("wildfly-39.0.1.Final");

  WildFlyNode(String name, int port) {
    super(name, port);
    if (port < 8080 || port > 63000) {
      throw new IllegalArgumentException("port " + port + " cannot be reached by a port offset");
    }
  }

  @Override
  List<String> failureMarkers() {
    return List.of("WFLYCTL0013", "WFLYSRV0026");
  }

  @Override
  String base() {
    return "http://" + host() + "/kv";
  }

  private Path baseDir() {
    return dir.resolve("standalone");
  }

  @Override
  void start(List<String> peers, String secret) throws IOException {
    if (!Files.exists(baseDir())) {
      copyTree(HOME.resolve("standalone"), baseDir());
    }
    Files.copy(
        SERVERS.resolve("kv.war"),
        baseDir().resolve("deployments").resolve("kv.war"),
        StandardCopyOption.REPLACE_EXISTING);
    for (String stale : List.of("kv.war.deployed", "kv.war.failed", "kv.war.undeployed")) {
      Files.deleteIfExists(baseDir().resolve("deployments").resolve(stale));
    }
    Files.deleteIfExists(dir.resolve("java.pid"));
    super.start(peers, secret);
  }

  @Override
  List<String> command() {
    return List.of(
        "bash",
        HOME.resolve("bin/standalone.sh").toAbsolutePath().toString(),
        "-Djboss.server.base.dir=" + baseDir().toAbsolutePath(),
        "-Djboss.socket.binding.port-offset=" + (port - 8080),
        "-b",
        "127.0.0.1",
        "-bmanagement",
        "127.0.0.1");
  }

  @Override
  void environment(Map<String, String> env) {
    env.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
    env.put("JBOSS_PIDFILE", dir.resolve("java.pid").toAbsolutePath().toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put(
        "JAVA_OPTS",
        "-Xms64m -Xmx384m -Xss512k -XX:MaxMetaspaceSize=256m -Djava.net.preferIPv4Stack=true"
            + " -Djava.awt.headless=true");
  }

  @Override
  void stop() throws InterruptedException {
    Optional<ProcessHandle> jvm = javaProcess();
    if (jvm.isPresent()) {
      jvm.get().destroy();
      try {
        jvm.get().onExit().get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        jvm.get().destroyForcibly();
      }
    }
    super.stop();
  }

  private Optional<ProcessHandle> javaProcess() {
    try {
      return ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("java.pid")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(d).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.copy(f, to.resolve(from.relativize(f).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
