package io.partnerhub.cache;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-assisted client-side caching (Redis CLIENT TRACKING in broadcast mode) for one verticle
 * instance: the node's {@link KeyFeed} tells it the name of every key that changes under its
 * prefixes. While that feed is up, a value read from a watched key can be remembered in process and
 * used without asking Redis again; the push that says the key changed removes it. When the feed is
 * down (Redis gone, a silent connection, a server without tracking) nothing is remembered and every
 * read goes to Redis, as before.
 *
 * <p>A read and a push can cross: a value read just before a change may arrive after the change's
 * push. So {@link #remember} takes the {@link #stamp()} taken before the read, and refuses the
 * value if any change was pushed (or the feed dropped) since. A watch belongs to the context that
 * created it: the feed's news reach it there, in order, and it is not shared between threads.
 */
public final class KeyWatch {
  /** The feed's Redis client name, so CLIENT LIST tells feeds apart from pooled connections. */
  public static final String CLIENT_NAME = "partnerhub-keywatch";

  private static final int REMEMBERED = 10_000;
  private final Vertx vertx;
  private final Context context;
  private final KeyFeed feed;
  private final List<String> prefixes;
  private final Map<String, Object> remembered = new LruMap<>(REMEMBERED);
  // keys this node changed whose forgetting is still queued on this watch's context
  private final Set<String> changing = ConcurrentHashMap.newKeySet();
  private long stamp;
  private boolean live;
  private long timer = -1;

  private KeyWatch(Vertx vertx, KeyFeed feed, List<String> prefixes) {
    this.vertx = vertx;
    this.context = vertx == null ? null : vertx.getOrCreateContext();
    this.feed = feed;
    this.prefixes = prefixes;
  }

  /**
   * Starts watching through the node's feed; until the feed is up (and whenever it is down) nothing
   * is remembered.
   */
  static KeyWatch start(Vertx vertx, KeyFeed feed, List<String> prefixes) {
    KeyWatch watch = new KeyWatch(vertx, feed, List.copyOf(prefixes));
    feed.add(watch);
    watch.timer = vertx.setPeriodic(KeyFeed.HEARTBEAT_MS, id -> feed.beat());
    return watch;
  }

  /** A watch that never remembers anything: every read goes to Redis. */
  public static KeyWatch off() {
    return new KeyWatch(null, null, List.of());
  }

  List<String> prefixes() {
    return prefixes;
  }

  /** What a read about to be sent must hand to {@link #remember}. */
  public long stamp() {
    return stamp;
  }

  /** The value remembered for {@code key}, or null: then ask Redis. */
  public Object recall(String key) {
    return live && !changing.contains(key) ? remembered.get(key) : null;
  }

  /**
   * Keeps a value read from Redis, unless the feed is down or a change was pushed since {@code
   * stamp}.
   */
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

  // The feed's news, from its thread: each is carried onto this watch's context, where they run in
  // order.

  void up() {
    context.runOnContext(
        v -> {
          forgetAll();
          live = true;
        });
  }

  void down() {
    context.runOnContext(
        v -> {
          live = false;
          forgetAll();
        });
  }

  void forgetEverything() {
    context.runOnContext(v -> forgetAll());
  }

  /** Keys Redis says changed; those outside this watch's prefixes do not concern it. */
  void changed(List<String> keys) {
    List<String> mine =
        keys.stream().filter(key -> prefixes.stream().anyMatch(key::startsWith)).toList();
    if (!mine.isEmpty()) {
      // seen at once by this watch's context (a request there after the change's answer must not
      // find the old value), forgotten there when its turn comes
      changing.addAll(mine);
      context.runOnContext(
          v -> {
            mine.forEach(remembered::remove);
            stamp++;
            changing.removeAll(mine);
          });
    }
  }

  /** Stops watching (on this watch's context); the feed closes when its last watch does. */
  public void close() {
    if (feed == null) {
      return;
    }
    vertx.cancelTimer(timer);
    feed.remove(this);
    live = false;
    forgetAll();
  }
}
