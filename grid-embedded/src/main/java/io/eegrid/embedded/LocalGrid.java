package io.eegrid.embedded;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.ConnectionStats;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.HandlerOptions;
import io.eegrid.Response;
import io.eegrid.Stream;
import io.eegrid.websocket.GridEndpoint;
import io.eegrid.websocket.WebSocketDialer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.glassfish.tyrus.client.ClientManager;

/**
 * Starts a local grid of N nodes in this process, each with its own Tyrus server on 127.0.0.1 and
 * an ephemeral port, runs a short demo workload between them (single requests both ways, a two-way
 * stream, a burst of concurrent requests), prints what happened and closes everything.
 *
 * <pre>
 * java -jar grid-embedded/target/grid-embedded.jar [--nodes 3] [--requests 20000]
 * </pre>
 *
 * <p>Until the CDI embedded default exists (its own issue), this is the engine wired by hand.
 */
public final class LocalGrid {
  private static final String PATH = "/grid/v1";

  private LocalGrid() {}

  public static void main(String[] args) throws Exception {
    int nodes = 3;
    int requests = 20_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: LocalGrid [--nodes N] [--requests M]; unknown " + args[i]);
          System.exit(2);
        }
      }
    }
    if (nodes < 2) {
      System.err.println("--nodes must be at least 2");
      System.exit(2);
    }
    run(nodes, requests);
  }

  static void run(int n, int requests) throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    GridConfig config = GridConfig.defaults();
    AtomicReferenceArray<GridManager> grids = new AtomicReferenceArray<>(n);
    List<TyrusGridServer> servers = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    ClientManager client = ClientManager.createClient();
    try {
      for (int i = 0; i < n; i++) {
        int node = i;
        TyrusGridServer server =
            TyrusGridServer.start(
                "127.0.0.1",
                0,
                config.maxFrameBytes(),
                GridEndpoint.config(() -> grids.get(node), PATH));
        servers.add(server);
        hosts.add("127.0.0.1:" + server.port());
      }
      for (int i = 0; i < n; i++) {
        String self = hosts.get(i);
        GridManager grid =
            GridManager.builder()
                .localHost(self)
                .hosts(hosts)
                .secret(secret)
                .config(config)
                .dialer(new WebSocketDialer(client, PATH, false))
                .handler("echo", (ctx, p) -> p)
                .handler(
                    "hello",
                    (ctx, p) ->
                        ("hello " + new String(p, StandardCharsets.UTF_8) + ", from " + self)
                            .getBytes(StandardCharsets.UTF_8))
                .streamHandler(
                    "upper",
                    (ctx, p, in, out) -> {
                      for (byte[] r; (r = in.next()) != null; ) {
                        out.send(
                            new String(r, StandardCharsets.UTF_8)
                                .toUpperCase(Locale.ROOT)
                                .getBytes(StandardCharsets.UTF_8));
                      }
                    },
                    HandlerOptions.defaults())
                .build();
        grids.set(i, grid);
      }
      System.out.printf("Starting %d nodes: %s%n", n, hosts);
      for (int i = 0; i < n; i++) {
        grids.get(i).start();
      }
      for (int i = 0; i < n; i++) {
        for (Connection c : grids.get(i).connections()) {
          if (!c.awaitConnected(Duration.ofSeconds(10))) {
            throw new IllegalStateException(c + " did not connect");
          }
        }
      }
      System.out.println("All " + n * (n - 1) / 2 + " links are up.");

      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (i != j) {
            Connection c = grids.get(i).connection(hosts.get(j));
            String reply =
                new String(
                    c.request("hello", ("node " + i).getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
            System.out.printf("  %s -> %s: %s%n", hosts.get(i), hosts.get(j), reply);
          }
        }
      }

      Connection c01 = grids.get(0).connection(hosts.get(1));
      try (Stream s = c01.newStream("upper", null, CallOptions.timeout(Duration.ofSeconds(10)))) {
        List<String> words = List.of("one", "websocket", "per", "pair", "of", "servers");
        for (String w : words) {
          s.send(w.getBytes(StandardCharsets.UTF_8));
        }
        s.closeRequests();
        List<String> back = new ArrayList<>();
        for (Response r : s) {
          back.add(new String(r.payload(), StandardCharsets.UTF_8));
        }
        System.out.printf(
            "  stream %s -> %s: sent %s, got %s%n", hosts.get(0), hosts.get(1), words, back);
      }

      byte[] payload = new byte[64];
      long start = System.nanoTime();
      int inFlight = 64;
      List<CompletableFuture<byte[]>> window = new ArrayList<>(inFlight);
      for (int k = 0; k < requests; k += inFlight) {
        window.clear();
        for (int m = 0; m < inFlight && k + m < requests; m++) {
          window.add(c01.requestAsync("echo", payload, CallOptions.defaults()));
        }
        for (CompletableFuture<byte[]> f : window) {
          f.get(10, TimeUnit.SECONDS);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "  %d single requests of 64 B, %d in flight, %s -> %s: %.0f calls/s%n",
          requests, inFlight, hosts.get(0), hosts.get(1), requests / seconds);

      int one = Math.min(requests, 5_000);
      start = System.nanoTime();
      for (int k = 0; k < one; k++) {
        c01.request("echo", payload);
      }
      seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "  %d single requests of 64 B, 1 in flight: %.0f calls/s, %.0f us each%n",
          one, one / seconds, seconds * 1e6 / one);

      System.out.println("Connection stats:");
      for (int i = 0; i < n; i++) {
        for (Connection c : grids.get(i).connections()) {
          ConnectionStats s = c.stats();
          System.out.printf(
              "  %s -> %s: %s, out %d msgs in %d frames (%d B), in %d msgs (%d B), rtt %s,"
                  + " open calls %d/%d%n",
              c.localHost(),
              c.remoteHost(),
              s.state(),
              s.messagesOut(),
              s.framesOut(),
              s.bytesOut(),
              s.messagesIn(),
              s.bytesIn(),
              s.lastRoundTrip() == null ? "-" : s.lastRoundTrip().toNanos() / 1000 + " us",
              s.outgoingCalls(),
              s.incomingCalls());
        }
      }
    } finally {
      for (int i = 0; i < n; i++) {
        GridManager g = grids.get(i);
        if (g != null) {
          g.close();
        }
      }
      for (TyrusGridServer s : servers) {
        s.close();
      }
      client.shutdown();
    }
    System.out.println("Local grid closed.");
  }
}
