package io.partnerhub.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * The pooled Redis client. Every call takes a pooled connection, so the client recovers by itself after
 * Redis restarts (a single held connection would stay broken).
 */
public final class RedisStore {
  private final Redis redis;
  private final RedisAPI api;

  private RedisStore(Redis redis) {
    this.redis = redis;
    this.api = RedisAPI.api(redis);
  }

  public static RedisStore connect(Vertx vertx, String url, int poolSize) {
    RedisOptions options = new RedisOptions().setConnectionString(url)
        .setMaxPoolSize(poolSize).setMaxPoolWaiting(1024).setMaxWaitingHandlers(4096);
    options.getNetClientOptions().setConnectTimeout(2000);
    return new RedisStore(Redis.createClient(vertx, options));
  }

  public RedisAPI api() {
    return api;
  }

  /** Sends several commands in one round trip. */
  public Future<List<Response>> batch(List<Request> commands) {
    return redis.batch(commands);
  }

  public void close() {
    redis.close();
  }
}
