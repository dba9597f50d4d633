package io.partnerhub.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserManagementTest {
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private JsonObject createUser(String email, String role, UUID partnerId) {
    JsonObject body =
        new JsonObject().put("email", email).put("password", Tenant.PASSWORD).put("role", role);
    if (partnerId != null) {
      body.put("partnerId", partnerId.toString());
    }
    Http.Response created = Http.post("/users", tenant.token(), body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  @Test
  void anAdminCreatesListsAndManagesUsersOfEveryRole() {
    UUID partner = Fixtures.partner(tenant, "Acme Resellers");
    createUser("manager@x.test", "manager", null);
    createUser("viewer@x.test", "viewer", null);
    JsonObject partnerUser = createUser("p@x.test", "partner_user", partner);
    assertThat(partnerUser.getString("partnerId")).isEqualTo(partner.toString());
    assertThat(partnerUser.containsKey("passwordHash")).isFalse();

    JsonArray users = Http.get("/users", tenant.token()).json().getJsonArray("items");
    assertThat(users.stream().map(user -> ((JsonObject) user).getString("role")))
        .containsExactlyInAnyOrder("admin", "manager", "viewer", "partner_user");
    JsonObject page = Http.get("/users?limit=2", tenant.token()).json();
    assertThat(page.getJsonArray("items")).hasSize(2);
    assertThat(
            Http.get("/users?limit=2&cursor=" + page.getString("nextCursor"), tenant.token())
                .json()
                .getJsonArray("items"))
        .hasSize(2);
  }

  @Test
  void roleAndPartnerBindingAreValidated() {
    UUID partner = Fixtures.partner(tenant, "P");
    JsonObject base = new JsonObject().put("email", "u@x.test").put("password", Tenant.PASSWORD);
    assertThat(Http.post("/users", tenant.token(), base.copy().put("role", "emperor")).status())
        .isEqualTo(400);
    assertThat(
            Http.post("/users", tenant.token(), base.copy().put("role", "partner_user")).status())
        .isEqualTo(400);
    assertThat(
            Http.post(
                    "/users",
                    tenant.token(),
                    base.copy().put("role", "manager").put("partnerId", partner.toString()))
                .status())
        .isEqualTo(400);
    assertThat(
            Http.post(
                    "/users",
                    tenant.token(),
                    base.copy()
                        .put("role", "partner_user")
                        .put("partnerId", UUID.randomUUID().toString()))
                .status())
        .isEqualTo(400);
    assertThat(
            Http.post(
                    "/users",
                    tenant.token(),
                    base.copy().put("role", "viewer").put("password", "short"))
                .status())
        .isEqualTo(400);
    createUser("dup@x.test", "viewer", null);
    Http.Response duplicate =
        Http.post(
            "/users", tenant.token(), base.copy().put("email", "DUP@x.test").put("role", "viewer"));
    assertThat(duplicate.status()).isEqualTo(409);
  }

  /**
   * Both HTTP instances remember the session (client-side caching); the revocation must reach them
   * before the change is answered, never only when Redis's push arrives a moment later.
   */
  @Test
  void aRevokedSessionIsRefusedByEveryInstanceTheMomentTheChangeIsAnswered() {
    JsonObject user = createUser("flip@x.test", "manager", null);
    int version = user.getInteger("version");
    for (int round = 0; round < 20; round++) {
      String token = Tenant.login(tenant.subdomain(), "flip@x.test", Tenant.PASSWORD);
      for (int read = 0; read < 4; read++) {
        assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);
      }
      Http.Response flipped =
          Http.send(
              "PATCH",
              "/users/" + user.getString("id"),
              tenant.token(),
              new JsonObject().put("role", round % 2 == 0 ? "viewer" : "manager"),
              Map.of("If-Match", "\"" + version + "\""));
      assertThat(flipped.status()).as(flipped.text()).isEqualTo(200);
      version = flipped.json().getInteger("version");
      for (int read = 0; read < 4; read++) {
        assertThat(Http.get("/auth/me", token).status()).as("round " + round).isEqualTo(401);
      }
    }
  }

  @Test
  void changingARoleOrDeactivatingEndsTheUsersSessionsAtOnce() {
    JsonObject user = createUser("changing@x.test", "manager", null);
    String token = Tenant.login(tenant.subdomain(), "changing@x.test", Tenant.PASSWORD);
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(200);

    Http.Response demoted =
        Http.send(
            "PATCH",
            "/users/" + user.getString("id"),
            tenant.token(),
            new JsonObject().put("role", "viewer"),
            Map.of("If-Match", "\"1\""));
    assertThat(demoted.status()).as(demoted.text()).isEqualTo(200);
    assertThat(Http.get("/auth/me", token).status()).isEqualTo(401);

    String viewerToken = Tenant.login(tenant.subdomain(), "changing@x.test", Tenant.PASSWORD);
    assertThat(Http.get("/auth/me", viewerToken).json().getJsonObject("user").getString("role"))
        .isEqualTo("viewer");
    assertThat(
            Http.delete("/users/" + user.getString("id"), tenant.token())
                .json()
                .getString("status"))
        .isEqualTo("inactive");
    assertThat(Http.get("/auth/me", viewerToken).status()).isEqualTo(401);
    Http.Response login =
        Http.post(
            "/auth/login",
            null,
            new JsonObject()
                .put("email", "changing@x.test")
                .put("password", Tenant.PASSWORD)
                .put("subdomain", tenant.subdomain()));
    assertThat(login.status()).isEqualTo(401);
  }

  @Test
  void aStaleVersionIs412AndTheETagIsWhatIfMatchTakes() {
    Http.Response created =
        Http.post(
            "/users",
            tenant.token(),
            new JsonObject()
                .put("email", "v@x.test")
                .put("password", Tenant.PASSWORD)
                .put("role", "viewer"));
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    String path = "/users/" + created.json().getString("id");
    Http.Response stale =
        Http.send(
            "PATCH",
            path,
            tenant.token(),
            new JsonObject().put("role", "manager"),
            Map.of("If-Match", "\"7\""));
    assertThat(stale.status()).isEqualTo(412);

    Http.Response changed =
        Http.send(
            "PATCH",
            path,
            tenant.token(),
            new JsonObject().put("role", "manager"),
            Map.of("If-Match", created.header("ETag")));
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    assertThat(changed.header("ETag")).isEqualTo("\"2\"");
    Http.Response deactivated = Http.delete(path, tenant.token());
    assertThat(deactivated.header("ETag"))
        .isEqualTo("\"" + deactivated.json().getInteger("version") + "\"");
  }

  @Test
  void oneUserIsReadWithItsETagByHoldersOfUsersReadOnly() {
    JsonObject viewer = createUser("read-me@x.test", "viewer", null);
    String path = "/users/" + viewer.getString("id");
    Http.Response read = Http.get(path, tenant.token());
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(read.json().getString("email")).isEqualTo("read-me@x.test");
    assertThat(read.json().containsKey("passwordHash")).isFalse();
    assertThat(read.header("ETag")).isEqualTo("\"1\"");
    assertThat(
            Http.send(
                    "PATCH",
                    path,
                    tenant.token(),
                    new JsonObject().put("role", "manager"),
                    Map.of("If-Match", read.header("ETag")))
                .status())
        .isEqualTo(200);
    assertThat(Http.get(path, tenant.token()).header("ETag")).isEqualTo("\"2\"");

    assertThat(Http.get("/users/" + UUID.randomUUID(), tenant.token()).status()).isEqualTo(404);
    assertThat(Http.get(path, Fixtures.userToken(tenant, "manager", null)).status()).isEqualTo(200);
    assertThat(Http.get(path, Fixtures.userToken(tenant, "viewer", null)).status()).isEqualTo(403);
    UUID partner = Fixtures.partner(tenant, "P");
    assertThat(Http.get(path, Fixtures.userToken(tenant, "partner_user", partner)).status())
        .isEqualTo(403);
    assertThat(Http.get("/users/" + tenant.adminId(), Tenant.create().token()).status())
        .as("another tenant's")
        .isEqualTo(404);
  }

  @Test
  void anAdminCannotLockThemselvesOut() {
    assertThat(Http.delete("/users/" + tenant.adminId(), tenant.token()).status()).isEqualTo(409);
    assertThat(
            Http.send(
                    "PATCH",
                    "/users/" + tenant.adminId(),
                    tenant.token(),
                    new JsonObject().put("role", "viewer"),
                    Map.of())
                .status())
        .isEqualTo(409);
  }

  @Test
  void onlyHoldersOfUsersPermissionsManageUsers() {
    String managerToken = Fixtures.userToken(tenant, "manager", null);
    assertThat(Http.get("/users", managerToken).status()).isEqualTo(200);
    assertThat(
            Http.post(
                    "/users",
                    managerToken,
                    new JsonObject()
                        .put("email", "n@x.test")
                        .put("password", Tenant.PASSWORD)
                        .put("role", "admin"))
                .status())
        .isEqualTo(403);
    String viewerToken = Fixtures.userToken(tenant, "viewer", null);
    assertThat(Http.get("/users", viewerToken).status()).isEqualTo(403);
  }

  @Test
  void aTenantRoleOverrideAppliesAtLoginAndSignsOutItsHolders() {
    String viewerToken = Fixtures.userToken(tenant, "viewer", null);
    assertThat(Http.get("/partners", viewerToken).status()).isEqualTo(200);

    Http.Response override =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "roles")
                .put("key", "viewer")
                .put("dataType", "array")
                .put("value", new JsonArray().add("configurations:read")));
    assertThat(override.status()).as(override.text()).isEqualTo(201);
    assertThat(Http.get("/partners", viewerToken).status()).isEqualTo(401);

    String newViewerToken = Fixtures.userToken(tenant, "viewer", null);
    assertThat(Http.get("/partners", newViewerToken).status()).isEqualTo(403);
    assertThat(Http.get("/configurations", newViewerToken).status()).isEqualTo(200);
    assertThat(Http.get("/auth/me", tenant.token()).status())
        .as("the admin is not signed out")
        .isEqualTo(200);
  }

  @Test
  void customRolesComeFromConfigurationAndBadOverridesAreRefused() {
    assertThat(
            Http.put(
                    "/configurations",
                    tenant.token(),
                    new JsonObject()
                        .put("category", "roles")
                        .put("key", "auditor")
                        .put("dataType", "array")
                        .put("value", new JsonArray().add("configurations:read").add("users:read")))
                .status())
        .isEqualTo(201);
    String auditorToken = Fixtures.userToken(tenant, "auditor", null);
    assertThat(Http.get("/users", auditorToken).status()).isEqualTo(200);
    assertThat(Http.get("/partners", auditorToken).status()).isEqualTo(403);

    assertThat(
            Http.put(
                    "/configurations",
                    tenant.token(),
                    new JsonObject()
                        .put("category", "roles")
                        .put("key", "auditor")
                        .put("dataType", "array")
                        .put("value", new JsonArray().add("everything:write")))
                .status())
        .isEqualTo(400);
    assertThat(
            Http.put(
                    "/configurations",
                    tenant.token(),
                    new JsonObject()
                        .put("category", "roles")
                        .put("key", "admin")
                        .put("dataType", "array")
                        .put("value", new JsonArray()))
                .status())
        .isEqualTo(400);
  }

  @Test
  void noOverrideLetsAPartnerUserActOnTheWholeTenantAndOnlyAdminsMakeAdmins() {
    UUID partner = Fixtures.partner(tenant, "P");
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "roles")
            .put("key", "partner_user")
            .put("dataType", "array")
            .put(
                "value",
                new JsonArray().add("partners:read").add("users:write").add("users:read")));
    String partnerToken = Fixtures.userToken(tenant, "partner_user", partner);
    assertThat(Http.get("/auth/me", partnerToken).json().getJsonArray("permissions").getList())
        .containsExactly("partners:read");
    assertThat(Http.get("/users", partnerToken).status()).isEqualTo(403);

    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "roles")
            .put("key", "hr")
            .put("dataType", "array")
            .put("value", new JsonArray().add("users:read").add("users:write")));
    String hrToken = Fixtures.userToken(tenant, "hr", null);
    JsonObject admin =
        new JsonObject()
            .put("email", "new-admin@x.test")
            .put("password", Tenant.PASSWORD)
            .put("role", "admin");
    assertThat(Http.post("/users", hrToken, admin).status()).isEqualTo(403);
    JsonObject viewer = createUser("promote-me@x.test", "viewer", null);
    assertThat(
            Http.send(
                    "PATCH",
                    "/users/" + viewer.getString("id"),
                    hrToken,
                    new JsonObject().put("role", "admin"),
                    Map.of())
                .status())
        .isEqualTo(403);
    assertThat(Http.post("/users", tenant.token(), admin).status()).isEqualTo(201);
  }

  @Test
  void anotherTenantsUsersCannotBeSeenOrChanged() {
    Tenant other = Tenant.create();
    JsonObject theirs =
        Http.get("/users", other.token()).json().getJsonArray("items").getJsonObject(0);
    assertThat(Http.get("/users", tenant.token()).json().getJsonArray("items")).hasSize(1);
    assertThat(
            Http.send(
                    "PATCH",
                    "/users/" + theirs.getString("id"),
                    tenant.token(),
                    new JsonObject().put("role", "viewer"),
                    Map.of())
                .status())
        .isEqualTo(404);
    assertThat(Http.delete("/users/" + theirs.getString("id"), tenant.token()).status())
        .isEqualTo(404);
    assertThat(Http.get("/auth/me", other.token()).status()).isEqualTo(200);
  }
}
