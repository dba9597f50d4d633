package io.partnerhub.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * A lease on a pooled Redis client. Every call takes a pooled connection, so the client recovers by
 * itself after Redis restarts (a single held connection would stay broken). {@link #shared} leases
 * the node's one client (and its one {@link KeyFeed}), which closes when its last lease does; the
 * {@link KeyWatch}es started through a lease close with it.
 */
public final class RedisStore {
  private static final String NODE_CLIENTS = "partnerhub.redis";
  private final Vertx vertx;
  private final Clients clients;
  private final Runnable release;
  private final List<KeyWatch> watches = new ArrayList<>();

  private RedisStore(Vertx vertx, Clients clients, Runnable release) {
    this.vertx = vertx;
    this.clients = clients;
    this.release = release;
  }

  /** A client of its own whose {@link #watch} never remembers anything (tools, tests, the CLI). */
  public static RedisStore connect(Vertx vertx, String url, int poolSize) {
    Clients own = Clients.open(vertx, url, poolSize, false);
    return new RedisStore(vertx, own, own::close);
  }

  /**
   * A lease on this node's one client for {@code url}: the first lease opens it with {@code
   * poolSize} connections, the last close closes it. {@code watchKeys}: whether {@link #watch}
   * starts real key watches (PARTNERHUB_REDIS_KEY_WATCH).
   */
  public static RedisStore shared(Vertx vertx, String url, int poolSize, boolean watchKeys) {
    LocalMap<String, Clients> node = vertx.sharedData().getLocalMap(NODE_CLIENTS);
    Clients clients =
        node.compute(
            url,
            (key, open) ->
                (open == null ? Clients.open(vertx, url, poolSize, watchKeys) : open).lease());
    return new RedisStore(
        vertx, clients, () -> node.computeIfPresent(url, (key, open) -> open.release()));
  }

  /**
   * A watch of the keys under {@code prefixes} on the caller's context, or {@link KeyWatch#off()}
   * when this client does not watch keys.
   */
  public KeyWatch watch(List<String> prefixes) {
    if (clients.feed == null) {
      return KeyWatch.off();
    }
    KeyWatch watch = KeyWatch.start(vertx, clients.feed, prefixes);
    watches.add(watch);
    return watch;
  }

  /**
   * Keys this process has just changed in Redis: every watch of the node forgets them now, before
   * the change is answered, rather than when Redis's push about them arrives (a revoked session
   * must not be accepted by another verticle instance of the node meanwhile).
   */
  public void changed(List<String> keys) {
    if (clients.feed != null) {
      clients.feed.changed(keys);
    }
  }

  public RedisAPI api() {
    return clients.api;
  }

  /** Sends several commands in one round trip. */
  public Future<List<Response>> batch(List<Request> commands) {
    return clients.redis.batch(commands);
  }

  public void close() {
    watches.forEach(KeyWatch::close);
    release.run();
  }

  /** The client and key feed a node shares, with the count of leases on them. */
  private static final class Clients implements Shareable {
    private final Redis redis;
    private final RedisAPI api;
    private final KeyFeed feed;
    private int leases;

    private Clients(Redis redis, KeyFeed feed) {
      this.redis = redis;
      this.api = RedisAPI.api(redis);
      this.feed = feed;
    }

    static Clients open(Vertx vertx, String url, int poolSize, boolean watchKeys) {
      RedisOptions options =
          new RedisOptions()
              .setConnectionString(url)
              .setMaxPoolSize(poolSize)
              .setMaxPoolWaiting(1024)
              .setMaxWaitingHandlers(4096);
      options.getNetClientOptions().setConnectTimeout(2000);
      return new Clients(
          Redis.createClient(vertx, options), watchKeys ? new KeyFeed(vertx, url) : null);
    }

    Clients lease() {
      leases++;
      return this;
    }

    /**
     * Drops a lease; the last one closes the client (and the map forgets it: the result is null).
     */
    Clients release() {
      if (--leases > 0) {
        return this;
      }
      close();
      return null;
    }

    void close() {
      redis.close();
    }
  }
}
