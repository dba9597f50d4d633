package io.partnerhub.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.NodeHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys through the real HTTP API: create, use, scope, subset, revoke, rate limit. */
class ApiKeyTest {
  private static Tenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = Tenant.create();
  }

  private static JsonObject create(String token, JsonObject body) {
    Http.Response created = Http.post("/api-keys", token, body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  private static String secret(String token, String... permissions) {
    return create(
            token,
            new JsonObject()
                .put("name", "integration")
                .put("permissions", new JsonArray(List.of((Object[]) permissions))))
        .getString("secret");
  }

  @Test
  void aKeyIsShownOnceStoredHashedAndWorksWhereItsPermissionsAllow() {
    Fixtures.partner(tenant, "Acme");
    JsonObject issued =
        create(
            tenant.token(),
            new JsonObject()
                .put("name", "crm sync")
                .put("permissions", new JsonArray().add("partners:read")));
    String secret = issued.getString("secret");
    assertThat(secret).matches("phk_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{43}");
    String id = issued.getJsonObject("apiKey").getString("id");

    assertThat(Http.get("/partners", secret).status()).isEqualTo(200);
    Http.Response write =
        Http.post(
            "/partners",
            secret,
            new JsonObject().put("name", "X").put("type", "reseller").put("tier", "gold"));
    assertThat(write.status()).as(write.text()).isEqualTo(403);
    assertThat(Http.get("/users", secret).status()).isEqualTo(403);

    Http.Response listed = Http.get("/api-keys", tenant.token());
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.text()).contains(id).doesNotContain(secret.substring(48));
    assertThat(listed.text()).doesNotContain("secret");
  }

  @Test
  void aKeyCannotGrantMoreThanItHoldsNorActAsAUser() {
    String keyMaker = secret(tenant.token(), "api_keys:write", "partners:read");
    Http.Response escalation =
        Http.post(
            "/api-keys",
            keyMaker,
            new JsonObject()
                .put("name", "more")
                .put("permissions", new JsonArray().add("partners:write")));
    assertThat(escalation.status()).as(escalation.text()).isEqualTo(403);
    String narrower =
        create(
                keyMaker,
                new JsonObject()
                    .put("name", "less")
                    .put("permissions", new JsonArray().add("partners:read")))
            .getString("secret");
    assertThat(Http.get("/partners", narrower).status()).isEqualTo(200);

    assertThat(Http.get("/auth/me", keyMaker).status()).isEqualTo(403);
    assertThat(Http.post("/auth/logout", keyMaker, null).status()).isEqualTo(403);
    Http.Response password =
        Http.post(
            "/auth/password",
            keyMaker,
            new JsonObject()
                .put("currentPassword", Tenant.PASSWORD)
                .put("newPassword", "another long password"));
    assertThat(password.status()).as(password.text()).isEqualTo(403);
  }

  @Test
  void aPartnerScopedKeySeesOnlyItsPartner() {
    UUID mine = Fixtures.partner(tenant, "Mine");
    UUID other = Fixtures.partner(tenant, "Other");
    String scoped =
        create(
                tenant.token(),
                new JsonObject()
                    .put("name", "partner portal")
                    .put("permissions", new JsonArray().add("partners:read"))
                    .put("partnerId", mine.toString()))
            .getString("secret");
    assertThat(Http.get("/partners/" + mine, scoped).status()).isEqualTo(200);
    assertThat(Http.get("/partners/" + other, scoped).status()).isEqualTo(404);
    Http.Response vendorOnly =
        Http.post(
            "/api-keys",
            tenant.token(),
            new JsonObject()
                .put("name", "bad")
                .put("permissions", new JsonArray().add("users:read"))
                .put("partnerId", mine.toString()));
    assertThat(vendorOnly.status()).as(vendorOnly.text()).isEqualTo(400);
  }

  @Test
  void revocationIsImmediateAndBadSecretsAreRefused() {
    String secret = secret(tenant.token(), "partners:read");
    String id =
        Http.get("/api-keys?limit=200", tenant.token()).json().getJsonArray("items").stream()
            .map(JsonObject.class::cast)
            .reduce((a, b) -> b)
            .orElseThrow()
            .getString("id");
    for (int i = 0; i < 4; i++) {
      assertThat(Http.get("/partners", secret).status()).isEqualTo(200);
    }
    assertThat(Http.delete("/api-keys/" + id, tenant.token()).status()).isEqualTo(204);
    // both HTTP instances of the node, several times: none may still accept it
    for (int i = 0; i < 10; i++) {
      assertThat(Http.get("/partners", secret).status()).isEqualTo(401);
    }
    assertThat(Http.get("/api-keys/" + id, tenant.token()).json().getString("revokedAt"))
        .isNotNull();
    assertThat(Http.delete("/api-keys/" + id, tenant.token()).status()).isEqualTo(204);

    String forged = secret.substring(0, secret.length() - 4) + "AAAA";
    assertThat(Http.get("/partners", forged).status()).isEqualTo(401);
    assertThat(Http.get("/partners", "phk_nonsense").status()).isEqualTo(401);
    assertThat(Http.get("/api-keys/" + UUID.randomUUID(), tenant.token()).status()).isEqualTo(404);
  }

  @Test
  void revocationReachesAnotherNodeWithinASecond() {
    PartnerHub other = TestApp.start(TestApp.settings().with(Setting.MAIL_DISPATCH, false));
    try {
      JsonObject issued =
          create(
              tenant.token(),
              new JsonObject()
                  .put("name", "two nodes")
                  .put("permissions", new JsonArray().add("partners:read")));
      String secret = issued.getString("secret");
      // the other node has the key in its memory, as it would under traffic
      for (int i = 0; i < 4; i++) {
        assertThat(NodeHttp.send(other, "GET", "/partners", secret, null).statusCode())
            .isEqualTo(200);
      }
      String id = issued.getJsonObject("apiKey").getString("id");
      assertThat(Http.delete("/api-keys/" + id, tenant.token()).status()).isEqualTo(204);
      long revoked = System.nanoTime();
      int status = 200;
      while (status == 200 && System.nanoTime() - revoked < Duration.ofSeconds(2).toNanos()) {
        status = NodeHttp.send(other, "GET", "/partners", secret, null).statusCode();
      }
      assertThat(status).isEqualTo(401);
      assertThat(Duration.ofNanos(System.nanoTime() - revoked)).isLessThan(Duration.ofSeconds(1));
    } finally {
      other.close().await();
    }
  }

  @Test
  void lastUseIsRecordedAndExpiryIsBounded() throws InterruptedException {
    JsonObject issued =
        create(
            tenant.token(),
            new JsonObject()
                .put("name", "expiring")
                .put("permissions", new JsonArray().add("partners:read"))
                .put("expiresInDays", 1));
    String id = issued.getJsonObject("apiKey").getString("id");
    assertThat(issued.getJsonObject("apiKey").getString("expiresAt")).isNotNull();
    assertThat(Http.get("/partners", issued.getString("secret")).status()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String lastUsed = null;
    while (lastUsed == null && System.nanoTime() < deadline) {
      lastUsed = Http.get("/api-keys/" + id, tenant.token()).json().getString("lastUsedAt");
    }
    assertThat(lastUsed).isNotNull();

    for (int days : new int[] {0, 731}) {
      Http.Response refused =
          Http.post(
              "/api-keys",
              tenant.token(),
              new JsonObject()
                  .put("name", "x")
                  .put("permissions", new JsonArray().add("partners:read"))
                  .put("expiresInDays", days));
      assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    }
    Http.Response unknown =
        Http.post(
            "/api-keys",
            tenant.token(),
            new JsonObject()
                .put("name", "x")
                .put("permissions", new JsonArray().add("rockets:write")));
    assertThat(unknown.status()).as(unknown.text()).isEqualTo(400);
  }

  @Test
  void eachKeyHasItsRateLimit() {
    PartnerHub limited =
        TestApp.start(TestApp.settings().with(Setting.API_KEY_RATE_LIMIT_PER_MINUTE, 3));
    TestApp.use(limited);
    try {
      String secret = secret(tenant.token(), "partners:read");
      String other = secret(tenant.token(), "partners:read");
      int ok = 0;
      Http.Response refused = null;
      for (int i = 0; i < 10 && refused == null; i++) {
        Http.Response response = Http.get("/partners", secret);
        if (response.status() == 200) {
          ok++;
        } else {
          refused = response;
        }
      }
      // a window boundary between requests may let one more through, never fewer than the limit
      assertThat(ok).isBetween(3, 6);
      assertThat(refused).isNotNull();
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().getString("error")).isEqualTo("RATE_LIMITED");
      assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
      assertThat(Http.get("/partners", other).status()).isEqualTo(200);
    } finally {
      TestApp.restore();
      limited.close().await();
    }
  }
}
