package io.eegrid.embedded.demo;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.ConnectionStats;
import io.eegrid.GridManager;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridCall;
import io.eegrid.cdi.PeerConnected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Once the application has started, waits (on a thread of its own) for every peer, then calls each
 * peer's handlers and prints one line per result; ends with {@code DEMO DONE} or {@code DEMO
 * FAILED}.
 */
@ApplicationScoped
public class DemoRun {
  private static final PrintStream OUT = System.out;

  @Inject GridManager grid;

  @Inject
  @GridCall("demo.hello")
  TypedSingle<Hello, Greeting> hello;

  @Inject
  @GridCall("demo.upper")
  TypedStream<String, String, String> upper;

  @Inject
  @ConfigProperty(name = "demo.requests", defaultValue = "20000")
  int requests;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    Thread t = new Thread(this::run, "eegrid-demo");
    t.setDaemon(true);
    t.start();
  }

  void onConnected(@Observes PeerConnected event) {
    OUT.println("event: connected to " + event.host() + (event.restarted() ? " (restarted)" : ""));
  }

  private void run() {
    try {
      for (Connection c : grid.connections()) {
        if (!c.awaitConnected(Duration.ofSeconds(30))) {
          throw new IllegalStateException("no connection to " + c.remoteHost() + " after 30 s");
        }
      }
      List<Connection> peers = new ArrayList<>(grid.connections());
      for (Connection peer : peers) {
        Greeting g = hello.call(peer, new Hello(grid.localHost()));
        OUT.println("single  -> " + peer.remoteHost() + ": " + g.text());
      }
      Connection next = peers.get(0);
      List<String> back = new ArrayList<>();
      try (TypedStream.Call<String, String> call =
          upper.open(next, "> ", CallOptions.timeout(Duration.ofSeconds(20)))) {
        for (String w : List.of("one", "socket", "per", "pair")) {
          call.send(w);
          back.add(call.next());
        }
        call.closeRequests();
        if (call.next() != null) {
          throw new IllegalStateException("the stream sent more than asked");
        }
      }
      OUT.println("stream  -> " + next.remoteHost() + ": " + back);
      echoes(next);
      for (Connection c : peers) {
        ConnectionStats s = c.stats();
        OUT.printf(
            "stats   -> %s: %s, out %d msgs in %d frames, in %d msgs, rtt %s%n",
            c.remoteHost(),
            s.state(),
            s.messagesOut(),
            s.framesOut(),
            s.messagesIn(),
            s.lastRoundTrip() == null ? "-" : s.lastRoundTrip().toNanos() / 1000 + " us");
      }
      OUT.println("DEMO DONE");
    } catch (Exception | Error e) {
      OUT.println("DEMO FAILED: " + e);
      e.printStackTrace(OUT);
    }
  }

  private void echoes(Connection peer) throws Exception {
    byte[] payload = new byte[64];
    int inFlight = 64;
    long start = System.nanoTime();
    List<CompletableFuture<byte[]>> window = new ArrayList<>(inFlight);
    for (int k = 0; k < requests; k += inFlight) {
      window.clear();
      for (int m = 0; m < inFlight && k + m < requests; m++) {
        window.add(peer.requestAsync("demo.echo", payload, CallOptions.defaults()));
      }
      for (CompletableFuture<byte[]> f : window) {
        f.get(20, TimeUnit.SECONDS);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    OUT.printf(
        "echo    -> %s: %d single requests of 64 B, %d in flight: %.0f calls/s%n",
        peer.remoteHost(), requests, inFlight, requests / seconds);
  }
}
