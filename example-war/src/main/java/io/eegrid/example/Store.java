package io.eegrid.example;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** This node's share of the keys, sorted so that scans come out in order. Thread-safe. */
@ApplicationScoped
public class Store {
  private final ConcurrentSkipListMap<String, String> entries = new ConcurrentSkipListMap<>();

  public void put(String key, String value) {
    entries.put(key, value);
  }

  public String get(String key) {
    return entries.get(key);
  }

  public boolean remove(String key) {
    return entries.remove(key) != null;
  }

  /** The entries whose key starts with {@code prefix}, in key order (a live view). */
  public Iterable<Map.Entry<String, String>> scan(String prefix) {
    NavigableMap<String, String> tail = entries.tailMap(prefix, true);
    return () -> tail.entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix)).iterator();
  }

  public int size() {
    return entries.size();
  }
}
