package io.partnerhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestServers;
import io.partnerhub.user.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private static Http.Response login(String subdomain, String email, String password) {
    return Http.post("/auth/login", null, new JsonObject().put("email", email).put("password", password)
        .put("subdomain", subdomain));
  }

  @Test
  void loginGivesATokenWhoseSessionNamesTheUser() {
    Http.Response login = login(tenant.subdomain(), tenant.adminEmail(), tenant.adminPassword());
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().getString("token")).isNotBlank();
    assertThat(Instant.parse(login.json().getString("expiresAt"))).isAfter(Instant.now().plusSeconds(3000));
    assertThat(login.json().getJsonObject("user").getString("role")).isEqualTo("admin");
    assertThat(login.json().getJsonObject("user").containsKey("passwordHash")).isFalse();

    JsonObject me = Http.get("/auth/me", login.json().getString("token")).json();
    assertThat(me.getJsonObject("user").getString("id")).isEqualTo(tenant.adminId().toString());
    assertThat(me.getJsonObject("user").getString("organizationId")).isEqualTo(tenant.organizationId().toString());
    assertThat(me.getJsonArray("permissions").getList()).contains("configurations:write");
  }

  @Test
  void emailIsMatchedWithoutRegardToCase() {
    assertThat(login(tenant.subdomain(), tenant.adminEmail().toUpperCase(), tenant.adminPassword()).status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordUnknownEmailAndUnknownOrganizationLookTheSame() {
    Http.Response wrongPassword = login(tenant.subdomain(), tenant.adminEmail(), "not the password at all");
    Http.Response unknownEmail = login(tenant.subdomain(), "nobody@example.test", tenant.adminPassword());
    Http.Response unknownOrg = login("no-such-org-" + UUID.randomUUID().toString().substring(0, 8), tenant.adminEmail(),
        tenant.adminPassword());
    for (Http.Response response : new Http.Response[] {wrongPassword, unknownEmail, unknownOrg}) {
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.json().getString("error")).isEqualTo("UNAUTHENTICATED");
      assertThat(response.json().getString("message")).isEqualTo(wrongPassword.json().getString("message"));
    }
  }

  @Test
  void logoutMakesTheTokenUnusableAtOnce() {
    String token = tenant.token();
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);
    assertThat(Http.post("/auth/logout", token, null).status()).isEqualTo(204);
    Http.Response after = Http.get("/auth/me", token);
    assertThat(after.status()).isEqualTo(401);
    assertThat(Http.get("/configurations", token).status()).isEqualTo(401);
  }

  @Test
  void missingOrMalformedAuthorizationIs401() {
    assertThat(Http.get("/configurations", null).status()).isEqualTo(401);
    assertThat(Http.send("GET", "/configurations", null, null, java.util.Map.of("Authorization", "Basic abc")).status())
        .isEqualTo(401);
    assertThat(Http.get("/configurations", "not-a-jwt").status()).isEqualTo(401);
  }

  /** Signs tokens with the test app's key (or another), for forging exactly the claims a case needs. */
  private static String sign(String secret, JsonObject claims, JWTOptions options) {
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
          new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
      return jwt.generateToken(claims, options.setAlgorithm("HS256"));
    } finally {
      vertx.close();
    }
  }

  /** A live session for a forged token's jti, so only the property under test can reject it. */
  private void liveSession(String sessionId) {
    Vertx vertx = Vertx.vertx();
    try {
      RedisStore redis = RedisStore.connect(vertx, TestServers.redisUrl(), 1);
      new SessionStore(redis).create(new SessionStore.Session(sessionId, tenant.adminId(), tenant.organizationId(),
          tenant.adminEmail(), "admin", null, Roles.permissionsOf("admin"), Instant.now().plusSeconds(600).getEpochSecond()), 600).await();
    } finally {
      vertx.close();
    }
  }

  private JsonObject claims(String sessionId) {
    return new JsonObject().put("jti", sessionId).put("org", tenant.organizationId().toString());
  }

  private JWTOptions validOptions() {
    return new JWTOptions().setIssuer("partnerhub").addAudience("partnerhub-api").setSubject(tenant.adminId().toString());
  }

  @Test
  void aForgedTokenWithAllClaimsAndALiveSessionIsAcceptedSoTheRejectionsBelowMeanSomething() {
    String sessionId = UUID.randomUUID().toString();
    liveSession(sessionId);
    String token = sign(TestApp.JWT_SECRET, claims(sessionId), validOptions().setExpiresInSeconds(600));
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);
  }

  @Test
  void expiredTokenIs401() {
    String sessionId = UUID.randomUUID().toString();
    liveSession(sessionId);
    long past = Instant.now().minusSeconds(120).getEpochSecond();
    String token = sign(TestApp.JWT_SECRET, claims(sessionId).put("exp", past).put("iat", past - 600),
        validOptions().setNoTimestamp(true));
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(401);
  }

  @Test
  void tokenWithoutExpIs401() {
    String sessionId = UUID.randomUUID().toString();
    liveSession(sessionId);
    String token = sign(TestApp.JWT_SECRET, claims(sessionId), validOptions());
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(401);
  }

  @Test
  void tokenSignedWithAnotherKeyIs401() {
    String sessionId = UUID.randomUUID().toString();
    liveSession(sessionId);
    String token = sign("some-other-secret-0123456789-abcdefghijklmnop", claims(sessionId),
        validOptions().setExpiresInSeconds(600));
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(401);
  }

  @Test
  void wrongIssuerOrAudienceIs401() {
    String sessionId = UUID.randomUUID().toString();
    liveSession(sessionId);
    String wrongIssuer = sign(TestApp.JWT_SECRET, claims(sessionId), new JWTOptions().setIssuer("evil")
        .addAudience("partnerhub-api").setSubject(tenant.adminId().toString()).setExpiresInSeconds(600));
    String wrongAudience = sign(TestApp.JWT_SECRET, claims(sessionId), new JWTOptions().setIssuer("partnerhub")
        .addAudience("other-api").setSubject(tenant.adminId().toString()).setExpiresInSeconds(600));
    assertThat(Http.get("/auth/me", wrongIssuer).status()).isEqualTo(401);
    assertThat(Http.get("/auth/me", wrongAudience).status()).isEqualTo(401);
  }

  @Test
  void unsignedAlgNoneTokenIs401() {
    String sessionId = UUID.randomUUID().toString();
    liveSession(sessionId);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject payload = claims(sessionId).put("sub", tenant.adminId().toString()).put("iss", "partnerhub")
        .put("aud", "partnerhub-api").put("exp", Instant.now().plusSeconds(600).getEpochSecond());
    String token = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8)) + ".";
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(401);
  }

  @Test
  void tokenWhoseClaimsDoNotMatchItsSessionIs401() {
    String sessionId = UUID.randomUUID().toString();
    liveSession(sessionId);
    JWTOptions otherUser = new JWTOptions().setIssuer("partnerhub").addAudience("partnerhub-api")
        .setSubject(UUID.randomUUID().toString()).setExpiresInSeconds(600);
    assertThat(Http.get("/auth/me", sign(TestApp.JWT_SECRET, claims(sessionId), otherUser)).status()).isEqualTo(401);
  }

  @Test
  void repeatedFailuresForOneAccountAre429WithRetryAfterEvenWithTheRightPassword() {
    for (int i = 0; i < 5; i++) {
      assertThat(login(tenant.subdomain(), tenant.adminEmail(), "wrong password " + i).status()).isEqualTo(401);
    }
    Http.Response throttled = login(tenant.subdomain(), tenant.adminEmail(), tenant.adminPassword());
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.json().getString("error")).isEqualTo("RATE_LIMITED");
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 900);
    // another account of the same tenant is not affected
    Tenant other = Tenant.create();
    assertThat(login(other.subdomain(), other.adminEmail(), other.adminPassword()).status()).isEqualTo(200);
  }
}
