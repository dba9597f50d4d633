package io.partnerhub.outbox;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.db.Database;
import io.partnerhub.jobs.ClusterLease;
import io.partnerhub.jobs.RunLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * A consumer that reads the events table after its own stored cursor instead of trusting the bus,
 * so it never misses an event, whether it was up at publication or not. The effects of a run of one
 * tenant's events run in a transaction of that tenant that also moves the cursor past the run: each
 * effect commits exactly once, however often the event is delivered or the consumer restarts. Runs
 * on one node of the cluster at a time (a {@link ClusterLease} named {@code consumer:<name>}); the
 * bus publications of its types only wake it, and a poll covers a lost wake-up.
 */
public final class DurableConsumer {
  private static final int BATCH = 100;
  private static final int RUN = 25;

  /**
   * The effect of one event, on the event tenant's transaction (organization-wide: no partner
   * scope).
   */
  @FunctionalInterface
  public interface Effect {
    Future<Void> apply(SqlConnection conn, DomainEvent event);
  }

  private final Vertx vertx;
  private final Database database;
  private final String name;
  private final List<String> types;
  private final boolean fromNow;
  private final Effect effect;
  private final long pollMillis;
  private final List<MessageConsumer<DomainEvent>> doorbells = new ArrayList<>();
  private final RunLoop loop;
  private ClusterLease lease;
  private boolean cursorCreated;

  private DurableConsumer(
      Vertx vertx,
      Database database,
      String name,
      List<String> types,
      boolean fromNow,
      long pollMillis,
      Effect effect) {
    this.vertx = vertx;
    this.database = database;
    this.name = name;
    this.types = List.copyOf(types);
    this.fromNow = fromNow;
    this.pollMillis = pollMillis;
    this.effect = effect;
    this.loop =
        new RunLoop(
            vertx,
            "Consumer " + name,
            () -> readOnce().map(more -> more ? RunLoop.NOW : RunLoop.WHEN_WOKEN));
  }

  /**
   * Starts contending for the consumer's lease; while held, applies {@code effect} to every event
   * of {@code types} after the cursor, in order. A new consumer starts at the oldest retained
   * event, or {@code fromNow} after the newest. {@code name} is the cursor's: keep it stable.
   */
  public static DurableConsumer start(
      Vertx vertx,
      Database database,
      String name,
      List<String> types,
      boolean fromNow,
      long pollMillis,
      Effect effect) {
    if (Outbox.POSITIONS.equals(name) || name.startsWith("relay@")) {
      throw new IllegalArgumentException("Reserved cursor name: " + name);
    }
    DurableConsumer consumer =
        new DurableConsumer(vertx, database, name, types, fromNow, pollMillis, effect);
    consumer.lease =
        ClusterLease.run(vertx, database, "consumer:" + name, consumer::resume, consumer::pause);
    return consumer;
  }

  private void resume() {
    cursorCreated = false;
    for (String type : types) {
      doorbells.add(
          vertx.eventBus().<DomainEvent>consumer(DomainEvent.address(type), ring -> loop.wake()));
    }
    loop.start(pollMillis);
  }

  private void pause() {
    loop.stop();
    doorbells.forEach(MessageConsumer::unregister);
    doorbells.clear();
  }

  /** Handles one batch after the cursor; true when there may be more. */
  private Future<Boolean> readOnce() {
    return database
        .inEventLog(
            conn -> {
              // sent at once, pipelined; the cursor is created once per lease, so a read that
              // finds nothing writes nothing
              Future<Void> created =
                  cursorCreated
                      ? Future.succeededFuture()
                      : Outbox.createCursor(conn, name, fromNow);
              Future<Long> from = Outbox.cursor(conn, name);
              Future<List<Outbox.Placed>> events = Outbox.afterCursor(conn, name, types, BATCH);
              return Future.all(created, from, events)
                  .map(all -> new Batch(from.result(), events.result()));
            })
        .compose(
            read -> {
              cursorCreated = true;
              Future<Void> all = Future.succeededFuture();
              long from = read.from();
              for (List<Outbox.Placed> run : runs(read.events())) {
                long start = from;
                all =
                    all.compose(
                        done -> loop.running() ? handle(start, run) : Future.succeededFuture());
                from = run.get(run.size() - 1).position();
              }
              return all.map(done -> read.events().size() == BATCH);
            });
  }

  private record Batch(long from, List<Outbox.Placed> events) {}

  /**
   * The batch cut into runs of one tenant's consecutive events, at most {@link #RUN} each: a run is
   * one transaction, so a busy tenant costs a transaction a run, not one an event, and a run stays
   * short (its transaction holds back the relay's placing of newer events while it lasts).
   */
  private static List<List<Outbox.Placed>> runs(List<Outbox.Placed> batch) {
    List<List<Outbox.Placed>> runs = new ArrayList<>();
    List<Outbox.Placed> run = new ArrayList<>();
    for (Outbox.Placed placed : batch) {
      if (!run.isEmpty()
          && (run.size() == RUN
              || !run.get(0).event().organizationId().equals(placed.event().organizationId()))) {
        runs.add(run);
        run = new ArrayList<>();
      }
      run.add(placed);
    }
    if (!run.isEmpty()) {
      runs.add(run);
    }
    return runs;
  }

  /**
   * Applies a run's effects in its tenant's transaction, which also moves the cursor from {@code
   * from} to the run's last event: if the cursor is no longer at {@code from} (another holder of
   * the lease handled these), nothing is applied.
   */
  private Future<Void> handle(long from, List<Outbox.Placed> run) {
    return database.inTenantForJob(
        run.get(0).event().organizationId(),
        conn ->
            Outbox.move(conn, name, from, run.get(run.size() - 1).position())
                .compose(
                    mine -> {
                      Future<Void> all = Future.succeededFuture();
                      for (Outbox.Placed placed : run) {
                        all =
                            all.compose(
                                done ->
                                    mine
                                        ? effect.apply(conn, placed.event())
                                        : Future.succeededFuture());
                      }
                      return all;
                    }));
  }

  /** Stops: gives the lease up so another node's consumer continues at once. */
  public Future<Void> close() {
    return lease.close();
  }
}
