package io.partnerhub.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.kernel.Jsons;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-organization read cache. Entry keys embed the organization's generation number, so one INCR
 * invalidates every cached read of that organization without KEYS or SCAN; orphaned entries expire
 * by TTL. In front of Redis sits a small in-process map of decoded values by generation: a read
 * asks Redis for the current generation (so invalidation is immediate on every node), and when the
 * value for that generation is already decoded here, Redis sends no entry and nothing is parsed.
 * With a live {@link KeyWatch} on the generation keys, the generation itself is remembered until
 * Redis pushes that it changed, and such a read does not ask Redis at all. The cache is best
 * effort: when Redis fails, reads go to the source and writes still succeed. One instance belongs
 * to one verticle instance (its event loop); it is not shared between threads.
 */
public final class ReadCache {
  private static final Logger LOG = LoggerFactory.getLogger(ReadCache.class);
  private static final int LOCAL_ENTRIES = 10_000;
  private final RedisStore redis;
  private final String namespace;
  private final int ttlSeconds;
  private final Counter hits;
  private final Counter misses;
  private final Counter errors;
  private final CircuitBreaker breaker;
  private final Map<String, Local> local = new LruMap<>(LOCAL_ENTRIES);
  private final KeyWatch watch;

  /**
   * A decoded value (null allowed: "nothing there" is cached too) and the generation it belongs to.
   */
  private record Local(String generation, Object value) {}

  /**
   * {@code watch} must watch {@link #generationPrefix(String)} of the namespace (or be {@link
   * KeyWatch#off()}).
   */
  public ReadCache(
      Vertx vertx,
      RedisStore redis,
      KeyWatch watch,
      String namespace,
      int ttlSeconds,
      MeterRegistry metrics) {
    this.redis = redis;
    this.watch = watch;
    // after 5 failed lookups in a row, reads skip Redis for 5 s: a dead Redis then costs nothing
    // per read
    this.breaker =
        CircuitBreaker.create(
            "partnerhub-cache-" + namespace,
            vertx,
            new CircuitBreakerOptions().setMaxFailures(5).setTimeout(1000).setResetTimeout(5000));
    this.namespace = namespace;
    this.ttlSeconds = ttlSeconds;
    this.hits = counter(metrics, namespace, "hit");
    this.misses = counter(metrics, namespace, "miss");
    this.errors = counter(metrics, namespace, "error");
  }

  private static Counter counter(MeterRegistry metrics, String namespace, String result) {
    return Counter.builder("partnerhub.cache.reads")
        .description("Cached reads by result (hit ratio = hit / all)")
        .tag("cache", namespace)
        .tag("result", result)
        .register(metrics);
  }

  /** The prefix of a namespace's generation keys: what its {@link KeyWatch} watches. */
  public static String generationPrefix(String namespace) {
    return "ph:" + namespace + ":gen:";
  }

  private String generationKey(UUID organizationId) {
    return generationPrefix(namespace) + organizationId;
  }

  private String entryPrefix(UUID organizationId) {
    return "ph:" + namespace + ":" + organizationId + ":";
  }

  /**
   * The cached value for {@code key}, or else what {@code load} produces (then stored as JSON). A
   * Redis failure never fails the read: it falls through to {@code load}. Values are shared between
   * readers and must not be mutated.
   */
  public <T> Future<T> getOrLoad(
      UUID organizationId, String key, Class<T> type, Supplier<Future<T>> load) {
    String localKey = organizationId + ":" + key;
    Local known = local.get(localKey);
    String generationKey = generationKey(organizationId);
    if (known != null && known.generation().equals(watch.recall(generationKey))) {
      hits.increment();
      return Future.succeededFuture(type.cast(known.value()));
    }
    long stamp = watch.stamp();
    return lookup(organizationId, key, known == null ? "" : known.generation())
        .compose(
            lookup -> {
              if (lookup.generation() == null) {
                errors.increment();
                return load.get();
              }
              watch.remember(generationKey, lookup.generation(), stamp);
              if (known != null && known.generation().equals(lookup.generation())) {
                hits.increment();
                return Future.succeededFuture(type.cast(known.value()));
              }
              if (lookup.json() != null) {
                hits.increment();
                T value = Jsons.read(lookup.json(), type);
                local.put(localKey, new Local(lookup.generation(), value));
                return Future.succeededFuture(value);
              }
              misses.increment();
              return load.get()
                  .compose(
                      value -> {
                        local.put(localKey, new Local(lookup.generation(), value));
                        return store(
                                entryPrefix(organizationId) + lookup.generation() + ":" + key,
                                Jsons.encode(value))
                            .map(value);
                      });
            });
  }

  /**
   * The current generation and, unless it is the one the caller already holds, the entry under it.
   */
  private record Lookup(String generation, byte[] json) {}

  /**
   * One round trip: the generation (started at a random number when absent, so a Redis that lost
   * its data never hands out a generation an in-process entry was stored under), then the entry
   * unless the caller already holds that generation.
   */
  private static final String LOOKUP =
      "local generation = redis.call('GET', KEYS[1])\n"
          + "if not generation then generation = ARGV[3]; redis.call('SET', KEYS[1], generation) end\n"
          + "if generation == ARGV[4] then return {generation} end\n"
          + "return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}";

  private Future<Lookup> lookup(UUID organizationId, String key, String knownGeneration) {
    return breaker
        .<Lookup>execute(
            () ->
                redis
                    .api()
                    .eval(
                        List.of(
                            LOOKUP,
                            "1",
                            generationKey(organizationId),
                            entryPrefix(organizationId),
                            ":" + key,
                            freshGeneration(),
                            knownGeneration))
                    .map(ReadCache::lookup))
        .otherwise(
            failure -> {
              LOG.debug(
                  "Cache read skipped or failed, loading from the source: {}",
                  failure.getMessage());
              return new Lookup(null, null);
            });
  }

  private static Lookup lookup(Response reply) {
    Response entry = reply.size() < 2 ? null : reply.get(1);
    return new Lookup(reply.get(0).toString(), entry == null ? null : entry.toBytes());
  }

  /** A random starting generation, small enough that INCR never overflows. */
  private static String freshGeneration() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1L << 52));
  }

  private Future<Void> store(String entryKey, String json) {
    return redis
        .api()
        .send(Command.SET, entryKey, json, "EX", Integer.toString(ttlSeconds))
        .<Void>mapEmpty()
        .otherwise((Void) null);
  }

  /** Bumps the generation, or starts a fresh random one when Redis has lost it (see LOOKUP). */
  private static final String INVALIDATE =
      "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end\n"
          + "redis.call('SET', KEYS[1], ARGV[1])\nreturn ARGV[1]";

  /**
   * Drops every cached read of the organization, in this process at once and elsewhere when Redis
   * pushes the change. The generation key never expires, so a generation number is never reused
   * while entries written under it may live. Failure is logged, not raised: the write already
   * committed.
   */
  public Future<Void> invalidate(UUID organizationId) {
    String generationKey = generationKey(organizationId);
    // forgotten before (no new reads of the old generation are kept) and after (nor any that
    // crossed the change)
    watch.forget(generationKey);
    return redis
        .api()
        .eval(List.of(INVALIDATE, "1", generationKey, freshGeneration()))
        .<Void>mapEmpty()
        .onComplete(done -> watch.forget(generationKey))
        .otherwise(
            failure -> {
              LOG.warn(
                  "Cache invalidation failed for organization {}: entries expire within {} s",
                  organizationId,
                  ttlSeconds);
              return null;
            });
  }
}
