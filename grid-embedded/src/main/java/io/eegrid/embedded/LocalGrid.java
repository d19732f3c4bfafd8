package io.eegrid.embedded;

import io.eegrid.embedded.demo.DemoRun;
import io.eegrid.embedded.demo.EchoHandler;
import io.eegrid.embedded.demo.HelloHandler;
import io.eegrid.embedded.demo.UpperHandler;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a local grid of N nodes on the embedded default, one process per node (each an {@link
 * EmbeddedNode}: Weld SE + Tyrus on 127.0.0.1 + SmallRye Config around the EE Grid CDI extension),
 * running the demo application of {@link io.eegrid.embedded.demo}. Prints what every node did, then
 * stops the nodes gracefully and checks that each exited cleanly.
 *
 * <pre>
 * java -jar grid-embedded/target/grid-embedded.jar [--nodes 3] [--requests 20000] [--keep]
 * </pre>
 *
 * With {@code --keep} the grid runs until Ctrl-C. Exit status 0 when every node ran the demo and
 * stopped cleanly, 1 otherwise.
 */
public final class LocalGrid {
  private static final List<Class<?>> DEMO =
      List.of(HelloHandler.class, EchoHandler.class, UpperHandler.class, DemoRun.class);

  private LocalGrid() {}

  public static void main(String[] args) throws Exception {
    int nodes = 3;
    int requests = 20_000;
    boolean keep = false;
    Path app = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--app" -> app = Path.of(args[++i]);
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--keep" -> keep = true;
        default -> {
          System.err.println(
              "usage: LocalGrid [--nodes N] [--app classes-dir-or-jar] [--requests M] [--keep];"
                  + " unknown "
                  + args[i]);
          System.exit(2);
        }
      }
    }
    if (nodes < 2 || nodes > 16) {
      System.err.println("--nodes must be between 2 and 16");
      System.exit(2);
    }
    if (app != null && !Files.exists(app)) {
      System.err.println(
          "--app " + app + " does not exist (build it first: mvn -q -DskipTests package)");
      System.exit(2);
    }
    System.exit(run(nodes, requests, keep, app) ? 0 : 1);
  }

  static boolean run(int n, int requests, boolean keep) throws Exception {
    return run(n, requests, keep, null);
  }

  /**
   * Runs {@code n} node processes. Without {@code app}, each runs the built-in demo and prints what
   * it did. With {@code app} (a classes directory or jar holding a bean archive, such as the
   * example application), each runs that application, found by CDI discovery, and this process then
   * takes the example's REST API on a short tour.
   */
  public static boolean run(int n, int requests, boolean keep, Path app) throws Exception {
    List<String> hosts = freeLoopbackHosts(n);
    Path secret = Files.createTempFile("eegrid-secret", ".txt");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Files.writeString(secret, Base64.getEncoder().encodeToString(random));

    System.out.printf("Starting %d nodes, one process each: %s%n", n, hosts);
    List<Node> started = new ArrayList<>();
    CountDownLatch finished = new CountDownLatch(n);
    AtomicBoolean failed = new AtomicBoolean();
    try {
      for (int i = 0; i < n; i++) {
        started.add(Node.spawn(i + 1, hosts, secret, requests, app, finished, failed));
      }
      if (!finished.await(120, TimeUnit.SECONDS)) {
        System.out.println(
            app == null
                ? "The demo did not finish within 120 s on every node."
                : "The nodes did not start within 120 s.");
        failed.set(true);
      }
      if (app != null && !failed.get()) {
        if (!ExampleTour.run(hosts, () -> started.get(n - 1).stopAndWait(failed))) {
          failed.set(true);
        }
      }
      if (keep && !failed.get()) {
        System.out.println("The grid keeps running; press Ctrl-C to stop it.");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started, failed)));
        forever.await();
      }
    } finally {
      stopAll(started, failed);
      Files.deleteIfExists(secret);
    }
    System.out.println(
        failed.get() ? "Local grid: something failed (see above)." : "Local grid stopped cleanly.");
    return !failed.get();
  }

  private static synchronized void stopAll(List<Node> nodes, AtomicBoolean failed) {
    for (Node node : nodes) {
      node.requestStop();
    }
    for (Node node : nodes) {
      node.awaitExit(failed);
    }
    nodes.clear();
  }

  /**
   * {@code n} host names on loopback ("127.0.0.1:port") whose ports are free right now: bound all
   * at once, then released for the nodes to bind.
   */
  public static List<String> freeLoopbackHosts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(s -> "127.0.0.1:" + s.getLocalPort()).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** One node process; its output is printed with the node's number in front. */
  private static final class Node {
    private final int number;
    private final Process process;
    private boolean exited; // only touched by the launcher's main thread

    private Node(int number, Process process) {
      this.number = number;
      this.process = process;
    }

    static Node spawn(
        int number,
        List<String> hosts,
        Path secret,
        int requests,
        Path app,
        CountDownLatch finished,
        AtomicBoolean failed)
        throws IOException {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(System.getProperty("java.home") + "/bin/java");
      List<String> cmd = new ArrayList<>();
      cmd.add(java);
      cmd.add("-Xmx256m");
      cmd.add("-Djava.util.logging.config.class=" + QuietLogging.class.getName());
      cmd.add("-cp");
      String classPath = System.getProperty("java.class.path");
      if (app != null) {
        classPath += File.pathSeparator + app.toAbsolutePath();
      }
      cmd.add(classPath);
      cmd.add(EmbeddedNode.class.getName());
      cmd.add("--local");
      cmd.add(hosts.get(number - 1));
      cmd.add("--peers");
      cmd.add(String.join(",", hosts));
      cmd.add("--secret-file");
      cmd.add(secret.toString());
      cmd.add("--stop-on-eof");
      if (app == null) {
        cmd.add("--set");
        cmd.add("demo.requests=" + requests);
        for (Class<?> c : DEMO) {
          cmd.add("--bean");
          cmd.add(c.getName());
        }
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Node node = new Node(number, p);
      String done = app == null ? "DEMO DONE" : "READY";
      Thread reader =
          new Thread(() -> node.pump(done, finished, failed), "eegrid-local-grid-out-" + number);
      reader.setDaemon(true);
      reader.start();
      return node;
    }

    private void pump(String done, CountDownLatch finished, AtomicBoolean failed) {
      boolean counted = false;
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.out.println("[node " + number + "] " + line);
          if (!counted && (line.startsWith(done) || line.startsWith("DEMO FAILED"))) {
            counted = true;
            if (line.startsWith("DEMO FAILED")) {
              failed.set(true);
            }
            finished.countDown();
          }
        }
      } catch (IOException e) {
        System.out.println("[node " + number + "] output lost: " + e);
      }
      if (!counted) {
        failed.set(true);
        finished.countDown();
      }
    }

    /** Stops this node and waits until it has exited (for the tour's "node down" step). */
    void stopAndWait(AtomicBoolean failed) {
      requestStop();
      awaitExit(failed);
    }

    /** Closes the node's standard input: it closes its grid gracefully and exits. */
    void requestStop() {
      try {
        OutputStream in = process.getOutputStream();
        in.close();
      } catch (IOException e) {
        process.destroy();
      }
    }

    void awaitExit(AtomicBoolean failed) {
      if (exited) {
        return;
      }
      exited = true;
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          System.out.println("[node " + number + "] did not stop within 30 s; killing it");
          process.destroyForcibly();
          failed.set(true);
          return;
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        return;
      }
      int code = process.exitValue();
      System.out.println("[node " + number + "] stopped, exit status " + code);
      if (code != 0) {
        failed.set(true);
      }
    }
  }
}
