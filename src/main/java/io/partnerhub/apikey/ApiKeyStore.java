package io.partnerhub.apikey;

import io.partnerhub.apikey.ApiKeyApi.ApiKeyPrincipal;
import io.partnerhub.cache.KeyWatch;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.UUID;

/**
 * API keys as authenticating nodes read them: one Redis entry per key, written by the service at
 * creation, refilled from PostgreSQL on a miss, and replaced by a tombstone at revocation. Nodes
 * remember entries through a {@link KeyWatch}, so a revocation reaches every node as Redis pushes
 * the change, as for sessions (decisions 144, 174). Redis failures are UNAVAILABLE: fail closed.
 */
public final class ApiKeyStore {
  /** What a {@link KeyWatch} for API keys must watch. */
  public static final String KEY_PREFIX = "ph:api-key:";

  private static final String REVOKED = "revoked";
  // an entry lives at most a day: a key deleted behind PartnerHub's back is not trusted for longer
  private static final long MAX_TTL_SECONDS = 86_400;
  private final RedisStore redis;
  private final KeyWatch watch;

  public ApiKeyStore(RedisStore redis, KeyWatch watch) {
    this.redis = redis;
    this.watch = watch;
  }

  /** What Redis knows of a key: its principal, revoked, or (null lookup) nothing. */
  public record Entry(ApiKeyPrincipal principal) {
    public boolean revoked() {
      return principal == null;
    }
  }

  private static String key(UUID keyId) {
    return KEY_PREFIX + keyId;
  }

  /** The entry for the key, or null when Redis has none (then ask the service). */
  public Future<Entry> find(UUID keyId) {
    String key = key(keyId);
    if (watch.recall(key) instanceof Entry known) {
      return Future.succeededFuture(known);
    }
    long stamp = watch.stamp();
    return redis
        .api()
        .get(key)
        .map(
            value -> {
              if (value == null) {
                return null;
              }
              String text = value.toString();
              Entry entry =
                  new Entry(
                      REVOKED.equals(text)
                          ? null
                          : Jsons.read(value.toBytes(), ApiKeyPrincipal.class));
              watch.remember(key, entry, stamp);
              return entry;
            })
        .recover(ApiKeyStore::unavailable);
  }

  /**
   * Stores a live key's entry. {@code onlyIfAbsent}: a refill after a miss, which must not
   * overwrite a tombstone written meanwhile.
   */
  Future<Void> put(ApiKeyPrincipal principal, boolean onlyIfAbsent) {
    long ttl = MAX_TTL_SECONDS;
    if (principal.expiresAt() != null) {
      ttl =
          Math.min(ttl, principal.expiresAt().getEpochSecond() - System.currentTimeMillis() / 1000);
    }
    if (ttl <= 0) {
      return Future.succeededFuture();
    }
    Request set =
        Request.cmd(Command.SET)
            .arg(key(principal.id()))
            .arg(Jsons.encode(principal))
            .arg("EX")
            .arg(Long.toString(ttl));
    if (onlyIfAbsent) {
      set.arg("NX");
    }
    return redis.batch(List.of(set)).<Void>mapEmpty().recover(ApiKeyStore::unavailable);
  }

  /** Marks the key revoked: every node's watch forgets it now or when Redis pushes the change. */
  Future<Void> revoke(UUID keyId) {
    String key = key(keyId);
    return redis
        .batch(
            List.of(
                Request.cmd(Command.SET)
                    .arg(key)
                    .arg(REVOKED)
                    .arg("EX")
                    .arg(Long.toString(MAX_TTL_SECONDS))))
        .onSuccess(done -> redis.changed(List.of(key)))
        .<Void>mapEmpty()
        .recover(ApiKeyStore::unavailable);
  }

  /**
   * Counts one use of the key in the current fixed window of {@code windowSeconds}; the result is
   * the count so far in this window.
   */
  public Future<Long> countUse(UUID keyId, long windowSeconds, long nowSeconds) {
    String window = "ph:api-key-rate:" + keyId + ":" + nowSeconds / windowSeconds;
    return redis
        .batch(
            List.of(
                Request.cmd(Command.INCR).arg(window),
                Request.cmd(Command.EXPIRE).arg(window).arg(Long.toString(windowSeconds + 1))))
        .map(replies -> replies.get(0).toLong())
        .recover(ApiKeyStore::unavailable);
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(
        failure instanceof ServiceException known
            ? known
            : new ServiceException(FailureCode.UNAVAILABLE, "Key store unavailable, try again"));
  }
}
