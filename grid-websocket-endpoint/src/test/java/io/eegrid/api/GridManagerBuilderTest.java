package io.eegrid.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.HandlerOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Everything wrong with a grid's setup is refused when it is built, with a message naming it. */
@Timeout(10)
class GridManagerBuilderTest {
  private static GridManager.Builder valid() {
    return GridManager.builder()
        .localHost("a:1")
        .hosts(List.of("a:1", "b:1"))
        .secret("a long enough secret")
        .dialer((remote, headers, listener, timeout, max) -> null);
  }

  @Test
  void missingSettingsAreNamed() {
    assertThatThrownBy(() -> GridManager.builder().build()).hasMessageContaining("localHost");
    assertThatThrownBy(() -> GridManager.builder().localHost("a:1").build())
        .hasMessageContaining("secret");
    assertThatThrownBy(() -> GridManager.builder().localHost("a:1").secret("12345678").build())
        .hasMessageContaining("dialer");
  }

  @Test
  void theLocalHostMustBeListedOnce() {
    assertThatThrownBy(() -> valid().hosts(List.of("b:1", "c:1")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("local host a:1 exactly once");
    assertThatThrownBy(() -> valid().hosts(List.of("a:1", "b:1", "b:1")).build())
        .hasMessageContaining("b:1 twice");
    assertThatThrownBy(() -> valid().hosts(List.of("a:1", " ")).build())
        .hasMessageContaining("empty host name");
  }

  @Test
  void shortSecretsAreRefused() {
    assertThatThrownBy(() -> valid().secret("short")).hasMessageContaining("at least 8 bytes");
  }

  @Test
  void shortPreviousSecretsAreRefusedAndNullRemovesIt() {
    assertThatThrownBy(() -> valid().previousSecret("short"))
        .hasMessage("previousSecret must be at least 8 bytes, was 5");
    valid().previousSecret("an old secret").previousSecret((String) null).build().close();
  }

  @Test
  void duplicateHandlersAreRefused() {
    assertThatThrownBy(
            () -> valid().handler("x", (c, p) -> p).streamHandler("x", (c, p, i, o) -> {}))
        .hasMessageContaining("\"x\" is already registered");
  }

  @Test
  void nonBlockingStreamHandlersAreRefused() {
    assertThatThrownBy(
            () ->
                valid()
                    .streamHandler(
                        "s", (c, p, i, o) -> {}, HandlerOptions.defaults().withNonBlocking(true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stream handler \"s\" cannot be non-blocking");
  }

  @Test
  void handlersOverTheLimitsAreReportedTogether() {
    assertThatThrownBy(
            () ->
                valid()
                    .handler("n".repeat(300), (c, p) -> p)
                    .streamHandler("w", (c, p, i, o) -> {}, new HandlerOptions(null, 2000, 1))
                    .build())
        .hasMessageContaining("over maxNameBytes 256")
        .hasMessageContaining("\"w\": windows 2000/1 over maxStreamWindow 1024");
  }

  @Test
  void configValuesOutOfRangeAreNamed() {
    assertThatThrownBy(() -> GridConfig.builder().pingInterval(Duration.ZERO).build())
        .hasMessageContaining("pingInterval must be positive");
    assertThatThrownBy(() -> GridConfig.builder().maxQueuedMessages(1).build())
        .hasMessageContaining("maxQueuedMessages must be at least 16");
    assertThatThrownBy(
            () ->
                GridConfig.builder()
                    .reconnectMinDelay(Duration.ofSeconds(5))
                    .reconnectMaxDelay(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("reconnectMaxDelay");
  }

  @Test
  void unknownRemotesAreNamed() {
    GridManager g = valid().build();
    try {
      assertThatThrownBy(() -> g.connection("z:1"))
          .hasMessageContaining("z:1 is not a remote of a:1");
      assertThatThrownBy(() -> g.connection("a:1")).hasMessageContaining("not a remote");
    } finally {
      g.close();
    }
  }
}
