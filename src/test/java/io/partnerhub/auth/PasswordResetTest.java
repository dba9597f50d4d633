package io.partnerhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.cache.EmbeddedRedisServer;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Http;
import io.partnerhub.support.Mailbox;
import io.partnerhub.support.NodeHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Password reset through HTTP, the link read from the real SMTP server's mail: the token sets a
 * password once and ends every session; expired, used and forged tokens do nothing; the request
 * answers the same, in about the same time, for accounts that do not exist; it is throttled per
 * account and per client address; the password rules are those of every new password.
 */
class PasswordResetTest {
  private static final String NEW_PASSWORD = "an entirely new passphrase";

  private static Http.Response request(String email, String subdomain) {
    return Http.post(
        "/auth/password-reset",
        null,
        new JsonObject().put("email", email).put("subdomain", subdomain));
  }

  private static Http.Response confirm(String token, String password) {
    return Http.post(
        "/auth/password-reset/confirm",
        null,
        new JsonObject().put("token", token).put("password", password));
  }

  @Test
  void theLinkSetsANewPasswordOnceAndEndsEverySession() {
    Tenant tenant = Tenant.create();
    String otherSession = Tenant.login(tenant.subdomain(), tenant.adminEmail(), Tenant.PASSWORD);
    Http.Response asked = request(tenant.adminEmail().toUpperCase(), tenant.subdomain());
    assertThat(asked.status()).isEqualTo(202);

    Mailbox.Mail mail = Mailbox.await(tenant.adminEmail());
    assertThat(mail.subject()).isEqualTo("Reset your Org " + tenant.subdomain() + " password");
    String token = mail.token("reset-password");
    assertThat(token).startsWith("phr_");

    assertThat(confirm(token, NEW_PASSWORD).status()).isEqualTo(204);
    assertThat(Http.get("/auth/me", tenant.token()).status()).isEqualTo(401);
    assertThat(Http.get("/auth/me", otherSession).status()).isEqualTo(401);
    assertThat(Tenant.login(tenant.subdomain(), tenant.adminEmail(), NEW_PASSWORD)).isNotBlank();
    Http.Response oldPassword =
        Http.post(
            "/auth/login",
            null,
            new JsonObject()
                .put("email", tenant.adminEmail())
                .put("password", Tenant.PASSWORD)
                .put("subdomain", tenant.subdomain()));
    assertThat(oldPassword.status()).isEqualTo(401);

    Http.Response reused = confirm(token, NEW_PASSWORD + " again");
    assertThat(reused.status()).isEqualTo(400);
    assertThat(reused.problems()).containsKey("/token");
  }

  @Test
  void expiredForgedAndOtherTenantsTokensDoNothingAndWeakPasswordsAreRefused() {
    Tenant tenant = Tenant.create();
    Tenant other = Tenant.create();
    request(tenant.adminEmail(), tenant.subdomain());
    String token = Mailbox.await(tenant.adminEmail()).token("reset-password");

    assertThat(confirm(token, "password1234").problems()).containsKey("/password");
    assertThat(confirm(token, "qwertyuiopasdfgh").status()).isEqualTo(400);
    assertThat(confirm(token, "short").status()).isEqualTo(400);
    UUID resetId =
        UUID.fromString(
            TestDb.column(
                    "SELECT id::text FROM password_resets WHERE organization_id = ?",
                    tenant.organizationId())
                .get(0)
                .toString());
    String forged = PasswordResetService.TOKENS.create(other.organizationId(), resetId);
    // the ids part is the first 47 characters (prefix and 43 of base64url), the secret the rest
    forged = forged.substring(0, 47) + token.substring(47);
    assertThat(confirm(forged, NEW_PASSWORD).status()).isEqualTo(400);
    assertThat(confirm("phr_x", NEW_PASSWORD).status()).isEqualTo(400);

    TestDb.update(
        "UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE id = ?",
        resetId);
    assertThat(confirm(token, NEW_PASSWORD).status()).isEqualTo(400);
    assertThat(Tenant.login(tenant.subdomain(), tenant.adminEmail(), Tenant.PASSWORD)).isNotBlank();
  }

