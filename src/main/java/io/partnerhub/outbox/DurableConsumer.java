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
 * so it never misses an event, whether it was up at publication or not. Each event's effect runs in
 * a transaction of the event's tenant that also moves the cursor past the event: the effect commits
 * exactly once, however often the event is delivered or the consumer restarts. Runs on one node of
 * the cluster at a time (a {@link ClusterLease} named {@code consumer:<name>}); the bus
 * publications of its types only wake it, and a poll covers a lost wake-up.
 */
public final class DurableConsumer {
  private static final int BATCH = 100;

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
            conn ->
                Outbox.cursor(conn, name, fromNow)
                    .compose(from -> Outbox.after(conn, from, types, BATCH)))
        .compose(
            batch -> {
              Future<Void> all = Future.succeededFuture();
              for (Outbox.Placed placed : batch) {
                all =
                    all.compose(done -> loop.running() ? handle(placed) : Future.succeededFuture());
              }
              return all.map(done -> batch.size() == BATCH);
            });
  }

  private Future<Void> handle(Outbox.Placed placed) {
    DomainEvent event = placed.event();
    return database.inTenantForJob(
        event.organizationId(),
        conn ->
            Outbox.advance(conn, name, placed.position())
                .compose(
                    mine -> mine ? effect.apply(conn, event) : Future.<Void>succeededFuture()));
  }

  /** Stops: gives the lease up so another node's consumer continues at once. */
  public Future<Void> close() {
    return lease.close();
  }
}
