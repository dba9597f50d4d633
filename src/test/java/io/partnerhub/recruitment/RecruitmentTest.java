package io.partnerhub.recruitment;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.cache.EmbeddedRedisServer;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Mailbox;
import io.partnerhub.support.NodeHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Partner recruitment through HTTP and the real SMTP server: a tenant's open form takes public
 * applications (a honeypot drops bots, limits apply), a vendor user approves one (an onboarding
 * partner and the invitation of its first admin, from which the applicant logs in) or rejects it
 * with a mailed reason, and the partner becomes active once its admin accepts the agreement in
 * force, recorded.
 */
class RecruitmentTest {
  private static void configure(Tenant tenant, String key, String dataType, Object value) {
    Http.Response put =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "recruitment")
                .put("key", key)
                .put("dataType", dataType)
                .put("value", value));
    assertThat(put.status()).as(put.text()).isIn(200, 201);
  }

  private static Tenant openTenant() {
    Tenant tenant = Tenant.create();
    configure(tenant, "open", "boolean", true);
    return tenant;
  }

  private static JsonObject application(Tenant tenant, String email) {
    return new JsonObject()
        .put("subdomain", tenant.subdomain())
        .put("companyName", "Acme Reselling")
        .put("contactName", "Ada Lovelace")
        .put("contactEmail", email)
        .put("partnerType", "reseller")
        .put("website", "https://acme.example")
        .put("message", "We sell a lot.");
  }

  private static String address(Tenant tenant, String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@applicant.test";
  }

  private static Http.Response submit(JsonObject form) {
    return Http.post("/partner-applications", null, form);
  }

  private static JsonObject onlyApplication(Tenant tenant) {
    JsonArray items =
        Http.get("/partner-applications", tenant.token()).json().getJsonArray("items");
    assertThat(items).hasSize(1);
    return items.getJsonObject(0);
  }

  @Test
  void anOpenFormTakesApplicationsAndAHoneypotStoresNothing() {
    Tenant closed = Tenant.create();
    assertThat(submit(application(closed, address(closed, "x"))).status()).isEqualTo(404);
    assertThat(
            submit(application(closed, "x@applicant.test").put("subdomain", "no-such-tenant-x"))
                .status())
        .isEqualTo(404);

    Tenant tenant = openTenant();
    String email = address(tenant, "ada");
    Http.Response received = submit(application(tenant, email));
    assertThat(received.status()).as(received.text()).isEqualTo(202);
    assertThat(received.text()).doesNotContain("id");
    Mailbox.Mail receipt = Mailbox.await(email);
    assertThat(receipt.subject())
        .isEqualTo("Org " + tenant.subdomain() + " received your partner application");
    assertThat(receipt.text()).contains("Hello Ada Lovelace").contains("Acme Reselling");

    Http.Response bot =
        submit(application(tenant, address(tenant, "bot")).put("nickname", "I am a bot"));
    assertThat(bot.status()).isEqualTo(202);
    assertThat(bot.text()).isEqualTo(received.text());
    JsonObject stored = onlyApplication(tenant);
    assertThat(stored.getString("status")).isEqualTo("submitted");
    assertThat(stored.getString("contactEmail")).isEqualTo(email);
  }

  @Test
  void badApplicationsAreA400AndOneAddressAppliesOncePerWindow() {
    Tenant tenant = openTenant();
    configure(
        tenant,
        "customFieldsSchema",
        "json",
        new JsonObject()
            .put("type", "object")
            .put("required", new JsonArray().add("vat"))
            .put(
                "properties", new JsonObject().put("vat", new JsonObject().put("type", "string"))));
    assertThat(
            submit(application(tenant, address(tenant, "a")).put("partnerType", "emperor"))
                .status())
        .isEqualTo(400);
    Http.Response noVat = submit(application(tenant, address(tenant, "b")));
    assertThat(noVat.status()).isEqualTo(400);
    assertThat(noVat.problems()).containsKey("/customFields/vat");
    assertThat(submit(application(tenant, "not an address")).status()).isEqualTo(400);
    assertThat(submit(application(tenant, address(tenant, "c")).put("admin", true)).status())
        .isEqualTo(400);
    assertThat(submit(application(tenant, address(tenant, "d")).put("companyName", " ")).status())
        .isEqualTo(400);

    String email = address(tenant, "once");
    JsonObject good =
        application(tenant, email).put("customFields", new JsonObject().put("vat", "DE1"));
    assertThat(submit(good).status()).isEqualTo(202);
    assertThat(submit(good).status()).isEqualTo(429);
  }

  @Test
  void applicationsAreLimitedPerClientAddress() {
    Tenant tenant = openTenant();
    try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
      PartnerHub node =
          TestApp.start(
              TestApp.settings()
                  .with(Setting.REDIS_URL, redis.url())
                  .with(Setting.APPLICATIONS_MAX_PER_IP, 2)
                  .with(Setting.JOBS, false));
      try {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          statuses.add(
              NodeHttp.send(
                      node,
                      "POST",
                      "/partner-applications",
                      null,
                      application(tenant, address(tenant, "spray" + i)).encode())
                  .statusCode());
        }
        assertThat(statuses).containsExactly(202, 202, 429);
      } finally {
        node.close().await();
      }
    }
  }

  @Test
  void approvalOnboardsThePartnerWhoseAdminAcceptsTheAgreementAndTheParterBecomesActive() {
    Tenant tenant = openTenant();
    configure(
        tenant,
        "agreement",
        "json",
        new JsonObject().put("version", "2026-11").put("text", "Sell well; be fair."));
    String email = address(tenant, "founder");
    submit(application(tenant, email));
    String id = Mailbox.await(email) != null ? onlyApplication(tenant).getString("id") : null;

    String partnerUser =
        Fixtures.userToken(tenant, "partner_user", Fixtures.partner(tenant, "Other"));
    assertThat(Http.post("/partner-applications/" + id + "/approve", partnerUser, null).status())
        .isEqualTo(403);
    assertThat(Http.get("/partner-applications", partnerUser).status()).isEqualTo(403);
    Tenant other = Tenant.create();
    assertThat(Http.post("/partner-applications/" + id + "/approve", other.token(), null).status())
        .isEqualTo(404);

    Http.Response approved =
        Http.post("/partner-applications/" + id + "/approve", tenant.token(), null);
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    assertThat(approved.json().getString("status")).isEqualTo("approved");
    String partnerId = approved.json().getString("partnerId");
    JsonObject partner = Http.get("/partners/" + partnerId, tenant.token()).json();
    assertThat(partner.getString("status")).isEqualTo("onboarding");
    assertThat(partner.getString("name")).isEqualTo("Acme Reselling");
    assertThat(partner.getString("tier")).isEqualTo("registered");
    assertThat(Http.post("/partner-applications/" + id + "/approve", tenant.token(), null).status())
        .isEqualTo(409);

    Mailbox.Mail invitation = Mailbox.awaitCount(email, 2);
    assertThat(invitation.subject()).endsWith("as a member of Acme Reselling");
    Http.Response accepted =
        Http.post(
            "/invitations/accept",
            null,
            new JsonObject()
                .put("token", invitation.token("accept-invitation"))
                .put("password", "the founder's own passphrase"));
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    String admin = accepted.json().getString("token");
    assertThat(accepted.json().getJsonObject("user").getString("partnerId")).isEqualTo(partnerId);
    assertThat(accepted.json().getJsonObject("user").getString("role")).isEqualTo("partner_admin");

    JsonObject agreement = Http.get("/partner-agreement", admin).json();
    assertThat(agreement.getString("version")).isEqualTo("2026-11");
    assertThat(agreement.getString("text")).isEqualTo("Sell well; be fair.");
    assertThat(agreement.getValue("acceptance")).isNull();
    assertThat(
            Http.post(
                    "/partner-agreement/accept", admin, new JsonObject().put("version", "2025-01"))
                .status())
        .isEqualTo(409);
    assertThat(
            Http.post(
                    "/partner-agreement/accept",
                    tenant.token(),
                    new JsonObject().put("version", "2026-11"))
                .status())
        .as("a vendor user accepts for no partner")
        .isEqualTo(403);
    Http.Response accept =
        Http.post("/partner-agreement/accept", admin, new JsonObject().put("version", "2026-11"));
    assertThat(accept.status()).as(accept.text()).isEqualTo(200);
    assertThat(accept.json().getString("userId"))
        .isEqualTo(accepted.json().getJsonObject("user").getString("id"));
    assertThat(accept.json().getString("textSha256"))
        .isEqualTo(io.partnerhub.kernel.Hashes.sha256Hex("Sell well; be fair."));
    assertThat(Http.get("/partners/" + partnerId, tenant.token()).json().getString("status"))
        .isEqualTo("active");
    assertThat(Http.get("/partner-agreement", admin).json().getJsonObject("acceptance"))
        .isEqualTo(accept.json());
    Http.Response again =
        Http.post("/partner-agreement/accept", admin, new JsonObject().put("version", "2026-11"));
    assertThat(again.json()).isEqualTo(accept.json());
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM partner_agreement_acceptances WHERE partner_id = ?::uuid",
                partnerId))
        .isEqualTo(1);
  }

  @Test
  void aRejectionMailsTheReasonEscapedInHtml() {
    Tenant tenant = openTenant();
    String email = address(tenant, "rejected");
    submit(application(tenant, email));
    Mailbox.await(email);
    String id = onlyApplication(tenant).getString("id");
    assertThat(
            Http.post("/partner-applications/" + id + "/reject", tenant.token(), new JsonObject())
                .status())
        .isEqualTo(400);
    Http.Response rejected =
        Http.post(
            "/partner-applications/" + id + "/reject",
            tenant.token(),
            new JsonObject().put("reason", "No <b>overlap</b> with our market & region"));
    assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
    assertThat(rejected.json().getString("status")).isEqualTo("rejected");

    Mailbox.Mail mail = Mailbox.awaitCount(email, 2);
    assertThat(mail.subject()).isEqualTo("Your partner application to Org " + tenant.subdomain());
    assertThat(mail.text()).contains("No <b>overlap</b> with our market & region");
    assertThat(mail.html()).contains("No &lt;b&gt;overlap&lt;/b&gt; with our market &amp; region");
    assertThat(
            Http.post(
                    "/partner-applications/" + id + "/reject",
                    tenant.token(),
                    new JsonObject().put("reason", "again"))
                .status())
        .isEqualTo(409);
    assertThat(
            Http.get("/partner-applications?status=rejected", tenant.token())
                .json()
                .getJsonArray("items"))
        .hasSize(1);
  }
}
