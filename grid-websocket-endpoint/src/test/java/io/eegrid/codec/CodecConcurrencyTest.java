package io.eegrid.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A shared codec used from several threads gives each thread its own correct results. */
@Timeout(10)
class CodecConcurrencyTest {
  record Entry(int thread, int index, String label, List<Long> values, Map<String, Integer> tags) {}

  @Test
  void fourThreadsRoundTripTenThousandValuesEach() throws Exception {
    Codec<Entry> codec = Codecs.of(Entry.class);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 10_000; i++) {
                    Entry entry =
                        new Entry(
                            thread,
                            i,
                            "t" + thread + "-" + i,
                            List.of((long) i, (long) thread * i),
                            Map.of("i", i));
                    Entry back = Codecs.fromBytes(codec, Codecs.toBytes(codec, entry));
                    if (back.equals(entry)) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get(8, TimeUnit.SECONDS)).isEqualTo(10_000);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void codecCallingToBytesFromInsideEncodeDoesNotCorruptTheOuterValue() {
    Codec<CodecWireFormatTest.Point> inner = Codecs.of(CodecWireFormatTest.Point.class);
    Codec<Nested> codec = Codecs.of(Nested.class);
    Nested nested = new Nested(Codecs.toBytes(inner, new CodecWireFormatTest.Point(1, "a")), "z");

    Nested back = Codecs.fromBytes(codec, Codecs.toBytes(codec, nested));

    assertThat(Codecs.fromBytes(inner, back.payload()))
        .isEqualTo(new CodecWireFormatTest.Point(1, "a"));
    assertThat(back.tail()).isEqualTo("z");
  }

  record Nested(byte[] payload, String tail) {}
}
