package io.partnerhub.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's step one at a time, on the context that started it: a {@link #wake} during a step
 * runs another right after it; each step answers when to run next ({@link #NOW}, after that many
 * milliseconds, or {@link #WHEN_WOKEN}); a periodic poll wakes it too, in case a wake-up was lost.
 * A failed step is logged and left to the poll, so a step that keeps failing does not spin. The
 * relay and the durable consumers run on it.
 */
public final class RunLoop {
  public static final long NOW = 0;
  public static final long WHEN_WOKEN = -1;
  private static final Logger LOG = LoggerFactory.getLogger(RunLoop.class);

  private final Vertx vertx;
  private final String name;
  private final Supplier<Future<Long>> step;
  private long poll = -1;
  private boolean running;
  private boolean stepping;
  private boolean again;

  public RunLoop(Vertx vertx, String name, Supplier<Future<Long>> step) {
    this.vertx = vertx;
    this.name = name;
    this.step = step;
  }

  /** Runs a step now and wakes every {@code pollMillis}. */
  public void start(long pollMillis) {
    running = true;
    poll = vertx.setPeriodic(pollMillis, tick -> wake());
    wake();
  }

  /** No step starts after this (one in flight finishes). */
  public void stop() {
    running = false;
    if (poll >= 0) {
      vertx.cancelTimer(poll);
      poll = -1;
    }
  }

  public boolean running() {
    return running;
  }

  public void wake() {
    if (!running) {
      return;
    }
    if (stepping) {
      again = true;
      return;
    }
    stepping = true;
    again = false;
    Future<Long> next;
    try {
      next = step.get();
    } catch (RuntimeException e) {
      next = Future.failedFuture(e);
    }
    next.onComplete(
        done -> {
          stepping = false;
          if (done.failed()) {
            LOG.warn("{} failed, retrying at the next poll: {}", name, done.cause().getMessage());
            return;
          }
          if (done.result() == NOW) {
            again = true;
          } else if (done.result() > 0 && running) {
            vertx.setTimer(done.result(), timer -> wake());
          }
          if (again) {
            wake();
          }
        });
  }
}
