package io.partnerhub.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
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

  public ReadCache(RedisStore redis, String namespace, int ttlSeconds) {
    this.redis = redis;
    this.namespace = namespace;
    this.ttlSeconds = ttlSeconds;
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
        return Future.succeededFuture(lookup.json());
      }
      Future<String> loaded = load.get();
      return lookup.generation() == null ? loaded
          : loaded.compose(json -> store(entryKey(organizationId, lookup.generation(), key), json));
    });
  }

  /** The generation read and the entry found (null when absent); both null when Redis failed. */
  private record Lookup(String generation, String json) {
  }

  private Future<Lookup> lookup(UUID organizationId, String key) {
    return redis.api().get(generationKey(organizationId))
        .map(generation -> generation == null ? "0" : generation.toString())
        .compose(generation -> redis.api().get(entryKey(organizationId, generation, key))
            .map(hit -> new Lookup(generation, hit == null ? null : hit.toString())))
        .otherwise(failure -> {
          LOG.debug("Cache read failed, loading from the source: {}", failure.getMessage());
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
