package io.partnerhub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may manage webhooks, what a URL must be when saved (the shared app: private addresses not
 * allowed), and that another tenant sees none of them.
 */
class WebhookAccessTest {
  private static Tenant validating;

  /** One tenant for the refusals: none of them writes anything. */
  private static synchronized Tenant validating() {
    if (validating == null) {
      validating = Tenant.create();
    }
    return validating;
  }

  @Test
  void onlyAdminsManageWebhooks() {
    Tenant tenant = Tenant.create();
    String partnerUser =
        Fixtures.userToken(tenant, "partner_user", Fixtures.partner(tenant, "Reseller"));
    for (String token :
        List.of(
            Fixtures.userToken(tenant, "manager", null),
            Fixtures.userToken(tenant, "viewer", null),
            partnerUser)) {
      assertThat(Http.get("/webhooks", token).status()).isEqualTo(403);
      assertThat(Http.post("/webhooks", token, body("https://hooks.example.com/x")).status())
          .isEqualTo(403);
    }
    assertThat(Http.post("/webhooks", tenant.token(), body("https://hooks.example.com/x")).status())
        .isEqualTo(201);
  }

  @Test
  void anotherTenantCanNeitherSeeNorChangeAWebhook() {
    Tenant owner = Tenant.create();
    Tenant other = Tenant.create();
    Http.Response created =
        Http.post("/webhooks", owner.token(), body("https://hooks.example.com/owner"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String path = "/webhooks/" + created.json().getString("id");

    assertThat(Http.get("/webhooks", other.token()).json().getJsonArray("items")).isEmpty();
    assertThat(Http.get(path, other.token()).status()).isEqualTo(404);
    assertThat(Http.get(path + "/deliveries", other.token()).status()).isEqualTo(404);
    assertThat(
            Http.send(
                    "PATCH", path, other.token(), new JsonObject().put("enabled", false), Map.of())
                .status())
        .isEqualTo(404);
    assertThat(Http.post(path + "/rotate-secret", other.token(), null).status()).isEqualTo(404);
    assertThat(
            Http.post(
                    path + "/replay",
                    other.token(),
                    new JsonObject()
                        .put("from", "2026-01-01T00:00:00Z")
                        .put("to", "2026-02-01T00:00:00Z"))
                .status())
        .isEqualTo(404);
    assertThat(Http.delete(path, other.token()).status()).isEqualTo(404);

    assertThat(Http.get(path, owner.token()).json().getBoolean("enabled")).isTrue();
    assertThat(Http.delete(path, owner.token()).status()).isEqualTo(204);
    assertThat(Http.get(path, owner.token()).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://hooks.example.com/plain-http",
        "ftp://hooks.example.com/",
        "https://127.0.0.1/loopback",
        "https://10.1.2.3/private",
        "https://172.16.0.1/private",
        "https://192.168.1.1/private",
        "https://100.64.0.1/cgnat",
        "https://169.254.169.254/latest/meta-data",
        "https://0.0.0.0/",
        "https://[::1]/",
        "https://[fd00::1]/ula",
        "https://[fe80::1]/link-local",
        "https://[::ffff:127.0.0.1]/mapped",
        "https://[::ffff:a9fe:a9fe]/mapped-metadata",
        "https://user:pass@hooks.example.com/",
        "not a url"
      })
  void aUrlThatCannotBeSafeIsRefusedWhenSaved(String url) {
    Http.Response refused = Http.post("/webhooks", validating().token(), body(url));
    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.problems()).containsKey("/url");
  }

  @Test
  void aTenantHasAtMostFiftyWebhooks() {
    Tenant tenant = Tenant.create();
    for (int i = 0; i < WebhookService.MAX_PER_TENANT; i++) {
      assertThat(
              Http.post("/webhooks", tenant.token(), body("https://hooks.example.com/" + i))
                  .status())
          .isEqualTo(201);
    }
    Http.Response refused =
        Http.post("/webhooks", tenant.token(), body("https://hooks.example.com/x"));
    assertThat(refused.status()).as(refused.text()).isEqualTo(409);
  }

  @Test
  void eventTypesMustBeOnesPartnerHubPublishes() {
    Tenant tenant = Tenant.create();
    Http.Response refused =
        Http.post(
            "/webhooks",
            tenant.token(),
            new JsonObject()
                .put("url", "https://hooks.example.com/x")
                .put("eventTypes", new JsonArray().add("partner.created").add("partner.exploded")));
    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.problems().get("/eventTypes")).contains("opportunity.won");
  }

  private static JsonObject body(String url) {
    return new JsonObject()
        .put("url", url)
        .put("eventTypes", new JsonArray().add("opportunity.won"));
  }
}
