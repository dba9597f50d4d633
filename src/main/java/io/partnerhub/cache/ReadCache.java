package io.partnerhub.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-organization read cache. Entry keys embed the organization's generation number, so one INCR
 * invalidates every cached read of that organization without KEYS or SCAN; orphaned entries expire by TTL.
 * The cache is best effort: when Redis fails, reads go to the source and writes still succeed.
 */
public final class ReadCache {
  private static final Logger LOG = LoggerFactory.getLogger(ReadCache.class);
  private final RedisStore redis;
  private final String namespace;
  private final int ttlSeconds;
  private final Counter hits;
  private final Counter misses;
  private final Counter errors;

  private final CircuitBreaker breaker;

  public ReadCache(Vertx vertx, RedisStore redis, String namespace, int ttlSeconds, MeterRegistry metrics) {
    this.redis = redis;
    // after 5 failed lookups in a row, reads skip Redis for 5 s: a dead Redis then costs nothing per read
    this.breaker = CircuitBreaker.create("partnerhub-cache-" + namespace, vertx, new CircuitBreakerOptions()
        .setMaxFailures(5).setTimeout(1000).setResetTimeout(5000));
    this.namespace = namespace;
    this.ttlSeconds = ttlSeconds;
    this.hits = counter(metrics, namespace, "hit");
    this.misses = counter(metrics, namespace, "miss");
    this.errors = counter(metrics, namespace, "error");
  }

  private static Counter counter(MeterRegistry metrics, String namespace, String result) {
    return Counter.builder("partnerhub.cache.reads").description("Cached reads by result (hit ratio = hit / all)")
        .tag("cache", namespace).tag("result", result).register(metrics);
  }

  private String generationKey(UUID organizationId) {
    return "ph:" + namespace + ":gen:" + organizationId;
  }

  private String entryKey(UUID organizationId, String generation, String key) {
    return "ph:" + namespace + ":" + organizationId + ":" + generation + ":" + key;
  }

  /**
   * The cached JSON for {@code key}, or else what {@code load} produces (then stored). A Redis failure
   * never fails the read: it falls through to {@code load}.
   */
  public Future<String> getOrLoad(UUID organizationId, String key, Supplier<Future<String>> load) {
    return lookup(organizationId, key).compose(lookup -> {
      if (lookup.json() != null) {
        hits.increment();
        return Future.succeededFuture(lookup.json());
      }
      (lookup.generation() == null ? errors : misses).increment();
      Future<String> loaded = load.get();
      return lookup.generation() == null ? loaded
          : loaded.compose(json -> store(entryKey(organizationId, lookup.generation(), key), json));
    });
  }

  /** The generation read and the entry found (null when absent); both null when Redis failed. */
  private record Lookup(String generation, String json) {
  }

  /** Reads the generation and the entry under it in one round trip. */
  private static final String LOOKUP = "local generation = redis.call('GET', KEYS[1]) or '0'\n"
      + "return {generation, redis.call('GET', ARGV[1] .. generation .. ARGV[2])}";

  private Future<Lookup> lookup(UUID organizationId, String key) {
    String prefix = "ph:" + namespace + ":" + organizationId + ":";
    return breaker.<Lookup>execute(() -> redis.api().eval(List.of(LOOKUP, "1", generationKey(organizationId), prefix,
                ":" + key))
            .map(reply -> new Lookup(reply.get(0).toString(), reply.size() < 2 || reply.get(1) == null ? null
                : reply.get(1).toString())))
        .otherwise(failure -> {
          LOG.debug("Cache read skipped or failed, loading from the source: {}", failure.getMessage());
          return new Lookup(null, null);
        });
  }

  private Future<String> store(String entryKey, String json) {
    return redis.api().send(Command.SET, entryKey, json, "EX", Integer.toString(ttlSeconds))
        .map(ok -> json)
        .otherwise(json);
  }

  /**
   * Drops every cached read of the organization. The generation key never expires, so a generation
   * number is never reused while entries written under it may live. Failure is logged, not raised: the
   * write already committed.
   */
  public Future<Void> invalidate(UUID organizationId) {
    return redis.api().incr(generationKey(organizationId))
        .<Void>mapEmpty()
        .otherwise(failure -> {
          LOG.warn("Cache invalidation failed for organization {}: entries expire within {} s", organizationId, ttlSeconds);
          return null;
        });
  }
}
