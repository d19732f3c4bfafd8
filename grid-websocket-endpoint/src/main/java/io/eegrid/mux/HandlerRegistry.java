package io.eegrid.mux;

import io.eegrid.HandlerOptions;
import io.eegrid.SingleHandler;
import io.eegrid.StreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers a node serves, by name and subroute. Thread-safe (a concurrent map), so handlers may
 * be registered while connections are open; lookups never block.
 */
public final class HandlerRegistry {
  /** A registered handler: exactly one of {@code single} and {@code stream} is set. */
  public record Entry(
      String name, HandlerOptions options, SingleHandler single, StreamHandler stream) {}

  private record Key(String name, String subroute) {}

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

  /**
   * Registers a {@link SingleHandler} or {@link StreamHandler}.
   *
   * @throws IllegalArgumentException if the name is empty or too long, or the name and subroute are
   *     taken
   */
  public void register(String name, HandlerOptions options, Object handler) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 256) {
      throw new IllegalArgumentException(
          "handler name must be 1 to 256 UTF-8 bytes, was \"" + name + "\"");
    }
    Entry entry;
    if (handler instanceof SingleHandler single) {
      entry = new Entry(name, options, single, null);
    } else if (handler instanceof StreamHandler stream) {
      entry = new Entry(name, options, null, stream);
    } else {
      throw new IllegalArgumentException(
          "handler for \""
              + name
              + "\" is a "
              + handler.getClass().getName()
              + ", not a SingleHandler or StreamHandler");
    }
    Entry previous = entries.putIfAbsent(new Key(name, options.subroute()), entry);
    if (previous != null) {
      throw new IllegalArgumentException(
          "handler \""
              + name
              + "\""
              + (options.subroute() == null ? "" : " subroute \"" + options.subroute() + "\"")
              + " is already registered");
    }
  }

  /** The handler for {@code name} and {@code subroute} (null for none), or null. */
  public Entry lookup(String name, String subroute) {
    return name == null ? null : entries.get(new Key(name, subroute));
  }

  /** How many handlers are registered. */
  public int size() {
    return entries.size();
  }
}
