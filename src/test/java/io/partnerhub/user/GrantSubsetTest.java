package io.partnerhub.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whoever is not an admin grants, defines and touches only roles whose permissions it holds itself.
 */
class GrantSubsetTest {
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private Http.Response defineRole(
      String token, String role, JsonArray value, JsonArray defaultValue) {
    JsonObject body =
        new JsonObject().put("category", "roles").put("key", role).put("dataType", "array");
    if (value != null) {
      body.put("value", value);
    }
    if (defaultValue != null) {
      body.put("defaultValue", defaultValue);
    }
    return Http.put("/configurations", token, body);
  }

  private void adminDefines(String role, String... permissions) {
    Http.Response defined =
        defineRole(tenant.token(), role, new JsonArray(List.of(permissions)), null);
    assertThat(defined.status()).as(defined.text()).isEqualTo(201);
  }

  private static Http.Response createUser(String token, String email, String role) {
    return Http.post(
        "/users",
        token,
        new JsonObject().put("email", email).put("password", Tenant.PASSWORD).put("role", role));
  }

  private static Http.Response patch(String token, String id, JsonObject changes) {
    return Http.send("PATCH", "/users/" + id, token, changes, Map.of());
  }

  @Test
  void aUsersWriterCreatesAndMovesUsersOnlyIntoRolesWithinItsOwnPermissions() {
    adminDefines("hr", "users:read", "users:write");
    adminDefines("configurer", "configurations:read", "configurations:write");
    adminDefines("approver", "commissions:read", "commissions:approve");
    adminDefines("reader", "users:read");
    String hr = Fixtures.userToken(tenant, "hr", null);

    for (String role : List.of("configurer", "approver", "manager", "viewer")) {
      Http.Response refused = createUser(hr, role + "@escalation.test", role);
      assertThat(refused.status()).as(role + ": " + refused.text()).isEqualTo(403);
    }
    Http.Response refused = createUser(hr, "approver@escalation.test", "approver");
    assertThat(refused.json().getString("message")).contains("commissions:approve");

    Http.Response reader = createUser(hr, "reader@escalation.test", "reader");
    assertThat(reader.status()).as(reader.text()).isEqualTo(201);
    String readerId = reader.json().getString("id");
    assertThat(patch(hr, readerId, new JsonObject().put("role", "configurer")).status())
        .isEqualTo(403);
    assertThat(patch(hr, readerId, new JsonObject().put("role", "approver")).status())
        .isEqualTo(403);
    assertThat(patch(hr, readerId, new JsonObject().put("role", "hr")).status()).isEqualTo(200);

    // a user whose current role holds more than the actor is out of its reach, whatever the change
    String managerId =
        createUser(tenant.token(), "manager@escalation.test", "manager").json().getString("id");
    assertThat(patch(hr, managerId, new JsonObject().put("role", "reader")).status())
        .isEqualTo(403);
    assertThat(patch(hr, managerId, new JsonObject().put("status", "inactive")).status())
        .isEqualTo(403);
    assertThat(Http.delete("/users/" + managerId, hr).status()).isEqualTo(403);
    assertThat(Http.delete("/users/" + tenant.adminId(), hr).status()).isEqualTo(403);

    assertThat(
            Http.get("/users", tenant.token()).json().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(user -> "active".equals(user.getString("status")))
                .map(user -> user.getString("role")))
        .containsExactlyInAnyOrder("admin", "hr", "hr", "manager");
    assertThat(createUser(tenant.token(), "approver@admin.test", "approver").status())
        .as("admins are exempt")
        .isEqualTo(201);
  }

  @Test
  void roleDefinitionsWrittenThroughConfigurationCannotEscalate() {
    adminDefines("configurer", "configurations:read", "configurations:write");
    String email = "configurer@escalation.test";
    assertThat(createUser(tenant.token(), email, "configurer").status()).isEqualTo(201);
    String configurer = Tenant.login(tenant.subdomain(), email, Tenant.PASSWORD);

    JsonArray own = new JsonArray().add("configurations:read").add("configurations:write");
    JsonArray more = own.copy().add("commissions:approve");
    assertThat(defineRole(configurer, "configurer", more, null).status()).isEqualTo(403);
    assertThat(
            defineRole(configurer, "x", new JsonArray().add("users:write").add("users:read"), null)
                .status())
        .isEqualTo(403);
    assertThat(
            defineRole(configurer, "x", own, new JsonArray().add("commissions:approve")).status())
        .isEqualTo(403);
    assertThat(defineRole(configurer, "viewer", null, more).status()).isEqualTo(403);
    // deleting an override restores the built-in set, which holds permissions the configurer lacks
    adminDefines("viewer", "configurations:read");
    assertThat(Http.delete("/configurations/roles/viewer", configurer).status()).isEqualTo(403);

    Http.Response within =
        defineRole(configurer, "x", new JsonArray().add("configurations:read"), null);
    assertThat(within.status()).as(within.text()).isEqualTo(201);
    assertThat(Http.delete("/configurations/roles/x", configurer).status())
        .as("a custom role restores to nothing")
        .isEqualTo(204);

    // nothing escalated: the configurer logs in with what it had, and can do nothing more
    String again = Tenant.login(tenant.subdomain(), email, Tenant.PASSWORD);
    assertThat(Http.get("/auth/me", again).json().getJsonArray("permissions").getList())
        .containsExactly("configurations:read", "configurations:write");
    assertThat(Http.get("/users", again).status()).isEqualTo(403);
    assertThat(
            Http.get("/configurations/roles/configurer", tenant.token())
                .json()
                .getJsonArray("value"))
        .isEqualTo(own);
    assertThat(
            Http.get("/configurations/roles/viewer", tenant.token()).json().getJsonArray("value"))
        .isEqualTo(new JsonArray().add("configurations:read"));
  }

  @Test
  void aUserWhoseCustomRoleWasDeletedCanStillBeDeactivated() {
    adminDefines("temp", "partners:read");
    String id = createUser(tenant.token(), "temp@roles.test", "temp").json().getString("id");
    assertThat(Http.delete("/configurations/roles/temp", tenant.token()).status()).isEqualTo(204);
    Http.Response deactivated = Http.delete("/users/" + id, tenant.token());
    assertThat(deactivated.status()).as(deactivated.text()).isEqualTo(200);
    assertThat(UUID.fromString(deactivated.json().getString("id"))).isEqualTo(UUID.fromString(id));
  }
}
