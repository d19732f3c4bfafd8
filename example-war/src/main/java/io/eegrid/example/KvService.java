package io.eegrid.example;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.GridException;
import io.eegrid.GridManager;
import io.eegrid.RemoteException;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridCall;
import io.eegrid.cdi.PeerRejected;
import io.eegrid.example.Handlers.InfoHandler;
import io.eegrid.example.Messages.Deleted;
import io.eegrid.example.Messages.Entry;
import io.eegrid.example.Messages.Found;
import io.eegrid.example.Messages.InfoRequest;
import io.eegrid.example.Messages.Key;
import io.eegrid.example.Messages.NodeInfo;
import io.eegrid.example.Messages.Put;
import io.eegrid.example.Messages.Scan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store as the REST layer sees it: every operation goes to the key's owner, locally or over the
 * grid. Thread-safe; the counters are per peer.
 */
@ApplicationScoped
public class KvService {
  static final CallOptions SINGLE = CallOptions.timeout(Duration.ofSeconds(5));
  static final CallOptions SCAN = CallOptions.timeout(Duration.ofSeconds(30));

  @Inject GridManager grid;
  @Inject Owners owners;
  @Inject Store store;
  @Inject InfoHandler info;

  @Inject
  @GridCall("kv.put")
  TypedSingle<Put, Found> put;

  @Inject
  @GridCall("kv.get")
  TypedSingle<Key, Found> get;

  @Inject
  @GridCall("kv.delete")
  TypedSingle<Key, Deleted> delete;

  @Inject
  @GridCall("kv.scan")
  TypedStream<Scan, Void, Entry> scan;

  @Inject
  @GridCall("node.info")
  TypedSingle<InfoRequest, NodeInfo> nodeInfo;

  private final Map<String, String> rejections = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> callsOk = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> callsFailed = new ConcurrentHashMap<>();

  public Found put(String key, String value) {
    String owner = owners.owner(key);
    if (owners.isLocal(owner)) {
      store.put(key, value);
      return new Found(true, value, owner);
    }
    return remote(owner, () -> put.call(connection(owner), new Put(key, value), SINGLE));
  }

  public Found get(String key) {
    String owner = owners.owner(key);
    if (owners.isLocal(owner)) {
      String value = store.get(key);
      return new Found(value != null, value, owner);
    }
    return remote(owner, () -> get.call(connection(owner), new Key(key), SINGLE));
  }

  public Deleted delete(String key) {
    String owner = owners.owner(key);
    if (owners.isLocal(owner)) {
      return new Deleted(store.remove(key), owner);
    }
    return remote(owner, () -> delete.call(connection(owner), new Key(key), SINGLE));
  }

  /**
   * The entries under {@code prefix} on every node, merged in key order, at most {@code limit}.
   * Each peer streams its share; the merge reads one entry ahead per stream, so a node's scan waits
   * for the reader instead of filling memory.
   */
  public List<Entry> scan(String prefix, int limit) {
    List<Source> sources = new ArrayList<>();
    try {
      List<Entry> local = new ArrayList<>();
      for (Map.Entry<String, String> e : store.scan(prefix)) {
        local.add(new Entry(e.getKey(), e.getValue(), grid.localHost()));
        if (local.size() >= limit) {
          break;
        }
      }
      sources.add(new Source(grid.localHost(), local.iterator(), null));
      for (Connection c : grid.connections()) {
        String node = c.remoteHost();
        TypedStream.Call<Void, Entry> call =
            remote(node, () -> scan.open(c, new Scan(prefix), SCAN));
        sources.add(new Source(node, null, call));
      }
      PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing(h -> h.entry.key()));
      for (Source s : sources) {
        s.advance(this, heads);
      }
      List<Entry> merged = new ArrayList<>();
      while (!heads.isEmpty() && merged.size() < limit) {
        Head h = heads.poll();
        merged.add(h.entry);
        h.source.advance(this, heads);
      }
      return merged;
    } finally {
      for (Source s : sources) {
        if (s.call != null) {
          s.call.close(); // cancels a stream that was not read to its end (limit reached)
        }
      }
    }
  }

  private record Head(Entry entry, Source source) {}

  private record Source(
      String node, java.util.Iterator<Entry> local, TypedStream.Call<Void, Entry> call) {
    void advance(KvService service, PriorityQueue<Head> heads) {
      Entry next;
      if (local != null) {
        next = local.hasNext() ? local.next() : null;
      } else {
        next = service.remote(node, call::next);
      }
      if (next != null) {
        heads.add(new Head(next, this));
      }
    }
  }

  /** What every node says about itself (this one included), asked of all peers at once. */
  public Map<String, Object> cluster() {
    Map<String, CompletableFuture<NodeInfo>> asked = new LinkedHashMap<>();
    for (Connection c : grid.connections()) {
      asked.put(c.remoteHost(), nodeInfo.callAsync(c, new InfoRequest(grid.localHost()), SINGLE));
    }
    Map<String, Object> nodes = new LinkedHashMap<>();
    nodes.put(grid.localHost(), info.info());
    for (Map.Entry<String, CompletableFuture<NodeInfo>> a : asked.entrySet()) {
      String node = a.getKey();
      try {
        nodes.put(
            node, a.getValue().get(SINGLE.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS));
        count(callsOk, node);
      } catch (ExecutionException | TimeoutException e) {
        count(callsFailed, node);
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        nodes.put(node, Map.of("node", node, "unavailable", String.valueOf(cause.getMessage())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NodeUnavailableException(node, e);
      }
    }
    return nodes;
  }

  /** Per peer: connection state, round trip, the grid's counters and this application's calls. */
  public List<Map<String, Object>> status() {
    List<Map<String, Object>> peers = new ArrayList<>();
    for (Connection c : grid.connections()) {
      var s = c.stats();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("node", c.remoteHost());
      p.put("state", s.state().name());
      p.put("rttMicros", s.lastRoundTrip() == null ? null : s.lastRoundTrip().toNanos() / 1000);
      p.put("callsOk", callsOk.getOrDefault(c.remoteHost(), new AtomicLong()).get());
      p.put("callsFailed", callsFailed.getOrDefault(c.remoteHost(), new AtomicLong()).get());
      p.put("messagesOut", s.messagesOut());
      p.put("messagesIn", s.messagesIn());
      p.put("openCallsOut", s.outgoingCalls());
      p.put("openCallsIn", s.incomingCalls());
      p.put("reconnects", s.reconnects());
      peers.add(p);
    }
    return peers;
  }

  /** Remembers the last handshake refusal per remote, for the status page. Must not block. */
  void rejected(@Observes PeerRejected event) {
    rejections.put(
        event.remote(), (event.byRemote() ? "refused by it: " : "refused it: ") + event.reason());
  }

  /** The last handshake refusal per remote (this node refused it, or it refused this node). */
  public Map<String, String> rejections() {
    return Map.copyOf(rejections);
  }

  private Connection connection(String node) {
    return grid.connection(node);
  }

  /** Runs a call to {@code node}; a failure of the link (not of the handler) names the node. */
  private <T> T remote(String node, java.util.function.Supplier<T> call) {
    try {
      T result = call.get();
      count(callsOk, node);
      return result;
    } catch (RemoteException e) {
      count(callsFailed, node);
      throw e; // the handler failed: the owner answered
    } catch (GridException e) {
      count(callsFailed, node);
      throw new NodeUnavailableException(node, e);
    }
  }

  private static void count(Map<String, AtomicLong> counters, String node) {
    counters.computeIfAbsent(node, n -> new AtomicLong()).incrementAndGet();
  }
}
