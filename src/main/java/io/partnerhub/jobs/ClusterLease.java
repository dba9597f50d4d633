package io.partnerhub.jobs;

import io.partnerhub.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to run a job once per cluster: a row in {@code leases} that one contender holds and
 * renews every few seconds. A holder that vanishes loses it when the row expires (within {@link
 * Timing#ttl}, 8 s by default, and another node takes it within 10 s); a holder that cannot renew
 * stops believing it holds the lease a renewal interval before anyone else may take it, so two
 * holders never overlap by the clocks' account. Jobs should still be safe if they did (fenced by
 * the database): the lease is what makes them run once, not what makes them correct.
 */
public final class ClusterLease {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLease.class);

  /** How long a lease lasts unless renewed, and how often the holder renews it. */
  public record Timing(Duration ttl, Duration renewEvery) {
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(8), Duration.ofSeconds(2));
  }

  private final Vertx vertx;
  private final Database database;
  private final String name;
  private final String owner = UUID.randomUUID().toString();
  private final Timing timing;
  private final Runnable onAcquired;
  private final Runnable onLost;
  private long timer;
  private boolean held;
  private boolean attempting;
  private boolean closed;
  private long believedUntil;

  private ClusterLease(
      Vertx vertx,
      Database database,
      String name,
      Timing timing,
      Runnable onAcquired,
      Runnable onLost) {
    this.vertx = vertx;
    this.database = database;
    this.name = name;
    this.timing = timing;
    this.onAcquired = onAcquired;
    this.onLost = onLost;
  }

  /**
   * Contends for {@code name} now and every renewal interval; {@code onAcquired} runs when this
   * contender becomes the holder, {@code onLost} when it stops being it (lost, or closed). Call
   * from the context the callbacks should run on.
   */
  public static ClusterLease run(
      Vertx vertx, Database database, String name, Runnable onAcquired, Runnable onLost) {
    return run(vertx, database, name, Timing.DEFAULT, onAcquired, onLost);
  }

  public static ClusterLease run(
      Vertx vertx,
      Database database,
      String name,
      Timing timing,
      Runnable onAcquired,
      Runnable onLost) {
    ClusterLease lease = new ClusterLease(vertx, database, name, timing, onAcquired, onLost);
    lease.attempt();
    lease.timer = vertx.setPeriodic(timing.renewEvery().toMillis(), tick -> lease.attempt());
    return lease;
  }

  public boolean held() {
    return held;
  }

  private void attempt() {
    if (held && System.nanoTime() - believedUntil > 0) {
      lose("its renewal did not arrive in time");
    }
    if (attempting || closed) {
      return;
    }
    attempting = true;
    long sent = System.nanoTime();
    database
        .forJobs(conn -> Leases.take(conn, name, owner, timing.ttl().toMillis()))
        .onComplete(
            taken -> {
              attempting = false;
              if (closed) {
                return;
              }
              if (taken.succeeded() && taken.result()) {
                believedUntil = sent + timing.ttl().minus(timing.renewEvery()).toNanos();
                if (!held) {
                  held = true;
                  LOG.info("Lease {} taken by {}", name, owner);
                  onAcquired.run();
                }
              } else if (held) {
                lose(
                    taken.succeeded()
                        ? "another node holds it"
                        : "renewal failed: " + taken.cause().getMessage());
              }
            });
  }

  private void lose(String why) {
    held = false;
    LOG.warn("Lease {} lost by {}: {}", name, owner, why);
    onLost.run();
  }

  /** Stops contending and gives the lease up if held, so another node takes it at once. */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(timer);
    if (!held) {
      return Future.succeededFuture();
    }
    held = false;
    onLost.run();
    return database
        .forJobs(conn -> Leases.release(conn, name, owner))
        .recover(failure -> Future.succeededFuture());
  }
}
