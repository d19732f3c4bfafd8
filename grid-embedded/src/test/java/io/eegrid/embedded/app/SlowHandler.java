package io.eegrid.embedded.app;

import io.eegrid.CallContext;
import io.eegrid.SingleHandler;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds each call until the test releases it. The latches are the test's; reset per test. */
@ApplicationScoped
@GridHandler("slow")
public class SlowHandler implements SingleHandler {
  public static volatile CountDownLatch entered = new CountDownLatch(1);
  public static volatile CountDownLatch release = new CountDownLatch(1);

  @Override
  public byte[] handle(CallContext context, byte[] payload) throws InterruptedException {
    entered.countDown();
    if (!release.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("never released");
    }
    return "done".getBytes(StandardCharsets.UTF_8);
  }
}
