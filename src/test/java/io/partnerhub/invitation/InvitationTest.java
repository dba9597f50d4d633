package io.partnerhub.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Mailbox;
import io.partnerhub.support.Mailbox.Mail;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Invitations through the HTTP API, the link read from the mail the real SMTP server received:
 * accepting creates the user and logs it in, once; expired, used, revoked, resent-over and forged
 * tokens create nothing; another tenant sees nothing; the inviter grants only what it holds; a
 * partner-scoped inviter invites into its own partner only.
 */
class InvitationTest {
  private static final String NEW_PASSWORD = "a long and unusual passphrase";

  private static String address(Tenant tenant, String who) {
    return who
        + "-"
        + UUID.randomUUID().toString().substring(0, 8)
        + "@"
        + tenant.subdomain()
        + ".test";
  }

  private static Http.Response invite(String token, String email, String role, UUID partnerId) {
    JsonObject body = new JsonObject().put("email", email).put("role", role);
    if (partnerId != null) {
      body.put("partnerId", partnerId.toString());
    }
    return Http.post("/invitations", token, body);
  }

  private static Http.Response accept(String token, String password) {
    return Http.post(
        "/invitations/accept",
        null,
        new JsonObject().put("token", token).put("password", password));
  }

  private static long users(Tenant tenant, String email) {
    return TestDb.count(
        "SELECT count(*) FROM users WHERE organization_id = ? AND email = ?",
        tenant.organizationId(),
        email);
  }

