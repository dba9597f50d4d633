package io.partnerhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.RawHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestServers;
import io.partnerhub.user.Roles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of hostile or dead credential, each a named row, is 401 in the error shape on reads,
 * /auth/me and a write, and never carries a byte of tenant data nor changes anything. Forged rows
 * differ from a control token (accepted, see the first test) in one property only, and each has a
 * live session of its own, so the property under test is the only reason to refuse it.
 */
class HostileTokenTest {
  private static final String PLANTED = "planted-" + UUID.randomUUID();
  private static Tenant tenant;
  private static Tenant other;
  private static RedisStore redis;

  /**
   * A request to make with a hostile credential; the write would create a partner if it got
   * through.
   */
  private record Call(String method, String path, JsonObject body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private static JsonObject newPartner(String name) {
    return new JsonObject()
        .put("name", name)
        .put("type", "reseller")
        .put("tier", "gold")
        .put("status", "active");
  }

  /**
   * Reads, /auth/me and a write that would create a partner named {@code writeName} if it got
   * through.
   */
  private static List<Call> calls(String writeName) {
    return List.of(
        new Call("GET", "/configurations", null),
        new Call("GET", "/partners", null),
        new Call("GET", "/auth/me", null),
        new Call("POST", "/partners", newPartner(writeName)));
  }

  @BeforeAll
  static void tenantsWithDataWorthStealing() {
    redis = RedisStore.connect(TestApp.get().vertx(), TestServers.redisUrl(), 1);
    tenant = Tenant.create();
    other = Tenant.create();
    for (Tenant each : List.of(tenant, other)) {
      Fixtures.partner(each, "Partner of " + each.subdomain());
      assertThat(
              Http.put(
                      "/configurations",
                      each.token(),
                      new JsonObject()
                          .put("category", "secret")
                          .put("key", "planted")
                          .put("value", PLANTED + " of " + each.subdomain())
                          .put("dataType", "string"))
                  .status())
          .isEqualTo(201);
    }
  }

  @AfterAll
  static void closeRedis() {
    redis.close();
  }

  // ---- the control: what every forged row below is a one-property mutation of ----

  /**
   * A live session for the tenant's admin, as login would create it; returns its id (the token's
   * jti).
   */
  private static String liveSession() {
    String sessionId = UUID.randomUUID().toString();
    new SessionStore(redis)
        .create(
            new SessionStore.Session(
                sessionId,
                tenant.adminId(),
                tenant.organizationId(),
                tenant.adminEmail(),
                Roles.ADMIN,
                null,
                Roles.permissionsOf(Roles.ADMIN),
                Instant.now().plusSeconds(600).getEpochSecond()),
            600)
        .await();
    return sessionId;
  }

  /** Exactly the claims the server issues, naming a fresh live session of the tenant's admin. */
  private static JsonObject claims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
        .put("jti", liveSession())
        .put("org", tenant.organizationId().toString())
        .put("sub", tenant.adminId().toString())
        .put("iss", "partnerhub")
        .put("aud", "partnerhub-api")
        .put("iat", now)
        .put("nbf", now)
        .put("exp", now + 600);
  }

  private static String signed(JsonObject claims) {
    return TokenForge.hmac(TokenForge.header("HS256"), claims, TestApp.JWT_SECRET);
  }

  @Test
  void theControlTokenIsAcceptedEverywhereSoEveryRefusalBelowMeansSomething() {
    String token = signed(claims());
    assertThat(Http.get("/auth/me", token).json().getJsonObject("user").getString("id"))
        .isEqualTo(tenant.adminId().toString());
    assertThat(Http.get("/partners", token).text()).contains("Partner of " + tenant.subdomain());
    assertThat(Http.get("/configurations", token).text()).contains(PLANTED);
    Http.Response write = Http.post("/partners", token, newPartner("Control write"));
    assertThat(write.status()).as(write.text()).isEqualTo(201);
  }

  // ---- the hostile rows ----

  private static Named<Supplier<String>> bearer(String name, Supplier<String> token) {
    return Named.of(name, () -> "Bearer " + token.get());
  }

  private static Named<Supplier<String>> header(String name, String authorization) {
    return Named.of(name, () -> authorization);
  }

  private static JsonObject without(String claim) {
    JsonObject claims = claims();
    claims.remove(claim);
    return claims;
  }

  private static JsonObject with(String claim, Object value) {
    return claims().put(claim, value);
  }

