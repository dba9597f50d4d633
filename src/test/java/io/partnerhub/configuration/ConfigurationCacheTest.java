package io.partnerhub.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.cache.RedisStore;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.partnerhub.support.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cache is observed from outside: a change made in PostgreSQL behind the service's back stays
 * invisible while the cached read lives, and shows as soon as an API write invalidates the tenant's
 * reads.
 */
class ConfigurationCacheTest {

  @Test
  void aSecondReadIsServedFromRedisAndAWriteInvalidatesEveryCachedReadOfTheTenant() {
    Tenant tenant = Tenant.create();
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "cached")
            .put("key", "k")
            .put("value", "original")
            .put("dataType", "string"));
    assertThat(Http.get("/configurations/cached/k", tenant.token()).json().getString("value"))
        .isEqualTo("original");
    assertThat(
            Http.get("/configurations?category=cached", tenant.token())
                .json()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("value"))
        .isEqualTo("original");

    TestDb.update(
        "UPDATE configurations SET value = '\"changed behind the API\"' WHERE organization_id = ? AND key = 'k'",
        tenant.organizationId());
    assertThat(Http.get("/configurations/cached/k", tenant.token()).json().getString("value"))
        .isEqualTo("original");
    assertThat(
            Http.get("/configurations?category=cached", tenant.token())
                .json()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("value"))
        .isEqualTo("original");

    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "other")
            .put("key", "unrelated")
            .put("value", 1)
            .put("dataType", "integer"));
    assertThat(Http.get("/configurations/cached/k", tenant.token()).json().getString("value"))
        .isEqualTo("changed behind the API");
    assertThat(
            Http.get("/configurations?category=cached", tenant.token())
                .json()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("value"))
        .isEqualTo("changed behind the API");
  }

  @Test
  void aWriteInOneTenantLeavesAnotherTenantsCacheAlone() {
    Tenant a = Tenant.create();
    Tenant b = Tenant.create();
    Http.put(
        "/configurations",
        b.token(),
        new JsonObject()
            .put("category", "c")
            .put("key", "k")
            .put("value", "b1")
            .put("dataType", "string"));
    assertThat(Http.get("/configurations/c/k", b.token()).json().getString("value"))
        .isEqualTo("b1");
    TestDb.update(
        "UPDATE configurations SET value = '\"b2\"' WHERE organization_id = ?", b.organizationId());
    Http.put(
        "/configurations",
        a.token(),
        new JsonObject()
            .put("category", "c")
            .put("key", "k")
            .put("value", "a1")
            .put("dataType", "string"));
    assertThat(Http.get("/configurations/c/k", b.token()).json().getString("value"))
        .isEqualTo("b1");
  }

  @Test
  void aGenerationLostByRedisNeverBringsBackAnEntryCachedUnderAnEarlierOne() {
    Tenant tenant = Tenant.create();
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "lost")
            .put("key", "k")
            .put("value", "original")
            .put("dataType", "string"));
    assertThat(Http.get("/configurations/lost/k", tenant.token()).json().getString("value"))
        .isEqualTo("original");
    TestDb.update(
        "UPDATE configurations SET value = '\"changed\"' WHERE organization_id = ? AND key = 'k'",
        tenant.organizationId());

    // Redis loses the generation (restart without persistence, eviction), then a write starts a new
    // one:
    // it must not repeat the number the in-process and Redis entries were stored under.
    deleteRedisKey("ph:cfg:gen:" + tenant.organizationId());
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "other")
            .put("key", "unrelated")
            .put("value", 1)
            .put("dataType", "integer"));
    assertThat(Http.get("/configurations/lost/k", tenant.token()).json().getString("value"))
        .isEqualTo("changed");
  }

  private static void deleteRedisKey(String key) {
    Vertx vertx = Vertx.vertx();
    try {
      RedisStore.connect(vertx, TestServers.redisUrl(), 1).api().del(List.of(key)).await();
    } finally {
      vertx.close();
    }
  }
}
