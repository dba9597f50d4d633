package io.partnerhub.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Mailbox;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dead letters over HTTP: a tenant's admin lists its mail that failed for good and sends one
 * again, which then reaches the real SMTP server; nobody else sees or resends it.
 */
class DeadLetterApiTest {
  /** A mail the dispatcher gave up on, as it leaves it: dead, with its attempts and last error. */
  private static UUID deadMail(Tenant tenant, String to) {
    UUID id = UUID.randomUUID();
    JsonObject variables =
        new JsonObject()
            .put("opportunityName", "Deal with Initech")
            .put("customerName", "Initech")
            .put("partnerName", "Acme")
            .put("amount", "10.00")
            .put("currency", "EUR")
            .put("detailsLink", TestApp.PUBLIC_URL + "/console/opportunities/" + id);
    TestDb.update(
        "INSERT INTO outgoing_mail (id, organization_id, kind, to_address, variables, dedupe_key,"
            + " state, attempts, last_error, dead_at) VALUES (?, ?, 'registration_submitted', ?,"
            + " ?::jsonb, ?, 'dead', 8, '421 try later', now())",
        id,
        tenant.organizationId(),
        to,
        variables.encode(),
        "dead-" + id);
    return id;
  }

  @Test
  void anAdminListsItsDeadLettersAndResendsOneThatThenArrives() {
    Tenant tenant = Tenant.create();
    String to = "reviewer-" + UUID.randomUUID().toString().substring(0, 8) + "@x.test";
    UUID id = deadMail(tenant, to);

    Http.Response listed = Http.get("/mail/dead-letters", tenant.token());
    assertThat(listed.status()).as(listed.text()).isEqualTo(200);
    JsonArray items = listed.json().getJsonArray("items");
    assertThat(items).hasSize(1);
    JsonObject dead = items.getJsonObject(0);
    assertThat(dead.getString("id")).isEqualTo(id.toString());
    assertThat(dead.getString("kind")).isEqualTo("registration_submitted");
    assertThat(dead.getString("toAddress")).isEqualTo(to);
    assertThat(dead.getInteger("attempts")).isEqualTo(8);
    assertThat(dead.getString("lastError")).isEqualTo("421 try later");
    assertThat(listed.text()).doesNotContain("variables", "/console/");

    Http.Response resent = Http.post("/mail/dead-letters/" + id + "/resend", tenant.token(), null);
    assertThat(resent.status()).as(resent.text()).isEqualTo(200);
    assertThat(resent.json().getInteger("attempts")).isZero();
    assertThat(resent.json().getValue("deadAt")).isNull();
    assertThat(Mailbox.await(to).subject()).isEqualTo("New deal registration: Initech by Acme");
    assertThat(Http.get("/mail/dead-letters", tenant.token()).json().getJsonArray("items"))
        .isEmpty();
    assertThat(Http.post("/mail/dead-letters/" + id + "/resend", tenant.token(), null).status())
        .isEqualTo(404);
  }

  @Test
  void nobodyElseSeesOrResendsATenantsDeadLetters() {
    Tenant tenant = Tenant.create();
    UUID id = deadMail(tenant, "someone@x.test");
    Tenant other = Tenant.create();
    assertThat(Http.get("/mail/dead-letters", other.token()).json().getJsonArray("items"))
        .isEmpty();
    Http.Response foreign = Http.post("/mail/dead-letters/" + id + "/resend", other.token(), null);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(
            Http.post("/mail/dead-letters/" + UUID.randomUUID() + "/resend", tenant.token(), null)
                .status())
        .isEqualTo(404);

    String manager = Fixtures.userToken(tenant, "manager", null);
    String partnerAdmin =
        Fixtures.userToken(tenant, "partner_admin", Fixtures.partner(tenant, "Acme"));
    for (String token : new String[] {manager, partnerAdmin}) {
      assertThat(Http.get("/mail/dead-letters", token).status()).isEqualTo(403);
      assertThat(Http.post("/mail/dead-letters/" + id + "/resend", token, null).status())
          .isEqualTo(403);
    }
    assertThat(TestDb.column("SELECT state FROM outgoing_mail WHERE id = ?", id))
        .containsExactly("dead");
  }
}
