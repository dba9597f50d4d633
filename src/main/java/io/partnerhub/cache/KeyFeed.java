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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one Redis CLIENT TRACKING connection (broadcast mode, RESP3): Redis pushes on it the
 * name of every key that changes under the prefixes of the node's {@link KeyWatch}es, and the feed
 * hands each watch the keys under its prefixes. One feed serves every verticle instance of the
 * node, so the tracking connections do not grow with the instance count.
 *
 * <p>It has no timer of its own: every watch beats it from its own context, so the heartbeat lives
 * as long as any watch does, whichever verticle is undeployed first. Its state is touched from the
 * watches' threads and the connection's, hence the locks; the watches' memories stay on their own
 * threads.
 */
final class KeyFeed {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFeed.class);
  static final long HEARTBEAT_MS = 1000;
  // a feed that has said nothing (not even a PONG) for this long is treated as gone
  private static final long SILENCE_MS = 3000;
  private final Vertx vertx;
  private final String url;
  private final Set<String> prefixes = new LinkedHashSet<>();
  private final List<KeyWatch> watches = new CopyOnWriteArrayList<>();
  private boolean live;
  private boolean connecting;
  private boolean stale; // prefixes were added while connecting: reconnect once connected
  private long lastHeard;
  private long lastBeat;
  private Redis client;
  private RedisConnection feed;

  KeyFeed(Vertx vertx, String url) {
    this.vertx = vertx;
    this.url = url;
  }

  /**
   * Feeds {@code watch} from now on. A prefix new to the node restarts the feed with all of them; a
   * connection still being set up is let finish first (closing it halfway trips the Redis client).
   */
  synchronized void add(KeyWatch watch) {
    watches.add(watch);
    if (!prefixes.addAll(watch.prefixes())) {
      if (live) {
        watch.up();
      }
    } else if (connecting) {
      stale = true;
    } else {
      drop(null);
      connect();
    }
  }

  /** Stops feeding {@code watch}; the last one out closes the connection. */
  synchronized void remove(KeyWatch watch) {
    watches.remove(watch);
    if (watches.isEmpty()) {
      prefixes.clear();
      drop(null);
    }
  }

  /** Called by every watch each heartbeat; acts at most once per heartbeat for all of them. */
  synchronized void beat() {
    long now = System.currentTimeMillis();
    if (watches.isEmpty() || now - lastBeat < HEARTBEAT_MS / 2) {
      return;
    }
    lastBeat = now;
    if (!live && !connecting) {
      connect();
    } else if (now - lastHeard > SILENCE_MS) {
      drop("silent for " + SILENCE_MS + " ms");
    } else if (live) {
      // A push that arrives while the PING is pending takes the PING's reply slot in the Vert.x
      // client
      // (the PONG then comes through pushed()): either way, something is heard.
      feed.send(Request.cmd(Command.PING)).onSuccess(pong -> heard());
    }
  }

  private synchronized void heard() {
    lastHeard = System.currentTimeMillis();
  }

  private void connect() {
    connecting = true;
    stale = false;
    lastHeard = System.currentTimeMillis();
    List<String> tracked = List.copyOf(prefixes);
    // RESP3 whatever the URL asks for (the last query parameter wins): on RESP2 Redis accepts
    // tracking
    // but has no way to push on the same connection
    RedisOptions options =
        new RedisOptions()
            .setMaxPoolSize(1)
            .setConnectionString(
                url
                    + (url.contains("?") ? "&" : "?")
                    + "client="
                    + KeyWatch.CLIENT_NAME
                    + "&protocol=3");
    options.getNetClientOptions().setConnectTimeout((int) SILENCE_MS);
    Redis fresh = Redis.createClient(vertx, options);
    client = fresh;
    fresh
        .connect()
        .compose(
            connection -> {
              synchronized (this) {
                if (client != fresh) {
                  connection.close(); // this attempt was given up on while it connected
                  return Future.failedFuture("given up");
                }
                feed = connection;
              }
              connection.handler(this::pushed);
              connection.exceptionHandler(
                  failure -> lost(connection, "failed: " + failure.getMessage()));
              connection.endHandler(v -> lost(connection, "closed"));
              Request tracking = Request.cmd(Command.CLIENT).arg("TRACKING").arg("ON").arg("BCAST");
              tracked.forEach(prefix -> tracking.arg("PREFIX").arg(prefix));
              return connection.send(tracking);
            })
        .onComplete(result -> connected(fresh, tracked, result.failed() ? result.cause() : null));
  }

  private synchronized void connected(Redis attempt, List<String> tracked, Throwable failure) {
    if (client != attempt) {
      return; // given up on meanwhile
    }
    connecting = false;
    if (failure != null) {
      LOG.debug("Redis key watch not available, reads ask Redis: {}", failure.getMessage());
      drop("not available");
      return;
    }
    if (stale) {
      drop(null);
      connect();
      return;
    }
    live = true;
    lastHeard = System.currentTimeMillis();
    watches.forEach(KeyWatch::up);
    LOG.info("Redis key watch up for {}", tracked);
  }

  /**
   * A RESP3 push: {@code invalidate} with the changed keys, or with null when the database was
   * flushed.
   */
  private void pushed(Response message) {
    heard();
    if (message == null
        || message.type() != ResponseType.PUSH
        || message.size() < 2
        || !"invalidate".equals(message.get(0).toString())) {
      return;
    }
    Response keys = message.get(1);
    if (keys == null) {
      watches.forEach(KeyWatch::forgetEverything);
      return;
    }
    List<String> changed = new ArrayList<>(keys.size());
    keys.forEach(key -> changed.add(key.toString()));
    changed(changed);
  }

  /**
   * Tells every watch of the node that {@code keys} changed (pushed by Redis, or changed by this
   * node).
   */
  void changed(List<String> keys) {
    watches.forEach(watch -> watch.changed(keys));
  }

  private synchronized void lost(RedisConnection connection, String why) {
    if (connection == feed) {
      drop(why);
    }
  }

  /**
   * Every watch forgets everything and the connection closes; the next beat reconnects. {@code
   * why}: null is quiet.
   */
  private void drop(String why) {
    if (live && why != null) {
      LOG.warn("Redis key watch lost ({}): reads ask Redis until it is back", why);
    }
    live = false;
    connecting = false;
    watches.forEach(KeyWatch::down);
    feed = null;
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
