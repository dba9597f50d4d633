package io.partnerhub.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.db.Database;
import io.partnerhub.jobs.RunLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed events on the bus, at least once, in position order (so in each tenant's
 * sequence order), while this node holds the relay lease. Each cycle places the committed events
 * (Outbox.sequence), publishes everything after the relay's cursor, then moves the cursor: a holder
 * that dies between the publish and the move makes the next holder publish those events again,
 * never skip them. Woken by the events table's NOTIFY (on a dedicated connection) and, in case a
 * notification is lost, by a poll.
 */
final class Relay {
  static final String CHANNEL = "partnerhub_events";
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final int BATCH = 500;
  private static final int HEARD_COMMITS = 10_000;
  private static final long CURSOR_MOVE_DELAY_MILLIS = 50;

  private final Vertx vertx;
  private final String name;
  private final Database database;
  private final PgConnectOptions direct;
  private final long pollMillis;
  private final Timer lag;
  private final Timer lagFromWrite;
  // when this relay heard each recent transaction commit (NOTIFY names it), by xid:
  // commit-to-publish
  private final Map<Long, Long> heardCommits =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
          return size() > HEARD_COMMITS;
        }
      };
  private PgSubscriber subscriber;
  private final RunLoop loop;
  // the last position published whose cursor move is still to be written (0: none)
  private long publishedUpTo;
  // whether this lease's first cycle has taken over the cursor (Outbox.adoptRelayCursor)
  private boolean adoptedCursor;

  /**
   * {@code name} is the relay's lease and cursor: one per bus ({@code relay@<cluster name>}, or
   * {@code relay@node-<id>} for a node on its own), so every bus gets every event.
   */
  Relay(
      Vertx vertx,
      String name,
      Database database,
      PgConnectOptions direct,
      long pollMillis,
      MeterRegistry metrics) {
    this.vertx = vertx;
    this.name = name;
    this.database = database;
    this.direct = direct;
    this.pollMillis = pollMillis;
    this.lag =
        lagTimer(
            "partnerhub.events.publish.lag",
            "from an event's commit, as the relay's notification of it arrived, to its publication"
                + " on the bus (events whose commit this relay did not hear are not counted)",
            metrics);
    this.lagFromWrite =
        lagTimer(
            "partnerhub.events.publish.lag.from.write",
            "from an event's write, in its transaction, to its publication on the bus",
            metrics);
    this.loop = new RunLoop(vertx, "Relay " + name, this::step);
  }

  /**
   * The lease is ours: listen, poll, and catch up at once, from where this relay or the relays that
   * are gone stopped (Outbox.adoptRelayCursor).
   */
  void start() {
    adoptedCursor = false;
    subscriber = PgSubscriber.subscriber(vertx, direct).reconnectPolicy(retries -> 1000L);
    subscriber.channel(CHANNEL).handler(this::heard);
    subscriber
        .connect()
        .onFailure(
            failure -> LOG.warn("Relay LISTEN failed, polling only: {}", failure.getMessage()));
    loop.start(pollMillis);
  }

  private static Timer lagTimer(String name, String description, MeterRegistry metrics) {
    return Timer.builder(name)
        .description(description)
        // cumulative buckets (a Prometheus histogram, which shows no client-side percentiles
        // beside them): bench/run.sh reads how many were published within 50 ms in a phase
        .serviceLevelObjectives(
            Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250))
        .register(metrics);
  }

  /** A transaction that wrote events committed: note when, and publish. */
  private void heard(String xid) {
    try {
      heardCommits.put(Long.parseLong(xid), System.nanoTime());
    } catch (NumberFormatException e) {
      // a notification without its xid (a node of an older version wrote it): only wake
    }
    loop.wake();
  }

  /** The lease is gone: stop at once (a cycle in flight finishes; its cursor move is harmless). */
  void stop() {
    loop.stop();
    if (publishedUpTo > 0) { // best effort: the next holder would publish that batch again
      long published = publishedUpTo;
      database.forJobs(conn -> Outbox.advance(conn, name, published));
    }
    if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
  }

  /**
   * One cycle; another at once after a full one (more may be there), shortly when the cursor is
   * still to move past what it published (a wake-up under load comes sooner and moves it in
   * passing), else when woken.
   */
  private Future<Long> step() {
    return cycle()
        .map(
            full ->
                full
                    ? RunLoop.NOW
                    : publishedUpTo > 0 ? CURSOR_MOVE_DELAY_MILLIS : RunLoop.WHEN_WOKEN);
  }

  /**
   * One transaction: move the cursor past the batch the previous cycle published, place the
   * finished events, read the next batch; then publish it. Its statements are sent at once (none
   * needs an answer of an earlier one), so the connection pipelines them: a cycle costs one round
   * trip, not one a statement, which under load was most of the publish lag.
   */
  private Future<Boolean> cycle() {
    long published = publishedUpTo;
    return database
        .inEventLog(
            conn -> {
              // once per lease: a cycle that finds nothing to do then writes nothing (no WAL flush)
              Future<Void> adopted =
                  adoptedCursor ? Future.succeededFuture() : Outbox.adoptRelayCursor(conn, name);
              Future<Boolean> moved =
                  published > 0
                      ? Outbox.advance(conn, name, published)
                      : Future.succeededFuture(false);
              Future<Integer> placed = Outbox.sequence(conn, BATCH);
              Future<List<Outbox.Placed>> batch = Outbox.afterCursor(conn, name, null, BATCH);
              return Future.all(adopted, moved, placed, batch)
                  .map(all -> new Read(placed.result() == BATCH, batch.result()));
            })
        .compose(
            read -> {
              adoptedCursor = true;
              if (published > 0 && publishedUpTo == published) {
                publishedUpTo = 0; // the cursor is past it now
              }
              if (!read.batch().isEmpty()) {
                publish(read.batch());
                // moved by the next cycle's transaction (see step)
                publishedUpTo = read.batch().get(read.batch().size() - 1).position();
              }
              return Future.succeededFuture(read.more() || read.batch().size() == BATCH);
            });
  }

  /** What a cycle read: the batch to publish, and whether it placed a full batch (more wait). */
  private record Read(boolean more, List<Outbox.Placed> batch) {}

  private void publish(List<Outbox.Placed> batch) {
    Instant now = Instant.now();
    long nanos = System.nanoTime();
    for (Outbox.Placed placed : batch) {
      DomainEvent event = placed.event();
      vertx.eventBus().publish(DomainEvent.address(event.type()), event);
      lagFromWrite.record(Duration.between(event.occurredAt(), now));
      Long committed = heardCommits.get(placed.xid());
      if (committed != null) {
        lag.record(nanos - committed, TimeUnit.NANOSECONDS);
      }
    }
  }
}