  @Test
  void unknownAccountsGetTheSameAnswerInAboutTheSameTimeAndNoMail() {
    Tenant tenant = Tenant.create();
    Http.Response known = request(tenant.adminEmail(), tenant.subdomain());
    Http.Response unknownUser =
        request("nobody@" + tenant.subdomain() + ".test", tenant.subdomain());
    Http.Response unknownTenant = request(tenant.adminEmail(), "no-such-" + tenant.subdomain());
    assertThat(List.of(unknownUser, unknownTenant))
        .allSatisfy(
            answer -> {
              assertThat(answer.status()).isEqualTo(known.status());
              assertThat(answer.text()).isEqualTo(known.text());
            });

    // interleaved, each on an address of its own (the per-account limit): medians within noise
    List<Long> knownTimes = new ArrayList<>();
    List<Long> unknownTimes = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      String email = "user" + i + "@" + tenant.subdomain() + ".test";
      Http.post(
          "/users",
          tenant.token(),
          new JsonObject()
              .put("email", email)
              .put("password", Tenant.PASSWORD)
              .put("role", "viewer"));
      knownTimes.add(timed(email, tenant.subdomain()));
      unknownTimes.add(timed("ghost" + i + "@" + tenant.subdomain() + ".test", tenant.subdomain()));
    }
    long knownMedian = median(knownTimes);
    long unknownMedian = median(unknownTimes);
    assertThat(Math.abs(knownMedian - unknownMedian))
        .as("median %d µs (known) vs %d µs (unknown)", knownMedian / 1000, unknownMedian / 1000)
        .isLessThan(Math.max(10_000_000L, Math.max(knownMedian, unknownMedian) / 2));

    Mailbox.awaitCount("user14@" + tenant.subdomain() + ".test", 1);
    assertThat(Mailbox.to("nobody@" + tenant.subdomain() + ".test")).isEmpty();
    assertThat(Mailbox.to("ghost0@" + tenant.subdomain() + ".test")).isEmpty();
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM password_resets WHERE organization_id = ?",
                tenant.organizationId()))
        .isEqualTo(16);
  }

  @Test
  void requestsAreThrottledPerAccountWhetherItExistsOrNot() {
    Tenant tenant = Tenant.create();
    for (String email : List.of(tenant.adminEmail(), "ghost@" + tenant.subdomain() + ".test")) {
      for (int i = 0; i < 3; i++) {
        assertThat(request(email, tenant.subdomain()).status()).isEqualTo(202);
      }
      Http.Response limited = request(email, tenant.subdomain());
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();
    }
    assertThat(Mailbox.awaitCount(tenant.adminEmail(), 3)).isNotNull();
  }

  @Test
  void requestsAreThrottledPerClientAddress() {
    Tenant tenant = Tenant.create();
    try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
      PartnerHub node =
          TestApp.start(
              TestApp.settings()
                  .with(Setting.REDIS_URL, redis.url())
                  .with(Setting.RESET_MAX_PER_IP, 4)
                  .with(Setting.JOBS, false));
      try {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          statuses.add(
              NodeHttp.send(
                      node,
                      "POST",
                      "/auth/password-reset",
                      null,
                      new JsonObject()
                          .put("email", "spray" + i + "@" + tenant.subdomain() + ".test")
                          .put("subdomain", tenant.subdomain())
                          .encode())
                  .statusCode());
        }
        assertThat(statuses).containsExactly(202, 202, 202, 202, 429);
      } finally {
        node.close().await();
      }
    }
  }

  @Test
  void everyNewPasswordMeetsTheSameRules() {
    Tenant tenant = Tenant.create();
    Http.Response user =
        Http.post(
            "/users",
            tenant.token(),
            new JsonObject()
                .put("email", "weak@" + tenant.subdomain() + ".test")
                .put("password", "Password1234")
                .put("role", "viewer"));
    assertThat(user.status()).isEqualTo(400);
    assertThat(user.problems()).containsKey("/password");
    Http.Response change =
        Http.post(
            "/auth/password",
            tenant.token(),
            new JsonObject()
                .put("currentPassword", Tenant.PASSWORD)
                .put("newPassword", "qwertyqwerty"));
    assertThat(change.status()).isEqualTo(400);
    assertThat(change.problems()).containsKey("/newPassword");
    Http.Response provisioned =
        Http.send(
            "POST",
            "/organizations",
            null,
            new JsonObject()
                .put("name", "Weak")
                .put("subdomain", "w-" + UUID.randomUUID().toString().substring(0, 8))
                .put("adminEmail", "a@weak.test")
                .put("adminPassword", "1q2w3e4r5t6y"),
            java.util.Map.of("X-Platform-Key", TestApp.PLATFORM_KEY));
    assertThat(provisioned.status()).isEqualTo(400);
    assertThat(provisioned.problems()).containsKey("/adminPassword");
  }

  private static long timed(String email, String subdomain) {
    long start = System.nanoTime();
    assertThat(request(email, subdomain).status()).isEqualTo(202);
    return System.nanoTime() - start;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