  @Test
  void theInviteeAcceptsWithTheLinkFromTheMailAndIsLoggedInOnce() {
    Tenant tenant = Tenant.create();
    String email = address(tenant, "new");
    Http.Response invited = invite(tenant.token(), email.toUpperCase(), "manager", null);
    assertThat(invited.status()).as(invited.text()).isEqualTo(201);
    assertThat(invited.json().getString("status")).isEqualTo("pending");
    assertThat(invited.json().getString("email")).isEqualTo(email);
    assertThat(invited.text()).doesNotContain("phi_");

    Mail mail = Mailbox.await(email);
    assertThat(mail.fromName()).isEqualTo("Org " + tenant.subdomain());
    assertThat(mail.subject()).isEqualTo("You are invited to Org " + tenant.subdomain());
    assertThat(mail.text()).contains(tenant.adminEmail()).contains("role manager");
    String token = mail.token("accept-invitation");
    assertThat(token).startsWith("phi_");
    assertThat(
            TestDb.column(
                "SELECT token_hash FROM invitations WHERE id = ?::uuid",
                invited.json().getString("id")))
        .doesNotContain(token);

    Http.Response accepted = accept(token, NEW_PASSWORD);
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
    assertThat(accepted.json().getJsonObject("user").getString("role")).isEqualTo("manager");
    Http.Response me = Http.get("/auth/me", accepted.json().getString("token"));
    assertThat(me.json().getJsonObject("user").getString("email")).isEqualTo(email);
    assertThat(Tenant.login(tenant.subdomain(), email, NEW_PASSWORD)).isNotBlank();

    Http.Response again = accept(token, NEW_PASSWORD + "!");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.problems()).containsKey("/token");
    assertThat(users(tenant, email)).isEqualTo(1);
    Http.Response shown =
        Http.get("/invitations/" + invited.json().getString("id"), tenant.token());
    assertThat(shown.json().getString("status")).isEqualTo("accepted");
    assertThat(shown.json().getString("acceptedUserId"))
        .isEqualTo(accepted.json().getJsonObject("user").getString("id"));
    assertThat(eventTypes(tenant)).contains("invitation.created", "invitation.accepted");
  }

  @Test
  void expiredRevokedAndResentOverTokensCreateNothing() {
    Tenant tenant = Tenant.create();
    String expired = address(tenant, "late");
    String expiredId = invite(tenant.token(), expired, "viewer", null).json().getString("id");
    String expiredToken = Mailbox.await(expired).token("accept-invitation");
    TestDb.update(
        "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = ?::uuid",
        expiredId);
    assertThat(accept(expiredToken, NEW_PASSWORD).status()).isEqualTo(400);
    assertThat(Http.get("/invitations/" + expiredId, tenant.token()).json().getString("status"))
        .isEqualTo("expired");

    String revoked = address(tenant, "revoked");
    String revokedId = invite(tenant.token(), revoked, "viewer", null).json().getString("id");
    String revokedToken = Mailbox.await(revoked).token("accept-invitation");
    Http.Response revoke = Http.post("/invitations/" + revokedId + "/revoke", tenant.token(), null);
    assertThat(revoke.status()).as(revoke.text()).isEqualTo(200);
    assertThat(revoke.json().getString("status")).isEqualTo("revoked");
    assertThat(accept(revokedToken, NEW_PASSWORD).status()).isEqualTo(400);
    assertThat(Http.post("/invitations/" + revokedId + "/revoke", tenant.token(), null).status())
        .isEqualTo(409);
    assertThat(Http.post("/invitations/" + revokedId + "/resend", tenant.token(), null).status())
        .isEqualTo(409);

    // an expired invitation resent: the old link stays dead, the new one works
    Http.Response resent = Http.post("/invitations/" + expiredId + "/resend", tenant.token(), null);
    assertThat(resent.status()).as(resent.text()).isEqualTo(200);
    assertThat(resent.json().getInteger("sentCount")).isEqualTo(2);
    String newToken = Mailbox.awaitCount(expired, 2).token("accept-invitation");
    assertThat(newToken).isNotEqualTo(expiredToken);
    assertThat(accept(expiredToken, NEW_PASSWORD).status()).isEqualTo(400);
    assertThat(users(tenant, expired)).isZero();
    assertThat(users(tenant, revoked)).isZero();
    assertThat(accept(newToken, NEW_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void anotherTenantSeesNothingAndAForgedTokenOpensNothing() {
    Tenant tenant = Tenant.create();
    Tenant other = Tenant.create();
    String email = address(tenant, "mine");
    String id = invite(tenant.token(), email, "viewer", null).json().getString("id");
    String token = Mailbox.await(email).token("accept-invitation");

    assertThat(Http.get("/invitations/" + id, other.token()).status()).isEqualTo(404);
    assertThat(Http.post("/invitations/" + id + "/revoke", other.token(), null).status())
        .isEqualTo(404);
    assertThat(Http.post("/invitations/" + id + "/resend", other.token(), null).status())
        .isEqualTo(404);
    assertThat(Http.get("/invitations", other.token()).json().getJsonArray("items")).isEmpty();

    // the other tenant's id in the token's public part, this invitation's id and secret
    String forged = InvitationService.TOKENS.create(other.organizationId(), UUID.fromString(id));
    // the ids part is the first 47 characters (prefix and 43 of base64url), the secret the rest
    forged = forged.substring(0, 47) + token.substring(47);
    for (String bad :
        List.of(
            forged,
            "phi_nonsense",
            token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"),
            token + "x")) {
      Http.Response refused = accept(bad, NEW_PASSWORD);
      assertThat(refused.status()).as(bad).isEqualTo(400);
    }
    assertThat(users(tenant, email)).isZero();
    assertThat(accept(token, NEW_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void theInviterGrantsOnlyWhatItHoldsAndBadInputIsA400() {
    Tenant tenant = Tenant.create();
    UUID partner = Fixtures.partner(tenant, "Acme");
    String manager = Fixtures.userToken(tenant, "manager", null);
    assertThat(invite(manager, address(tenant, "x"), "viewer", null).status())
        .as("manager lacks team:write")
        .isEqualTo(403);
    assertThat(invite(tenant.token(), address(tenant, "x"), "emperor", null).status())
        .isEqualTo(400);
    assertThat(invite(tenant.token(), address(tenant, "x"), "partner_user", null).status())
        .isEqualTo(400);
    assertThat(invite(tenant.token(), address(tenant, "x"), "manager", partner).status())
        .isEqualTo(400);
    assertThat(invite(tenant.token(), "not an address", "viewer", null).status()).isEqualTo(400);
    assertThat(
            Http.post(
                    "/invitations",
                    tenant.token(),
                    new JsonObject()
                        .put("email", address(tenant, "x"))
                        .put("role", "viewer")
                        .put("admin", true))
                .status())
        .isEqualTo(400);
    assertThat(invite(tenant.token(), tenant.adminEmail(), "viewer", null).status())
        .as("an existing user")
        .isEqualTo(409);
    String twice = address(tenant, "twice");
    assertThat(invite(tenant.token(), twice, "viewer", null).status()).isEqualTo(201);
    assertThat(invite(tenant.token(), twice, "viewer", null).status()).isEqualTo(409);

    String partnerEmail = address(tenant, "partner");
    assertThat(invite(tenant.token(), partnerEmail, "partner_user", partner).status())
        .isEqualTo(201);
    String token = Mailbox.await(partnerEmail).token("accept-invitation");
    assertThat(Mailbox.await(partnerEmail).subject()).endsWith("as a member of Acme");
    Http.Response weak = accept(token, "password1234");
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.problems()).containsKey("/password");
    assertThat(accept(token, "short").status()).isEqualTo(400);
    Http.Response accepted = accept(token, NEW_PASSWORD);
    assertThat(accepted.status()).as("the token survives a refused password").isEqualTo(200);
    assertThat(accepted.json().getJsonObject("user").getString("partnerId"))
        .isEqualTo(partner.toString());
  }

  @Test
  void aPartnerScopedInviterInvitesIntoItsOwnPartnerOnly() {
    Tenant tenant = Tenant.create();
    // partner users get the team permissions through the tenant's override of their role
    Http.Response role =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "roles")
                .put("key", "partner_user")
                .put("dataType", "array")
                .put(
                    "value",
                    new JsonArray()
                        .add("partners:read")
                        .add("opportunities:read")
                        .add("team:read")
                        .add("team:write")));
    assertThat(role.status()).as(role.text()).isIn(200, 201);
    UUID mine = Fixtures.partner(tenant, "Mine");
    UUID theirs = Fixtures.partner(tenant, "Theirs");
    String lead = Fixtures.userToken(tenant, "partner_user", mine);
    String theirInvitation =
        invite(tenant.token(), address(tenant, "theirs"), "partner_user", theirs)
            .json()
            .getString("id");

    Http.Response own = invite(lead, address(tenant, "colleague"), "partner_user", null);
    assertThat(own.status()).as(own.text()).isEqualTo(201);
    assertThat(own.json().getString("partnerId")).isEqualTo(mine.toString());
    assertThat(invite(lead, address(tenant, "x"), "partner_user", theirs).status()).isEqualTo(403);
    assertThat(invite(lead, address(tenant, "x"), "viewer", null).status()).isIn(400, 403);
    assertThat(invite(lead, address(tenant, "x"), "admin", null).status()).isIn(400, 403);
    assertThat(Http.get("/invitations/" + theirInvitation, lead).status()).isEqualTo(404);
    assertThat(Http.post("/invitations/" + theirInvitation + "/revoke", lead, null).status())
        .isEqualTo(404);
    assertThat(Http.get("/invitations", lead).json().getJsonArray("items"))
        .extracting(item -> ((JsonObject) item).getString("partnerId"))
        .containsOnly(mine.toString());
  }

  @Test
  void twoAcceptsOfOneTokenAtOnceCreateOneUser() {
    Tenant tenant = Tenant.create();
    String email = address(tenant, "race");
    invite(tenant.token(), email, "viewer", null);
    String token = Mailbox.await(email).token("accept-invitation");
    List<CompletableFuture<Integer>> accepts =
        List.of(
            CompletableFuture.supplyAsync(() -> accept(token, NEW_PASSWORD).status()),
            CompletableFuture.supplyAsync(() -> accept(token, NEW_PASSWORD).status()));
    assertThat(accepts.stream().map(CompletableFuture::join).toList())
        .containsExactlyInAnyOrder(200, 400);
    assertThat(users(tenant, email)).isEqualTo(1);
  }

  @Test
  void invitationsToOneAddressAreRateLimited() {
    Tenant tenant = Tenant.create();
    String email = address(tenant, "flooded");
    String id = invite(tenant.token(), email, "viewer", null).json().getString("id");
    for (int i = 0; i < 4; i++) {
      assertThat(Http.post("/invitations/" + id + "/resend", tenant.token(), null).status())
          .isEqualTo(200);
    }
    Http.Response limited = Http.post("/invitations/" + id + "/resend", tenant.token(), null);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotNull();
    Mailbox.awaitCount(email, 5);
  }

  private static List<String> eventTypes(Tenant tenant) {
    return io.partnerhub.support.Await.until(
        () ->
            Http.get("/events", tenant.token()).json().getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("type"))
                .toList(),
        types -> types.contains("invitation.accepted"),
        java.time.Duration.ofSeconds(10));
  }
}
