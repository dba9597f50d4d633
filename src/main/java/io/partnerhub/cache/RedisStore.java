package io.partnerhub.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The pooled Redis client. Every call takes a pooled connection, so the client recovers by itself after
 * Redis restarts (a single held connection would stay broken). It also owns the {@link KeyWatch}es started
 * through it, and closes them with itself.
 */
public final class RedisStore {
  private final Vertx vertx;
  private final String url;
  private final boolean watchKeys;
  private final Redis redis;
  private final RedisAPI api;
  private final List<KeyWatch> watches = new ArrayList<>();

  private RedisStore(Vertx vertx, String url, boolean watchKeys, Redis redis) {
    this.vertx = vertx;
    this.url = url;
    this.watchKeys = watchKeys;
    this.redis = redis;
    this.api = RedisAPI.api(redis);
  }

  /** A client whose {@link #watch} never remembers anything (tools, tests, the CLI). */
  public static RedisStore connect(Vertx vertx, String url, int poolSize) {
    return connect(vertx, url, poolSize, false);
  }

  /** {@code watchKeys}: whether {@link #watch} starts real key watches (PARTNERHUB_REDIS_KEY_WATCH). */
  public static RedisStore connect(Vertx vertx, String url, int poolSize, boolean watchKeys) {
    RedisOptions options = new RedisOptions().setConnectionString(url)
        .setMaxPoolSize(poolSize).setMaxPoolWaiting(1024).setMaxWaitingHandlers(4096);
    options.getNetClientOptions().setConnectTimeout(2000);
    return new RedisStore(vertx, url, watchKeys, Redis.createClient(vertx, options));
  }

  /**
   * A watch of the keys under {@code prefixes} on the caller's event loop, or {@link KeyWatch#off()} when
   * this client does not watch keys.
   */
  public KeyWatch watch(List<String> prefixes) {
    if (!watchKeys) {
      return KeyWatch.off();
    }
    KeyWatch watch = KeyWatch.start(vertx, url, prefixes);
    watches.add(watch);
    return watch;
  }

  public RedisAPI api() {
    return api;
  }

  /** Sends several commands in one round trip. */
  public Future<List<Response>> batch(List<Request> commands) {
    return redis.batch(commands);
  }

  public void close() {
    watches.forEach(KeyWatch::close);
    redis.close();
  }
}
