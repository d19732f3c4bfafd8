package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reference 6, TestShouldConnect: exactly one side of each pair dials, and dialing is spread. */
@Timeout(10)
class DialRuleTest {
  @Test
  void exactlyOneSideOfEachPairDialsAndEachHostDialsSome() {
    List<String> hosts = new ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) {
      hosts.add(String.valueOf(c));
    }
    for (char c = '0'; c <= '8'; c++) {
      hosts.add(String.valueOf(c));
    }
    assertThat(hosts).hasSize(35);
    for (String a : hosts) {
      int dials = 0;
      for (String b : hosts) {
        if (!a.equals(b)) {
          assertThat(DialRule.dials(a, b))
              .as("%s dials %s", a, b)
              .isNotEqualTo(DialRule.dials(b, a));
          dials += DialRule.dials(a, b) ? 1 : 0;
        }
      }
      assertThat(dials).as("hosts %s dials", a).isGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void theRuleIsTheDocumentedHash() {
    // docs/PROTOCOL.md, "Who dials": 10.0.0.2:8080 dials 10.0.0.1:8080.
    assertThat(DialRule.dials("10.0.0.2:8080", "10.0.0.1:8080")).isTrue();
    assertThat(DialRule.dials("10.0.0.1:8080", "10.0.0.2:8080")).isFalse();
  }

  @Test
  void aNodeDoesNotDialItself() {
    assertThatThrownBy(() -> DialRule.dials("a", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("itself");
  }
}
