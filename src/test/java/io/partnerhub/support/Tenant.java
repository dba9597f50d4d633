package io.partnerhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/** A fresh organization with a logged-in admin: how tests isolate themselves from each other. */
public record Tenant(
    UUID organizationId,
    UUID adminId,
    String subdomain,
    String adminEmail,
    String adminPassword,
    String token) {
  public static final String PASSWORD = "correct horse battery staple";

  public static Tenant create() {
    String subdomain = "t-" + UUID.randomUUID().toString().substring(0, 12);
    String email = "admin@" + subdomain + ".test";
    Http.Response created =
        Http.send(
            "POST",
            "/organizations",
            null,
            new JsonObject()
                .put("name", "Org " + subdomain)
                .put("subdomain", subdomain)
                .put("adminEmail", email)
                .put("adminPassword", PASSWORD),
            Map.of("X-Platform-Key", TestApp.PLATFORM_KEY));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject body = created.json();
    return new Tenant(
        UUID.fromString(body.getJsonObject("organization").getString("id")),
        UUID.fromString(body.getJsonObject("admin").getString("id")),
        subdomain,
        email,
        PASSWORD,
        login(subdomain, email, PASSWORD));
  }

  public static String login(String subdomain, String email, String password) {
    Http.Response login =
        Http.post(
            "/auth/login",
            null,
            new JsonObject()
                .put("email", email)
                .put("password", password)
                .put("subdomain", subdomain));
    assertThat(login.status()).as(login.text()).isEqualTo(200);
    return login.json().getString("token");
  }
}
