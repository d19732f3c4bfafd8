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

  /** The entries without a subroute again, by name: the common lookup allocates no key. */
  private final ConcurrentHashMap<String, Entry> bySimpleName = new ConcurrentHashMap<>();

  /**
   * Registers a {@link SingleHandler} or {@link StreamHandler}.
   *
   * @throws IllegalArgumentException if the name is empty or too long, the name and subroute are
   *     taken, or a stream handler is declared non-blocking
   */
  public void register(String name, HandlerOptions options, Object handler) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("handler name must not be empty");
    }
    Entry entry;
    if (handler instanceof SingleHandler single) {
      entry = new Entry(name, options, single, null);
    } else if (handler instanceof StreamHandler stream) {
      if (options.nonBlocking()) {
        throw new IllegalArgumentException(
            "stream handler \""
                + name
                + "\" cannot be non-blocking: a stream handler waits for credits and requests,"
                + " which must not happen on an I/O thread");
      }
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
    if (options.subroute() == null) {
      bySimpleName.put(name, entry);
    }
  }

  /** The handler for {@code name} and {@code subroute} (null for none), or null. */
  public Entry lookup(String name, String subroute) {
    if (name == null) {
      return null;
    }
    return subroute == null ? bySimpleName.get(name) : entries.get(new Key(name, subroute));
  }

  /**
   * Checks every registration against {@code config}'s limits; throws naming each handler that
   * breaks one.
   */
  public void validate(io.eegrid.GridConfig config) {
    StringBuilder problems = new StringBuilder();
    for (Entry e : entries.values()) {
      String sub = e.options().subroute();
      String what =
          "handler \"" + e.name() + "\"" + (sub == null ? "" : " subroute \"" + sub + "\"");
      if (e.name().getBytes(StandardCharsets.UTF_8).length > config.maxNameBytes()
          || (sub != null && sub.getBytes(StandardCharsets.UTF_8).length > config.maxNameBytes())) {
        problems
            .append("\n  ")
            .append(what)
            .append(": name or subroute over maxNameBytes ")
            .append(config.maxNameBytes());
      }
      if (e.stream() != null
          && Math.max(e.options().requestWindow(), e.options().responseWindow())
              > config.maxStreamWindow()) {
        problems
            .append("\n  ")
            .append(what)
            .append(": windows ")
            .append(e.options().requestWindow())
            .append("/")
            .append(e.options().responseWindow())
            .append(" over maxStreamWindow ")
            .append(config.maxStreamWindow());
      }
    }
    if (problems.length() > 0) {
      throw new IllegalArgumentException("invalid handler registrations:" + problems);
    }
  }

  /** A registry holding the same registrations, independent of this one from now on. */
  public HandlerRegistry copy() {
    HandlerRegistry c = new HandlerRegistry();
    c.entries.putAll(entries);
    c.bySimpleName.putAll(bySimpleName);
    return c;
  }

  /** How many handlers are registered. */
  public int size() {
    return entries.size();
  }
}
