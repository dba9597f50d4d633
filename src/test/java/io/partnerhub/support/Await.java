package io.partnerhub.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: how tests wait for asynchronous work. */
public final class Await {
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
