package io.partnerhub.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Fixtures.Member;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A partner admin (role partner_admin, team:read and team:write) manages its own partner's users
 * through /team/members, and nothing beyond: another partner's users and vendor users are 404 by
 * any id, roles change only between partner_user and partner_admin, and row-level security on users
 * holds even for a request the edge would never send.
 */
class PartnerAdminTest {
  private Tenant tenant;
  private UUID acme;
  private UUID rival;
  private Member admin;
  private Member colleague;
  private Member rivalUser;
  private UUID manager;

  @BeforeEach
  void twoPartnersWithTheirUsers() {
    tenant = Tenant.create();
    acme = Fixtures.partner(tenant, "Acme");
    rival = Fixtures.partner(tenant, "Rival");
    admin = Fixtures.member(tenant, "partner_admin", acme);
    colleague = Fixtures.member(tenant, "partner_user", acme);
    rivalUser = Fixtures.member(tenant, "partner_user", rival);
    manager = Fixtures.member(tenant, "manager", null).id();
  }

  private static List<String> ids(Http.Response page) {
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    page.json().getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getString("id")));
    return ids;
  }

  private static Http.Response patch(String token, UUID id, JsonObject changes) {
    return Http.send("PATCH", "/team/members/" + id, token, changes, Map.of());
  }

  private JsonObject stored(UUID id) {
    return new JsonObject(
        (String) TestDb.column("SELECT row_to_json(u)::text FROM users u WHERE id = ?", id).get(0));
  }

  @Test
  void aPartnerAdminListsItsOwnPartnersUsersOnly() {
    assertThat(ids(Http.get("/team/members", admin.token())))
        .containsExactly(admin.id().toString(), colleague.id().toString());
    assertThat(ids(Http.get("/team/members?partnerId=" + acme, admin.token())))
        .containsExactly(admin.id().toString(), colleague.id().toString());
    Http.Response another = Http.get("/team/members?partnerId=" + rival, admin.token());
    assertThat(another.status()).isEqualTo(403);
    assertThat(another.text()).doesNotContain(rivalUser.id().toString());

    JsonObject first = Http.get("/team/members?limit=1", admin.token()).json();
    assertThat(first.getJsonArray("items")).hasSize(1);
    JsonObject second =
        Http.get("/team/members?limit=1&cursor=" + first.getString("nextCursor"), admin.token())
            .json();
    assertThat(second.getJsonArray("items").getJsonObject(0).getString("id"))
        .isEqualTo(colleague.id().toString());
    assertThat(second.getString("nextCursor")).isNull();
  }

  @Test
  void anotherPartnersUserOrAVendorUserIsNotFoundByAnyIdAndStaysAsItWas() {
    for (UUID foreign : List.of(rivalUser.id(), manager, tenant.adminId(), UUID.randomUUID())) {
      List<Object> rows =
          TestDb.column("SELECT row_to_json(u)::text FROM users u WHERE id = ?", foreign);
      Http.Response read = Http.get("/team/members/" + foreign, admin.token());
      Http.Response promote =
          patch(admin.token(), foreign, new JsonObject().put("role", "partner_admin"));
      Http.Response deactivate = Http.delete("/team/members/" + foreign, admin.token());
      for (Http.Response response : List.of(read, promote, deactivate)) {
        assertThat(response.status()).as(response.text()).isEqualTo(404);
        assertThat(response.json().getString("error")).isEqualTo("NOT_FOUND");
        assertThat(response.text()).doesNotContain("Rival", rivalUser.email());
      }
      assertThat(TestDb.column("SELECT row_to_json(u)::text FROM users u WHERE id = ?", foreign))
          .isEqualTo(rows);
    }
    assertThat(Http.get("/auth/me", rivalUser.token()).status()).isEqualTo(200);
  }

  @Test
  void aPartnerAdminPromotesDemotesAndDeactivatesItsTeamAndTheirSessionsEnd() {
    Http.Response promoted =
        patch(admin.token(), colleague.id(), new JsonObject().put("role", "partner_admin"));
    assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);
    assertThat(promoted.json().getString("role")).isEqualTo("partner_admin");
    assertThat(promoted.json().getString("partnerId")).isEqualTo(acme.toString());
    assertThat(Http.get("/auth/me", colleague.token()).status()).isEqualTo(401);

    String again = Tenant.login(tenant.subdomain(), colleague.email(), Tenant.PASSWORD);
    assertThat(Http.get("/auth/me", again).json().getJsonObject("user").getString("role"))
        .isEqualTo("partner_admin");
    assertThat(Http.get("/team/members", again).status()).isEqualTo(200);

    Http.Response demoted =
        Http.send(
            "PATCH",
            "/team/members/" + colleague.id(),
            admin.token(),
            new JsonObject().put("role", "partner_user"),
            Map.of("If-Match", "\"" + promoted.json().getInteger("version") + "\""));
    assertThat(demoted.status()).as(demoted.text()).isEqualTo(200);
    assertThat(demoted.json().getString("role")).isEqualTo("partner_user");
    Http.Response stale =
        Http.send(
            "PATCH",
            "/team/members/" + colleague.id(),
            admin.token(),
            new JsonObject().put("status", "inactive"),
            Map.of("If-Match", "\"" + promoted.json().getInteger("version") + "\""));
    assertThat(stale.status()).isEqualTo(412);

    String last = Tenant.login(tenant.subdomain(), colleague.email(), Tenant.PASSWORD);
    Http.Response deactivated = Http.delete("/team/members/" + colleague.id(), admin.token());
    assertThat(deactivated.status()).as(deactivated.text()).isEqualTo(200);
    assertThat(deactivated.json().getString("status")).isEqualTo("inactive");
    assertThat(Http.get("/auth/me", last).status()).isEqualTo(401);
    Http.Response login =
        Http.post(
            "/auth/login",
            null,
            new JsonObject()
                .put("email", colleague.email())
                .put("password", Tenant.PASSWORD)
                .put("subdomain", tenant.subdomain()));
    assertThat(login.status()).isEqualTo(401);

    Http.Response reactivated =
        patch(admin.token(), colleague.id(), new JsonObject().put("status", "active"));
    assertThat(reactivated.status()).as(reactivated.text()).isEqualTo(200);
    assertThat(reactivated.json().getString("status")).isEqualTo("active");
  }

  @Test
  void aPartnerAdminCannotGrantVendorRolesNorMoveAUserToAnotherPartner() {
    JsonObject before = stored(colleague.id());
    for (String role : List.of("admin", "manager", "viewer", "custom_role", "emperor")) {
      Http.Response refused =
          patch(admin.token(), colleague.id(), new JsonObject().put("role", role));
      assertThat(refused.status()).as(role).isEqualTo(400);
      assertThat(refused.problems()).containsKey("/role");
    }
    Http.Response rebind =
        patch(admin.token(), colleague.id(), new JsonObject().put("partnerId", rival.toString()));
    assertThat(rebind.status()).isEqualTo(400);
    assertThat(stored(colleague.id())).isEqualTo(before);
    assertThat(Http.get("/auth/me", colleague.token()).status()).isEqualTo(200);
  }

  @Test
  void aPartnerAdminCannotChangeItselfNorUseTheVendorsUserManagement() {
    assertThat(
            patch(admin.token(), admin.id(), new JsonObject().put("role", "partner_user")).status())
        .isEqualTo(409);
    assertThat(Http.delete("/team/members/" + admin.id(), admin.token()).status()).isEqualTo(409);

    assertThat(Http.get("/users", admin.token()).status()).isEqualTo(403);
    assertThat(Http.get("/users/" + colleague.id(), admin.token()).status()).isEqualTo(403);
    assertThat(
            Http.send(
                    "PATCH",
                    "/users/" + colleague.id(),
                    admin.token(),
                    new JsonObject().put("role", "manager"),
                    Map.of())
                .status())
        .isEqualTo(403);
    assertThat(
            Http.post(
                    "/users",
                    admin.token(),
                    new JsonObject()
                        .put("email", "new@x.test")
                        .put("password", Tenant.PASSWORD)
                        .put("role", "partner_user")
                        .put("partnerId", acme.toString()))
                .status())
        .isEqualTo(403);
    // a partner user without team:* has no team to manage
    assertThat(Http.get("/team/members", colleague.token()).status()).isEqualTo(403);
    assertThat(Http.delete("/team/members/" + admin.id(), colleague.token()).status())
        .isEqualTo(403);
  }

  /** users:* stay vendor-only: a tenant's override cannot give them to a partner admin. */
  @Test
  void anOverrideCannotGiveAPartnerAdminVendorPermissions() {
    Http.Response override =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "roles")
                .put("key", "partner_admin")
                .put("dataType", "array")
                .put(
                    "value",
                    new JsonArray()
                        .add("team:read")
                        .add("team:write")
                        .add("users:read")
                        .add("users:write")
                        .add("opportunities:approve")));
    assertThat(override.status()).as(override.text()).isEqualTo(201);
    String token = Tenant.login(tenant.subdomain(), admin.email(), Tenant.PASSWORD);
    assertThat(Http.get("/auth/me", token).json().getJsonArray("permissions"))
        .containsExactlyInAnyOrder("team:read", "team:write");
    assertThat(Http.get("/users", token).status()).isEqualTo(403);
    assertThat(Http.get("/team/members", token).status()).isEqualTo(200);
  }

  @Test
  void aPartnerAdminSeesItsPartnersProfileDealsCommissionsAndStatements() {
    JsonObject won = Fixtures.wonDeal(tenant, acme, "initech", "1000.00");
    Fixtures.wonDeal(tenant, rival, "globex", "2000.00");
    assertThat(ids(Http.get("/partners", admin.token()))).containsExactly(acme.toString());
    assertThat(Http.get("/partners/" + rival, admin.token()).status()).isEqualTo(404);
    assertThat(ids(Http.get("/opportunities", admin.token()))).containsExactly(won.getString("id"));
    List<String> commissions =
        io.partnerhub.support.Await.until(
            () -> ids(Http.get("/commissions", admin.token())),
            list -> !list.isEmpty(),
            java.time.Duration.ofSeconds(10));
    assertThat(commissions).hasSize(1);
    String period = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
    Http.Response statement = Http.get("/commissions/statement?period=" + period, admin.token());
    assertThat(statement.status()).as(statement.text()).isEqualTo(200);
    assertThat(statement.json().getJsonArray("items")).hasSize(1);
    assertThat(
            Http.get(
                    "/commissions/statement?period=" + period + "&partnerId=" + rival,
                    admin.token())
                .status())
        .isEqualTo(403);
    Http.Response registered =
        Http.post(
            "/opportunities", admin.token(), Fixtures.deal(null, "Hooli", "hooli.test", "5.00"));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    assertThat(registered.json().getString("partnerId")).isEqualTo(acme.toString());
  }

  @Test
  void aVendorAdminManagesATeamByNamingThePartner() {
    assertThat(Http.get("/team/members", tenant.token()).status()).isEqualTo(400);
    assertThat(ids(Http.get("/team/members?partnerId=" + rival, tenant.token())))
        .containsExactly(rivalUser.id().toString());
    assertThat(Http.get("/team/members?partnerId=" + UUID.randomUUID(), tenant.token()).status())
        .isEqualTo(404);
    assertThat(Http.get("/team/members/" + manager, tenant.token()).status()).isEqualTo(404);
    Http.Response promoted =
        patch(tenant.token(), rivalUser.id(), new JsonObject().put("role", "partner_admin"));
    assertThat(promoted.status()).as(promoted.text()).isEqualTo(200);
  }

  /**
   * The edge never lets a partner admin call the vendor's user endpoints; a request made as if it
   * had (its context signed with users:read and users:write) still reaches only its own partner's
   * users, because the users policy, not the Java code, scopes them.
   */
  @Test
  void rowLevelSecurityHoldsForACraftedRequest() {
    TenantContext crafted =
        TestApp.signed(
            new TenantContext(
                tenant.organizationId(),
                admin.id(),
                Roles.PARTNER_ADMIN,
                Set.of("users:read", "users:write", "team:read", "team:write"),
                acme));
    UserApi.UserPage page = bus(UserApi.LIST, new UserApi.ListUsers(crafted, 200, null));
    assertThat(page.items().stream().map(UserApi.User::id))
        .containsExactlyInAnyOrder(admin.id(), colleague.id());
    for (UUID foreign : List.of(rivalUser.id(), manager, tenant.adminId())) {
      ServiceException refused =
          catchThrowableOfType(
              ServiceException.class,
              () -> bus(UserApi.GET, new UserApi.GetUser(crafted, foreign)));
      assertThat(refused.code()).isEqualTo(FailureCode.NOT_FOUND);
      refused =
          catchThrowableOfType(
              ServiceException.class,
              () -> bus(UserApi.DEACTIVATE, new UserApi.DeactivateUser(crafted, foreign)));
      assertThat(refused.code()).isEqualTo(FailureCode.NOT_FOUND);
    }
    // the same context naming another partner's team on the bus
    ServiceException refused =
        catchThrowableOfType(
            ServiceException.class,
            () -> bus(UserApi.TEAM_LIST, new UserApi.ListTeam(crafted, rival, 200, null)));
    assertThat(refused.code()).isEqualTo(FailureCode.FORBIDDEN);
    assertThat(stored(rivalUser.id()).getString("status")).isEqualTo("active");
  }

  /** The policy itself, as the app role sees it with a partner set, and with none. */
  @Test
  void theUsersPolicyScopesAPartnersTransactionToItsOwnUsers() throws Exception {
    try (Connection conn = TestDb.appRole()) {
      conn.setAutoCommit(false);
      assertThat(usersVisible(conn, acme.toString()))
          .containsExactlyInAnyOrder(admin.id(), colleague.id());
      assertThat(usersVisible(conn, "")).contains(admin.id(), rivalUser.id(), manager);
      try (PreparedStatement update =
          conn.prepareStatement("UPDATE users SET role = 'admin' WHERE id = ?")) {
        scope(conn, acme.toString());
        update.setObject(1, rivalUser.id());
        assertThat(update.executeUpdate()).isZero();
      }
      conn.rollback();
    }
  }

  private void scope(Connection conn, String partner) throws Exception {
    try (PreparedStatement set =
        conn.prepareStatement(
            "SELECT set_config('app.current_organization_id', ?, true),"
                + " set_config('app.current_partner_id', ?, true)")) {
      set.setString(1, tenant.organizationId().toString());
      set.setString(2, partner);
      set.executeQuery().close();
    }
  }

  private List<UUID> usersVisible(Connection conn, String partner) throws Exception {
    scope(conn, partner);
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement select = conn.prepareStatement("SELECT id FROM users");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add((UUID) rows.getObject(1));
      }
    }
    return ids;
  }

  private static <Q, R> R bus(Endpoint<Q, R> endpoint, Q request) {
    return ServiceBus.request(
            TestApp.get().vertx(), endpoint, request, new DeliveryOptions().setSendTimeout(10_000))
        .await();
  }
}
