package io.partnerhub.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.partnerhub.support.TestServers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-assisted client-side caching against the real Redis: what a watch remembers is dropped as
 * soon as Redis pushes a change, whoever made it (here: a plain client standing in for another
 * node), and nothing is remembered while the feed is down.
 */
class KeyWatchTest {
  private static final String PREFIX = "ph:test-watch:";
  // Redis pushes a change within a millisecond on loopback, and a lost feed is back within about a
  // second: this only bounds a broken implementation
  private static final long DEADLINE_MS = 5000;
  private static Vertx vertx;
  private static RedisStore otherNode;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    otherNode = RedisStore.connect(vertx, TestServers.redisUrl(), 2);
  }

  @AfterAll
  static void close() {
    otherNode.close();
    vertx.close().await();
  }

  @Test
  void aSessionEndedInRedisByAnotherNodeIsRefusedHereWithoutWaitingForItsExpiry() {
    Tenant tenant = Tenant.create();
    String token = Tenant.login(tenant.subdomain(), tenant.adminEmail(), Tenant.PASSWORD);
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);

    redis(Request.cmd(Command.DEL).arg(SessionStore.KEY_PREFIX + sessionId(token)));

    assertThat(eventually(() -> Http.get("/auth/me", token).status() == 401)).isTrue();
    assertThat(Http.get("/auth/me", tenant.token()).status())
        .as("the tenant's other session")
        .isEqualTo(200);
  }

  @Test
  void aCacheGenerationBumpedByAnotherNodeDropsTheReadsCachedHere() {
    Tenant tenant = Tenant.create();
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "watched")
            .put("key", "k")
            .put("value", "original")
            .put("dataType", "string"));
    assertThat(value(tenant)).isEqualTo("original");
    TestDb.update(
        "UPDATE configurations SET value = '\"changed\"' WHERE organization_id = ? AND key = 'k'",
        tenant.organizationId());
    assertThat(value(tenant)).as("still cached").isEqualTo("original");

    redis(
        Request.cmd(Command.INCR).arg(ReadCache.generationPrefix("cfg") + tenant.organizationId()));

    assertThat(eventually(() -> value(tenant).equals("changed"))).isTrue();
  }

  @Test
  void aValueIsRecalledUntilItsKeyChangesAndAReadThatCrossedAChangeIsNotKept() {
    watching(
        TestServers.redisUrl(),
        (loop, watch) -> {
          String key = PREFIX + UUID.randomUUID();
          assertThat(remembers(loop, watch, key, "v1")).as("the feed comes up").isTrue();

          long stampBeforeARead = on(loop, watch::stamp);
          redis(Request.cmd(Command.SET).arg(key).arg("v2"));
          assertThat(eventually(() -> on(loop, () -> watch.recall(key) == null))).isTrue();

          on(
              loop,
              () -> {
                watch.remember(key, "v1", stampBeforeARead);
                return null;
              });
          assertThat(on(loop, () -> watch.recall(key)))
              .as("a read from before the change")
              .isNull();
          assertThat(
                  on(
                      loop,
                      () -> {
                        watch.remember(key, "v2", watch.stamp());
                        return watch.recall(key);
                      }))
              .isEqualTo("v2");

          String unwatched = "ph:not-watched:" + UUID.randomUUID();
          on(
              loop,
              () -> {
                watch.remember(unwatched, "kept", watch.stamp());
                return null;
              });
          redis(Request.cmd(Command.SET).arg(unwatched).arg("changed"));
          // pushes come in order: once the one about this later change has arrived, any about the
          // unwatched key would have
          redis(Request.cmd(Command.SET).arg(key).arg("v3"));
          assertThat(eventually(() -> on(loop, () -> watch.recall(key) == null))).isTrue();
          assertThat(on(loop, () -> watch.recall(unwatched)))
              .as("no push outside the prefixes")
              .isEqualTo("kept");
        });
  }

  @Test
  void aLostFeedForgetsEverythingAndTheWatchComesBackByItself() {
    watching(
        TestServers.redisUrl(),
        (loop, watch) -> {
          String key = PREFIX + UUID.randomUUID();
          assertThat(remembers(loop, watch, key, "v")).isTrue();

          killFeeds();

          assertThat(eventually(() -> on(loop, () -> watch.recall(key) == null)))
              .as("forgotten with the feed")
              .isTrue();
          assertThat(remembers(loop, watch, key, "again"))
              .as("remembers again once the feed is back")
              .isTrue();
          // the service's own feeds were killed too: it must still answer, and come back like this
          // one
          Tenant tenant = Tenant.create();
          assertThat(Http.get("/auth/me", tenant.token()).status()).isEqualTo(200);
        });
  }

  @Test
  void aUrlAskingForResp2StillGetsPushes() {
    watching(
        TestServers.redisUrl() + "?protocol=2",
        (loop, watch) -> {
          String key = PREFIX + UUID.randomUUID();
          assertThat(remembers(loop, watch, key, "v")).isTrue();
          redis(Request.cmd(Command.SET).arg(key).arg("changed"));
          assertThat(eventually(() -> on(loop, () -> watch.recall(key) == null))).isTrue();
        });
  }

  @Test
  void aWatchThatIsOffRemembersNothing() {
    KeyWatch off = KeyWatch.off();
    off.remember(PREFIX + "k", "v", off.stamp());
    assertThat(off.recall(PREFIX + "k")).isNull();
  }

  /**
   * Runs {@code test} with a watch of {@link #PREFIX} on an event loop of its own, closed
   * afterwards.
   */
  private static void watching(String url, BiConsumer<Context, KeyWatch> test) {
    Context loop = vertx.getOrCreateContext();
    RedisStore store = RedisStore.shared(vertx, url, 1, true);
    KeyWatch watch = on(loop, () -> store.watch(List.of(PREFIX)));
    try {
      test.accept(loop, watch);
    } finally {
      on(
          loop,
          () -> {
            store.close();
            return null;
          });
    }
  }

  /**
   * Whether the watch keeps {@code value} for {@code key} (once its feed is up, within the
   * deadline).
   */
  private static boolean remembers(Context loop, KeyWatch watch, String key, String value) {
    return eventually(
        () ->
            on(
                loop,
                () -> {
                  watch.remember(key, value, watch.stamp());
                  return value.equals(watch.recall(key));
                }));
  }

  private static String value(Tenant tenant) {
    return Http.get("/configurations/watched/k", tenant.token()).json().getString("value");
  }

  /** The token's session id: its jti claim. */
  private static String sessionId(String token) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    return new JsonObject(payload).getString("jti");
  }

  private static void killFeeds() {
    String clients = redis(Request.cmd(Command.CLIENT).arg("LIST")).toString();
    int killed = 0;
    for (String line : clients.split("\n")) {
      if (line.contains(" name=" + KeyWatch.CLIENT_NAME + " ")) {
        String id = line.substring(3, line.indexOf(' '));
        redis(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(id));
        killed++;
      }
    }
    assertThat(killed).as("feeds found in CLIENT LIST").isPositive();
  }

  private static Response redis(Request request) {
    return otherNode.batch(List.of(request)).await().get(0);
  }

  /** Runs on the watch's event loop: a watch is used from one thread only. */
  private static <T> T on(Context loop, Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(
        v -> {
          try {
            result.complete(work.call());
          } catch (Exception e) {
            result.completeExceptionally(e);
          }
        });
    return result.join();
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (System.currentTimeMillis() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
