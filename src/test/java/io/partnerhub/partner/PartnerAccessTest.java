package io.partnerhub.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A partner that is suspended or terminated loses its users' access: their sessions end with the
 * change, and they cannot log in until the partner is reinstated. Other partners and the vendor's
 * users are untouched.
 */
class PartnerAccessTest {

  @Test
  void suspendingAPartnerEndsItsUsersSessionsAndLoginsUntilItIsReinstated() {
    Tenant tenant = Tenant.create();
    UUID suspended = Fixtures.partner(tenant, "Suspended Ltd");
    UUID other = Fixtures.partner(tenant, "Other Ltd");
    String email = partnerUser(tenant, suspended);
    String token = Tenant.login(tenant.subdomain(), email, Tenant.PASSWORD);
    String otherToken = Fixtures.userToken(tenant, "partner_user", other);
    assertThat(Http.get("/partners/" + suspended, token).status()).isEqualTo(200);

    assertThat(setStatus(tenant, suspended, "suspended", 1).status()).isEqualTo(200);

    assertThat(Http.get("/partners/" + suspended, token).status())
        .as("the session ended")
        .isEqualTo(401);
    Http.Response login = login(tenant, email);
    assertThat(login.status()).isEqualTo(401);
    assertThat(login.json().getString("error")).isEqualTo("UNAUTHENTICATED");
    assertThat(login.json().getString("message"))
        .as("no hint why: same answer as a wrong password")
        .isEqualTo(
            login(tenant, "nobody@" + tenant.subdomain() + ".test").json().getString("message"));
    assertThat(Http.get("/partners/" + other, otherToken).status())
        .as("another partner's user")
        .isEqualTo(200);
    assertThat(Http.get("/partners/" + suspended, tenant.token()).status())
        .as("the vendor's admin")
        .isEqualTo(200);

    assertThat(setStatus(tenant, suspended, "active", 2).status()).isEqualTo(200);
    assertThat(login(tenant, email).status()).isEqualTo(200);
  }

  @Test
  void archivingAPartnerWithUsersEndsTheirSessions() {
    Tenant tenant = Tenant.create();
    UUID partner = Fixtures.partner(tenant, "Archived Ltd");
    String email = partnerUser(tenant, partner);
    String token = Tenant.login(tenant.subdomain(), email, Tenant.PASSWORD);

    Http.Response archived =
        Http.send(
            "DELETE", "/partners/" + partner, tenant.token(), null, Map.of("If-Match", "\"1\""));
    assertThat(archived.status()).as(archived.text()).isEqualTo(200);
    assertThat(archived.json().getString("status")).isEqualTo("terminated");

    assertThat(Http.get("/auth/me", token).status()).isEqualTo(401);
    assertThat(login(tenant, email).status()).isEqualTo(401);
  }

  @Test
  void aChangeThatLeavesThePartnerAllowedKeepsItsUsersSignedIn() {
    Tenant tenant = Tenant.create();
    UUID partner = Fixtures.partner(tenant, "Onboarding Ltd");
    String token = Tenant.login(tenant.subdomain(), partnerUser(tenant, partner), Tenant.PASSWORD);

    assertThat(setStatus(tenant, partner, "onboarding", 1).status()).isEqualTo(200);

    assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);
  }

  private static String partnerUser(Tenant tenant, UUID partner) {
    String email =
        "p-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.subdomain() + ".test";
    Http.Response created =
        Http.post(
            "/users",
            tenant.token(),
            new JsonObject()
                .put("email", email)
                .put("password", Tenant.PASSWORD)
                .put("role", "partner_user")
                .put("partnerId", partner.toString()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return email;
  }

  private static Http.Response setStatus(Tenant tenant, UUID partner, String status, int version) {
    return Http.send(
        "PATCH",
        "/partners/" + partner,
        tenant.token(),
        new JsonObject().put("status", status),
        Map.of("If-Match", "\"" + version + "\""));
  }

  private static Http.Response login(Tenant tenant, String email) {
    return Http.post(
        "/auth/login",
        null,
        new JsonObject()
            .put("email", email)
            .put("password", Tenant.PASSWORD)
            .put("subdomain", tenant.subdomain()));
  }
}