  private static String loggedOut() {
    String token = freshLogin();
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);
    assertThat(Http.post("/auth/logout", token, null).status()).isEqualTo(204);
    return token;
  }

  private static String deactivatedUsersToken() {
    String token = Fixtures.userToken(tenant, Roles.MANAGER, null);
    String userId = Http.get("/auth/me", token).json().getJsonObject("user").getString("id");
    assertThat(Http.delete("/users/" + userId, tenant.token()).status()).isEqualTo(200);
    return token;
  }

  private static String freshLogin() {
    return Tenant.login(tenant.subdomain(), tenant.adminEmail(), tenant.adminPassword());
  }

  static Stream<Named<Supplier<String>>> hostileCredentials() {
    long now = Instant.now().getEpochSecond();
    return Stream.of(
        header("no Authorization header", null),
        header("Basic scheme", "Basic YWRtaW46cGFzc3dvcmQ="),
        header("Bearer without a token", "Bearer "),
        bearer("not a JWT", () -> "not-a-jwt"),
        bearer("three empty segments", () -> ".."),
        // algorithm attacks
        bearer(
            "alg none, no signature",
            () -> TokenForge.unsigned(TokenForge.header("none"), claims())),
        bearer(
            "alg NONE, no signature",
            () -> TokenForge.unsigned(TokenForge.header("NONE"), claims())),
        bearer(
            "alg none, real signature kept",
            () ->
                TokenForge.unsigned(TokenForge.header("none"), claims())
                    + TokenForge.signatureOf(freshLogin())),
        bearer(
            "HS256 with a real token's signature removed",
            () -> TokenForge.withoutSignature(freshLogin())),
        bearer(
            "HS256 signed with another secret",
            () ->
                TokenForge.hmac(
                    TokenForge.header("HS256"),
                    claims(),
                    "another-secret-0123456789-abcdefghijklmnop")),
        bearer(
            "HS256 signed with an RSA public key as HMAC secret (key confusion)",
            () ->
                TokenForge.hmac(
                    TokenForge.header("HS256"), claims(), TokenForge.attackerPublicKeyPem())),
        bearer(
            "HS512 signed with the server's secret",
            () -> TokenForge.hmac(TokenForge.header("HS512"), claims(), TestApp.JWT_SECRET)),
        bearer(
            "RS256 signed with the attacker's RSA key",
            () -> TokenForge.rs256(TokenForge.header("RS256"), claims())),
        bearer(
            "RS256 carrying the attacker's key as jwk",
            () ->
                TokenForge.rs256(
                    TokenForge.header("RS256").put("jwk", TokenForge.attackerJwk()), claims())),
        // key selection
        bearer(
            "unknown kid, signed with the server's secret",
            () ->
                TokenForge.hmac(
                    TokenForge.header("HS256").put("kid", "attacker-key"),
                    claims(),
                    TestApp.JWT_SECRET)),
        bearer(
            "unknown kid, signed with another secret",
            () ->
                TokenForge.hmac(
                    TokenForge.header("HS256").put("kid", "attacker-key"),
                    claims(),
                    "attacker-secret-0123456789-abcdefghijkl")),
        bearer(
            "jku pointing elsewhere, signed with the server's secret",
            () ->
                TokenForge.hmac(
                    TokenForge.header("HS256").put("jku", "https://attacker.example/jwks.json"),
                    claims(),
                    TestApp.JWT_SECRET)),
        // tampered payloads under a real token's signature
        bearer(
            "real signature, organization changed to another tenant",
            () -> {
              String real = freshLogin();
              return TokenForge.withPayload(
                  real, TokenForge.payloadOf(real).put("org", other.organizationId().toString()));
            }),
        bearer(
            "real signature, subject changed to another tenant's admin",
            () -> {
              String real = freshLogin();
              return TokenForge.withPayload(
                  real, TokenForge.payloadOf(real).put("sub", other.adminId().toString()));
            }),
        bearer(
            "real signature, role claim added",
            () -> {
              String real = Fixtures.userToken(tenant, Roles.VIEWER, null);
              return TokenForge.withPayload(
                  real,
                  TokenForge.payloadOf(real)
                      .put("role", Roles.ADMIN)
                      .put("permissions", new JsonArray().add("configurations:write")));
            }),
        bearer(
            "real signature, another tenant's whole payload",
            () -> TokenForge.withPayload(freshLogin(), TokenForge.payloadOf(other.token()))),
        // time claims
        bearer("exp missing", () -> signed(without("exp"))),
        bearer("exp passed", () -> signed(with("exp", now - 60))),
        bearer("exp as a string", () -> signed(with("exp", String.valueOf(now + 600)))),
        bearer("iat missing", () -> signed(without("iat"))),
        bearer("iat in the future", () -> signed(with("iat", now + 300))),
        bearer("nbf missing", () -> signed(without("nbf"))),
        bearer("nbf in the future", () -> signed(with("nbf", now + 300))),
        // issuer and audience
        bearer("iss of another issuer", () -> signed(with("iss", "evil"))),
        bearer("iss missing", () -> signed(without("iss"))),
        bearer("aud of another API", () -> signed(with("aud", "other-api"))),
        bearer("aud missing", () -> signed(without("aud"))),
        // sessions
        bearer("jti of no session", () -> signed(with("jti", UUID.randomUUID().toString()))),
        bearer(
            "claims not matching their session (another user's sub)",
            () -> signed(with("sub", UUID.randomUUID().toString()))),
        bearer(
            "session of another tenant's admin under this tenant's ids",
            () -> signed(with("jti", TokenForge.payloadOf(other.token()).getString("jti")))),
        bearer("token after logout", HostileTokenTest::loggedOut),
        bearer("token of a deactivated user", HostileTokenTest::deactivatedUsersToken));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileCredentials")
  void isRefusedWith401AndNoData(Supplier<String> authorization) {
    String credential = authorization.get();
    String writeName = "Hostile write " + UUID.randomUUID();
    SoftAssertions softly = new SoftAssertions();
    for (Call call : calls(writeName)) {
      Map<String, String> headers = new HashMap<>();
      if (credential != null) {
        headers.put("Authorization", credential);
      }
      Http.Response response = Http.send(call.method(), call.path(), null, call.body(), headers);
      softly.assertThat(response.status()).as(call + ": " + response.text()).isEqualTo(401);
      softly
          .assertThat(response.header("WWW-Authenticate"))
          .as(call.toString())
          .isEqualTo("Bearer");
      JsonObject body = response.json();
      softly
          .assertThat(body.fieldNames())
          .as(call + " body keys")
          .containsExactlyInAnyOrder("error", "message", "requestId");
      softly.assertThat(body.getString("error")).as(call.toString()).isEqualTo("UNAUTHENTICATED");
      for (Tenant each : List.of(tenant, other)) {
        softly
            .assertThat(response.text())
            .as(call + " leaks nothing")
            .doesNotContain(
                PLANTED,
                each.subdomain(),
                each.organizationId().toString(),
                each.adminId().toString());
      }
    }
    softly
        .assertThat(Http.get("/partners?limit=200", tenant.token()).text())
        .as("no write got through")
        .doesNotContain(writeName);
    softly.assertAll();
  }

  // ---- another tenant's token, pointed at this tenant ----

  @Test
  void tenantHeadersNeverSwitchTheTenantATokenBelongsTo() {
    // The tenant comes from the session alone; none of these may widen or switch it.
    Map<String, String> pointingAtOther =
        Map.of(
            "Host",
            other.subdomain() + ".partnerhub.example",
            "X-Tenant-Id",
            other.organizationId().toString(),
            "X-Organization-Id",
            other.organizationId().toString(),
            "X-Subdomain",
            other.subdomain(),
            "Authorization",
            "Bearer " + tenant.token());
    int port = TestApp.get().httpPort();
    for (String path : List.of("/auth/me", "/partners", "/configurations", "/users")) {
      RawHttp.Response response =
          new RawHttp(port, null).send("GET", "/api/v1" + path, pointingAtOther, null);
      assertThat(response.status()).as(path).isEqualTo(200);
      assertThat(response.text())
          .as(path)
          .doesNotContain(other.organizationId().toString(), other.subdomain());
    }
    assertThat(
            new RawHttp(port, null).send("GET", "/api/v1/partners", pointingAtOther, null).text())
        .contains("Partner of " + tenant.subdomain());
  }

  @Test
  void anotherTenantsIdsInThePathAre404AndChangeNothing() {
    String othersPartner =
        Http.get("/partners", other.token())
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    String othersDeal =
        Fixtures.register(
                other.token(),
                Fixtures.deal(UUID.fromString(othersPartner), "Foreign Customer", null, "1000.00"))
            .getString("id");
    String token = tenant.token();
    List<Http.Response> responses =
        List.of(
            Http.get("/partners/" + othersPartner, token),
            Http.send(
                "PATCH",
                "/partners/" + othersPartner,
                token,
                new JsonObject().put("region", "stolen"),
                Map.of("If-Match", "\"1\"")),
            Http.delete("/partners/" + othersPartner, token),
            Http.get("/opportunities/" + othersDeal, token),
            Http.send(
                "PATCH",
                "/opportunities/" + othersDeal,
                token,
                new JsonObject().put("name", "stolen"),
                Map.of()),
            Http.post("/opportunities/" + othersDeal + "/approve", token, null),
            Http.get("/opportunities/" + othersDeal + "/stage-history", token),
            Http.send(
                "PATCH",
                "/users/" + other.adminId(),
                token,
                new JsonObject().put("role", Roles.VIEWER),
                Map.of()),
            Http.delete("/users/" + other.adminId(), token));
    for (Http.Response response : responses) {
      assertThat(response.status()).as(response.text()).isEqualTo(404);
      assertThat(response.json().getString("error")).isEqualTo("NOT_FOUND");
      assertThat(response.text())
          .doesNotContain("Foreign Customer", other.subdomain(), other.organizationId().toString());
    }
    JsonObject partner = Http.get("/partners/" + othersPartner, other.token()).json();
    assertThat(partner.getString("status")).isEqualTo("active");
    assertThat(partner.getInteger("version")).isEqualTo(1);
    assertThat(Http.get("/opportunities/" + othersDeal, other.token()).json().getString("name"))
        .doesNotContain("stolen");
    assertThat(Http.get("/auth/me", other.token()).json().getJsonObject("user").getString("role"))
        .isEqualTo(Roles.ADMIN);
  }
}
