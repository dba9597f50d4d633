package io.partnerhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.RawHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /auth/password: the logged-in user changes its password; its other sessions end, this one
 * stays.
 */
class PasswordChangeTest {
  private static final String NEW_PASSWORD = "a brand new passphrase";
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private static JsonObject change(String current, String next) {
    return new JsonObject().put("currentPassword", current).put("newPassword", next);
  }

  private Http.Response login(String password) {
    return Http.post(
        "/auth/login",
        null,
        new JsonObject()
            .put("email", tenant.adminEmail())
            .put("password", password)
            .put("subdomain", tenant.subdomain()));
  }

  @Test
  void theNewPasswordAppliesAndOnlyTheOtherSessionsEnd() {
    String other = Tenant.login(tenant.subdomain(), tenant.adminEmail(), Tenant.PASSWORD);
    Http.Response changed =
        Http.post("/auth/password", tenant.token(), change(Tenant.PASSWORD, NEW_PASSWORD));
    assertThat(changed.status()).as(changed.text()).isEqualTo(204);

    assertThat(Http.get("/auth/me", tenant.token()).status())
        .as("the session that changed it stays")
        .isEqualTo(200);
    assertThat(Http.get("/auth/me", other).status()).isEqualTo(401);
    assertThat(login(Tenant.PASSWORD).status()).isEqualTo(401);
    assertThat(login(NEW_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void aBadChangeIsA400ThatLeavesTheSessionAlone() {
    Http.Response wrong =
        Http.post("/auth/password", tenant.token(), change("not my password at all", NEW_PASSWORD));
    assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
    assertThat(wrong.json().getString("error")).isEqualTo("VALIDATION");
    assertThat(wrong.text()).contains("currentPassword");
    Http.Response tooShort =
        Http.post("/auth/password", tenant.token(), change(Tenant.PASSWORD, "short"));
    assertThat(tooShort.status()).as(tooShort.text()).isEqualTo(400);
    assertThat(Http.post("/auth/password", null, change(Tenant.PASSWORD, NEW_PASSWORD)).status())
        .isEqualTo(401);

    assertThat(Http.get("/auth/me", tenant.token()).status()).isEqualTo(200);
    assertThat(login(Tenant.PASSWORD).status()).as("nothing changed").isEqualTo(200);
  }

  /**
   * Guesses through a stolen session count like login guesses: the account's window fills for both.
   */
  @Test
  void wrongCurrentPasswordsAreThrottledLikeLoginGuesses() {
    InetAddress from = RawHttp.randomLoopbackAddress();
    int perAccount = 5;
    for (int guess = 0; guess < perAccount; guess++) {
      assertThat(changeFrom(from, "wrong guess " + guess).status()).isEqualTo(400);
    }
    RawHttp.Response throttled = changeFrom(from, Tenant.PASSWORD);
    assertThat(throttled.status()).as(throttled.text()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isNotBlank();
    assertThat(login(Tenant.PASSWORD).status())
        .as("the same account window refuses logins")
        .isEqualTo(429);
  }

  private RawHttp.Response changeFrom(InetAddress from, String current) {
    return new RawHttp(TestApp.get().httpPort(), from)
        .send(
            "POST",
            "/api/v1/auth/password",
            Map.of("Content-Type", "application/json", "Authorization", "Bearer " + tenant.token()),
            change(current, NEW_PASSWORD).encode().getBytes(StandardCharsets.UTF_8));
  }
}
