package io.partnerhub.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.db.Database;
import io.partnerhub.db.DbUrl;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the event feed and, on the node holding the {@code relay} lease, runs the relay and the
 * retention purge.
 */
public final class OutboxVerticle extends ServiceVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxVerticle.class);
  private static final long PURGE_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();
  private static final int PURGE_BATCH = 1000;

  private final List<String> eventTypes;
  private long purgeTimer = -1;
  private Database relayDatabase;

  public OutboxVerticle(Settings config, MeterRegistry metrics, List<String> eventTypes) {
    super(config, metrics);
    this.eventTypes = eventTypes;
  }

  @Override
  protected void serveEndpoints() {
    serve(EventApi.LIST, new EventService(database, eventTypes)::list);
    DbUrl url = DbUrl.parse(config.require(Setting.DB_URL));
    String relayName = config.require(Setting.DB_APPLICATION_NAME) + "-relay";
    // the relay's own connection (opened only while it holds the lease): in the shared pool its
    // three short transactions a cycle queued behind saturated requests, and events waited seconds
    relayDatabase = Database.dedicated(vertx, url, relayName, 1);
    Relay relay =
        new Relay(
            vertx,
            perBus("relay"),
            relayDatabase,
            url.connectOptions().addProperty("application_name", relayName),
            config.integer(Setting.EVENTS_POLL_MS),
            metrics);
    whileHolding(
        "relay",
        () -> {
          relay.start();
          purgeTimer = vertx.setPeriodic(0, PURGE_EVERY_MILLIS, tick -> purge());
        },
        () -> {
          relay.stop();
          vertx.cancelTimer(purgeTimer);
        });
  }

  @Override
  public Future<?> stop() {
    return relayDatabase.close().transform(closed -> super.stop());
  }

  /** Deletes events past retention, a batch per transaction, until none is left. */
  private Future<Void> purge() {
    Instant cutoff =
        Instant.now().minus(Duration.ofDays(config.integer(Setting.EVENTS_RETENTION_DAYS)));
    return database
        .inEventLog(conn -> Outbox.purge(conn, cutoff, PURGE_BATCH))
        .compose(deleted -> deleted == PURGE_BATCH ? purge() : Future.<Void>succeededFuture())
        .onFailure(failure -> LOG.warn("Event purge failed: {}", failure.getMessage()));
  }
}
