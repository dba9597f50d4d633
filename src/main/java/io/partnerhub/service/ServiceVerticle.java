package io.partnerhub.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.cache.ReadCache;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.db.Database;
import io.partnerhub.db.DbUrl;
import io.partnerhub.jobs.ClusterLease;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Base of the service verticles: one domain each, owning its SQL and cache keys, on leases of the
 * node's one PostgreSQL pool and one Redis client (so instances add no connections). Event-loop or
 * worker verticles, as PARTNERHUB_SERVICE_THREADING says; the code is the same for both. Subclasses
 * bind their endpoints in {@link #serveEndpoints()}; start completes once every consumer is
 * registered (cluster-wide when clustered).
 */
public abstract class ServiceVerticle extends VerticleBase {
  protected final Settings config;
  protected final MeterRegistry metrics;
  protected Database database;
  protected RedisStore redis;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<Supplier<Future<?>>> closers = new ArrayList<>();

  protected ServiceVerticle(Settings config, MeterRegistry metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    database =
        Database.shared(
            vertx,
            DbUrl.parse(config.require(Setting.DB_URL)),
            config.require(Setting.DB_APPLICATION_NAME),
            config.integer(Setting.DB_POOL_SIZE),
            config.integer(Setting.DB_POOL_WAIT_QUEUE));
    redis =
        RedisStore.shared(
            vertx,
            config.require(Setting.REDIS_URL),
            config.integer(Setting.REDIS_POOL_SIZE),
            config.flag(Setting.REDIS_KEY_WATCH));
    serveEndpoints();
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  protected abstract void serveEndpoints();

  protected <Q, R> void serve(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    consumers.add(Serving.serve(vertx, endpoint, handler));
  }

  /** A read cache of this verticle instance, its generations watched when REDIS_KEY_WATCH is on. */
  protected ReadCache readCache(String namespace, int ttlSeconds) {
    return new ReadCache(
        vertx,
        redis,
        redis.watch(List.of(ReadCache.generationPrefix(namespace))),
        namespace,
        ttlSeconds,
        metrics);
  }

  /** Includes a consumer of the verticle's own (an event subscription) in the start-up wait. */
  protected void listen(MessageConsumer<?> consumer) {
    consumers.add(consumer);
  }

  /**
   * Runs a once-per-cluster job while this verticle holds the job's lease ({@link #perBus});
   * nothing on a node with PARTNERHUB_JOBS=false. The lease is given up when the verticle stops.
   */
  protected void whileHolding(String job, Runnable onAcquired, Runnable onLost) {
    if (config.flag(Setting.JOBS)) {
      ClusterLease lease = ClusterLease.run(vertx, database, perBus(job), onAcquired, onLost);
      closeOnStop(lease::close);
    }
  }

  /**
   * The name of {@code job} for this bus: {@code job@<cluster name>}, or {@code job@node-<id>} for
   * a node on its own (its bus is the process's). A database serves one cluster in production;
   * tests run several buses on one database, and each runs its jobs and gets every event.
   */
  protected String perBus(String job) {
    if (config.flag(Setting.CLUSTER)) {
      return job + "@" + config.require(Setting.CLUSTER_NAME);
    }
    var local = vertx.sharedData().<String, String>getLocalMap("partnerhub.bus");
    local.putIfAbsent("id", "node-" + java.util.UUID.randomUUID());
    return job + "@" + local.get("id");
  }

  /** Something to close, before the pools, when the verticle stops (a job, a consumer). */
  protected void closeOnStop(Supplier<Future<?>> closer) {
    closers.add(closer);
  }

  @Override
  public Future<?> stop() {
    return Future.join(closers.stream().map(Supplier::get).toList())
        .eventually(
            () -> {
              redis.close();
              return database.close();
            });
  }
}
