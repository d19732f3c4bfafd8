package io.eegrid.bench;

import io.eegrid.CallContext;
import io.eegrid.Connection;
import io.eegrid.TypedSingle;
import io.eegrid.codec.Codec;
import io.eegrid.codec.Codecs;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A typed single request with small records ({@link #typedRequest}, blocking, EE Grid), and the
 * codec work of that call alone ({@link #codecOnly}: encode and decode the request and the
 * response, as the caller and the handler side do, without the network).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@org.openjdk.jmh.annotations.Warmup(iterations = 1, time = 1, timeUnit = TimeUnit.SECONDS)
public class TypedRequestBench {
  /** The request: a key and a version. */
  public record Lookup(String key, long version) {}

  /** The response: the key, its version and a 32-byte value. */
  public record Found(String key, long version, byte[] value) {}

  /** The typed call; {@link GridSubject} serves it with {@link #found}. */
  static final TypedSingle<Lookup, Found> LOOKUP =
      TypedSingle.of("bench.lookup", Lookup.class, Found.class);

  private static final byte[] VALUE = new byte[32];

  static Found found(CallContext context, Lookup request) {
    return new Found(request.key(), request.version(), VALUE);
  }

  /** A connected grid. */
  @State(Scope.Benchmark)
  public static class Grid {
    GridSubject grid;
    Connection caller;
    final Lookup request = new Lookup("bucket/object-0001", 42L);

    @Setup(Level.Trial)
    public void start() throws Exception {
      grid = new GridSubject(false);
      caller = grid.caller();
    }

    @TearDown(Level.Trial)
    public void stop() {
      grid.close();
    }
  }

  /** The codecs the call uses, and one request and response. */
  @State(Scope.Benchmark)
  public static class Values {
    final Codec<Lookup> lookup = Codecs.of(Lookup.class);
    final Codec<Found> found = Codecs.of(Found.class);
    final Lookup request = new Lookup("bucket/object-0001", 42L);
    final Found response = new Found("bucket/object-0001", 42L, VALUE);
  }

  @Benchmark
  public Found typedRequest(Grid g) {
    return LOOKUP.call(g.caller, g.request);
  }

  @Benchmark
  public Found codecOnly(Values v) {
    Lookup q = Codecs.fromBytes(v.lookup, Codecs.toBytes(v.lookup, v.request));
    Found r = found(null, q);
    return Codecs.fromBytes(v.found, Codecs.toBytes(v.found, r));
  }
}
