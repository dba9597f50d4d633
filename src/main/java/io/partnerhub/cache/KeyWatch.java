package io.partnerhub.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-assisted client-side caching (Redis CLIENT TRACKING in broadcast mode): one dedicated RESP3
 * connection on which Redis pushes the name of every key that changes under the watched prefixes. While
 * that feed is up, a value read from a watched key can be remembered in process and used without asking
 * Redis again; the push that says the key changed removes it. When the feed is down (Redis gone, a silent
 * connection, a server without tracking) nothing is remembered and every read goes to Redis, as before.
 *
 * <p>A read and a push can cross: a value read just before a change may arrive after the change's push.
 * So {@link #remember} takes the {@link #stamp()} taken before the read, and refuses the value if any
 * change was pushed (or the feed dropped) since. One instance belongs to one verticle instance: it is
 * created on that event loop, its pushes are handled there, and it is not shared between threads.
 */
public final class KeyWatch {
  private static final Logger LOG = LoggerFactory.getLogger(KeyWatch.class);
  /** The feed's Redis client name, so CLIENT LIST tells feeds apart from pooled connections. */
  public static final String CLIENT_NAME = "partnerhub-keywatch";
  private static final int REMEMBERED = 10_000;
  private static final long HEARTBEAT_MS = 1000;
  // a feed that has said nothing (not even a PONG) for this long is treated as gone
  private static final long SILENCE_MS = 3000;
  private final Vertx vertx;
  private final String url;
  private final List<String> prefixes;
  private final Map<String, Object> remembered = new LruMap<>(REMEMBERED);
  private long stamp;
  private boolean live;
  private boolean connecting;
  private long lastHeard;
  private Redis client;
  private RedisConnection feed;
  private long timer = -1;

  private KeyWatch(Vertx vertx, String url, List<String> prefixes) {
    this.vertx = vertx;
    this.url = url;
    this.prefixes = prefixes;
  }

  /** Starts watching; until the feed is up (and whenever it is down) nothing is remembered. */
  public static KeyWatch start(Vertx vertx, String url, List<String> prefixes) {
    KeyWatch watch = new KeyWatch(vertx, url, prefixes);
    watch.connect();
    watch.timer = vertx.setPeriodic(HEARTBEAT_MS, id -> watch.heartbeat());
    return watch;
  }

  /** A watch that never remembers anything: every read goes to Redis. */
  public static KeyWatch off() {
    return new KeyWatch(null, null, List.of());
  }

  /** What a read about to be sent must hand to {@link #remember}. */
  public long stamp() {
    return stamp;
  }

  /** The value remembered for {@code key}, or null: then ask Redis. */
  public Object recall(String key) {
    return live ? remembered.get(key) : null;
  }

  /** Keeps a value read from Redis, unless the feed is down or a change was pushed since {@code stamp}. */
  public void remember(String key, Object value, long stamp) {
    if (live && stamp == this.stamp && value != null) {
      remembered.put(key, value);
    }
  }

  /** Drops a key this process has just changed, without waiting for Redis's push about it. */
  public void forget(String key) {
    remembered.remove(key);
    stamp++;
  }

  private void forgetAll() {
    remembered.clear();
    stamp++;
  }

  private void connect() {
    connecting = true;
    lastHeard = System.currentTimeMillis();
    // RESP3 whatever the URL asks for (the last query parameter wins): on RESP2 Redis accepts tracking
    // but has no way to push on the same connection
    RedisOptions options = new RedisOptions().setMaxPoolSize(1)
        .setConnectionString(url + (url.contains("?") ? "&" : "?") + "client=" + CLIENT_NAME + "&protocol=3");
    options.getNetClientOptions().setConnectTimeout((int) SILENCE_MS);
    Redis fresh = Redis.createClient(vertx, options);
    client = fresh;
    fresh.connect().compose(connection -> {
      if (client != fresh) {
        connection.close(); // this attempt was given up on while it connected
        return Future.failedFuture("given up");
      }
      feed = connection;
      connection.handler(this::pushed);
      connection.exceptionHandler(failure -> lost(connection, "failed: " + failure.getMessage()));
      connection.endHandler(v -> lost(connection, "closed"));
      Request tracking = Request.cmd(Command.CLIENT).arg("TRACKING").arg("ON").arg("BCAST");
      prefixes.forEach(prefix -> tracking.arg("PREFIX").arg(prefix));
      return connection.send(tracking);
    }).onComplete(result -> {
      if (client != fresh) {
        return; // given up on meanwhile
      }
      connecting = false;
      if (result.succeeded()) {
        forgetAll();
        live = true;
        lastHeard = System.currentTimeMillis();
        LOG.info("Redis key watch up for {}", prefixes);
      } else {
        LOG.debug("Redis key watch not available, reads ask Redis: {}", result.cause().getMessage());
        drop("not available");
      }
    });
  }

  /** A RESP3 push: {@code invalidate} with the changed keys, or with null when the database was flushed. */
  private void pushed(Response message) {
    lastHeard = System.currentTimeMillis();
    if (message == null || message.type() != ResponseType.PUSH || message.size() < 2
        || !"invalidate".equals(message.get(0).toString())) {
      return;
    }
    Response keys = message.get(1);
    if (keys == null) {
      forgetAll();
      return;
    }
    for (Response key : keys) {
      remembered.remove(key.toString());
    }
    stamp++;
  }

  private void heartbeat() {
    if (!live && !connecting) {
      connect();
      return;
    }
    if (System.currentTimeMillis() - lastHeard > SILENCE_MS) {
      drop("silent for " + SILENCE_MS + " ms");
      return;
    }
    if (live) {
      // A push that arrives while the PING is pending takes the PING's reply slot in the Vert.x client
      // (the PONG then comes through pushed()): either way, something is heard.
      feed.send(Request.cmd(Command.PING)).onSuccess(pong -> lastHeard = System.currentTimeMillis());
    }
  }

  private void lost(RedisConnection connection, String why) {
    if (connection == feed) {
      drop(why);
    }
  }

  /** Forgets everything and closes the feed; the heartbeat reconnects. */
  private void drop(String why) {
    if (live) {
      LOG.warn("Redis key watch lost ({}): reads ask Redis until it is back", why);
    }
    live = false;
    connecting = false;
    forgetAll();
    feed = null;
    if (client != null) {
      client.close();
      client = null;
    }
  }

  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    live = false; // a shutdown, not a loss worth a warning
    drop("closed");
  }
}
