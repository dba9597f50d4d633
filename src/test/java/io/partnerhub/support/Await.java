package io.partnerhub.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: how tests wait for asynchronous work. */
public final class Await {
  /**
   * How long work of a once-per-cluster job (the ledger, webhook fan-out, notifications) may take
   * to show: another test's node that stopped holding a job's lease leaves it to expire (8 s)
   * before the shared node's next renewal takes it over.
   */
  public static final Duration JOB = Duration.ofSeconds(20);

  private Await() {}

  /**
   * The first value of {@code probe} that {@code done} accepts, or the last one at the deadline.
   */
  public static <T> T until(
      Supplier<T> probe, java.util.function.Predicate<T> done, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    T value = probe.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return value;
      }
      value = probe.get();
    }
    return value;
  }
}
