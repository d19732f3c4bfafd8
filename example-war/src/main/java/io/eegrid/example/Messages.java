package io.eegrid.example;

import java.util.List;

/** The typed messages the nodes exchange over the grid (msgpack, codecs built at deployment). */
public final class Messages {
  private Messages() {}

  /** Store {@code value} under {@code key} on its owner. */
  public record Put(String key, String value) {}

  /** A key to read or delete. */
  public record Key(String key) {}

  /** The answer to a read: {@code found} false when the owner has no such key. */
  public record Found(boolean found, String value, String node) {}

  /** Whether a delete removed something. */
  public record Deleted(boolean removed, String node) {}

  /** Scan the keys that start with {@code prefix}, in order. */
  public record Scan(String prefix) {}

  /** One entry of a scan. */
  public record Entry(String key, String value, String node) {}

  /** Ask a node about itself. */
  public record InfoRequest(String from) {}

  /** What a node says about itself. */
  public record NodeInfo(String node, int keys, long startedAtMillis, List<String> handlers) {}
}
