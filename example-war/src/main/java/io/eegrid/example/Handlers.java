package io.eegrid.example;

import io.eegrid.CallContext;
import io.eegrid.GridManager;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridHandler;
import io.eegrid.example.Messages.Deleted;
import io.eegrid.example.Messages.Entry;
import io.eegrid.example.Messages.Found;
import io.eegrid.example.Messages.InfoRequest;
import io.eegrid.example.Messages.Key;
import io.eegrid.example.Messages.NodeInfo;
import io.eegrid.example.Messages.Put;
import io.eegrid.example.Messages.Scan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** The grid handlers of the key-value store: each serves this node's share of the keys. */
public final class Handlers {
  private Handlers() {}

  /** Stores a value owned by this node. */
  @ApplicationScoped
  @GridHandler("kv.put")
  public static class PutHandler implements TypedSingle.Handler<Put, Found> {
    @Inject Store store;
    @Inject GridManager grid;

    @Override
    public Found handle(CallContext context, Put put) {
      store.put(put.key(), put.value());
      return new Found(true, put.value(), grid.localHost());
    }
  }

  /** Reads a value owned by this node. */
  @ApplicationScoped
  @GridHandler("kv.get")
  public static class GetHandler implements TypedSingle.Handler<Key, Found> {
    @Inject Store store;
    @Inject GridManager grid;

    @Override
    public Found handle(CallContext context, Key key) {
      String value = store.get(key.key());
      return new Found(value != null, value, grid.localHost());
    }
  }

  /** Deletes a value owned by this node. */
  @ApplicationScoped
  @GridHandler("kv.delete")
  public static class DeleteHandler implements TypedSingle.Handler<Key, Deleted> {
    @Inject Store store;
    @Inject GridManager grid;

    @Override
    public Deleted handle(CallContext context, Key key) {
      return new Deleted(store.remove(key.key()), grid.localHost());
    }
  }

  /**
   * Streams this node's entries under a prefix, in key order. The response window holds the scan
   * back when the caller reads slowly: the whole share is never buffered.
   */
  @ApplicationScoped
  @GridHandler(value = "kv.scan", responseWindow = 64)
  public static class ScanHandler implements TypedStream.Handler<Scan, Void, Entry> {
    @Inject Store store;
    @Inject GridManager grid;

    @Override
    public void handle(
        CallContext context,
        Scan scan,
        TypedStream.Requests<Void> requests,
        TypedStream.Responses<Entry> responses) {
      for (Map.Entry<String, String> e : store.scan(scan.prefix())) {
        if (context.isCancelled()) {
          return;
        }
        responses.send(new Entry(e.getKey(), e.getValue(), grid.localHost()));
      }
    }
  }

  /** Says who this node is and how many keys it holds. */
  @ApplicationScoped
  @GridHandler("node.info")
  public static class InfoHandler implements TypedSingle.Handler<InfoRequest, NodeInfo> {
    private final long startedAt = System.currentTimeMillis();
    @Inject Store store;
    @Inject GridManager grid;

    @Override
    public NodeInfo handle(CallContext context, InfoRequest request) {
      return info();
    }

    public NodeInfo info() {
      return new NodeInfo(
          grid.localHost(),
          store.size(),
          startedAt,
          List.of("kv.put", "kv.get", "kv.delete", "kv.scan", "node.info"));
    }
  }
}
