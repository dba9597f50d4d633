package io.partnerhub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.configuration.ConfigurationApi;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.partnerhub.user.Roles;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantIsolationTest {
  private Tenant a;
  private Tenant b;

  @BeforeEach
  void twoTenants() {
    a = Tenant.create();
    b = Tenant.create();
    Http.Response created =
        Http.put(
            "/configurations",
            b.token(),
            new JsonObject()
                .put("category", "secret")
                .put("key", "b_only")
                .put("value", "B's data")
                .put("dataType", "string"));
    assertThat(created.status()).isEqualTo(201);
  }

  @Test
  void overHttpTenantANeverReadsListsChangesOrDeletesBsConfigurations() {
    assertThat(Http.get("/configurations/secret/b_only", a.token()).status()).isEqualTo(404);
    assertThat(Http.get("/configurations", a.token()).json().getJsonArray("items")).isEmpty();
    assertThat(Http.get("/configurations?category=secret", a.token()).json().getJsonArray("items"))
        .isEmpty();
    assertThat(
            Http.get("/configurations/secret/b_only/history", a.token())
                .json()
                .getJsonArray("items"))
        .isEmpty();
    assertThat(Http.delete("/configurations/secret/b_only", a.token()).status()).isEqualTo(404);

    // the same name written by A is A's own row; B's is untouched
    Http.Response own =
        Http.put(
            "/configurations",
            a.token(),
            new JsonObject()
                .put("category", "secret")
                .put("key", "b_only")
                .put("value", "A's data")
                .put("dataType", "string"));
    assertThat(own.status()).isEqualTo(201);
    assertThat(Http.get("/configurations/secret/b_only", b.token()).json().getString("value"))
        .isEqualTo("B's data");
    assertThat(
            Http.get("/configurations/secret/b_only/history", b.token())
                .json()
                .getJsonArray("items"))
        .hasSize(1);
  }

  private static TenantContext adminOf(Tenant tenant) {
    return TestApp.signed(
        new TenantContext(
            tenant.organizationId(),
            tenant.adminId(),
            Roles.ADMIN,
            Roles.permissionsOf(Roles.ADMIN),
            null));
  }

  private static <Q, R> R onBus(io.partnerhub.bus.Endpoint<Q, R> endpoint, Q request) {
    return ServiceBus.request(
            TestApp.get().vertx(), endpoint, request, new DeliveryOptions().setSendTimeout(5000))
        .await();
  }

  @Test
  void onTheBusTenantAsContextNeverReachesBsRows() {
    ServiceException notFound =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                onBus(
                    ConfigurationApi.GET_VALUE,
                    new ConfigurationApi.GetConfigurationValue(
                        adminOf(a), "secret", "b_only", null)));
    assertThat(notFound.code()).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(
            onBus(
                    ConfigurationApi.LIST,
                    new ConfigurationApi.ListConfigurations(adminOf(a), null, null, null))
                .items())
        .isEmpty();
    ServiceException delete =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                onBus(
                    ConfigurationApi.DELETE,
                    new ConfigurationApi.DeleteConfiguration(
                        adminOf(a), "secret", "b_only", null)));
    assertThat(delete.code()).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(
            onBus(
                    ConfigurationApi.GET_VALUE,
                    new ConfigurationApi.GetConfigurationValue(
                        adminOf(b), "secret", "b_only", null))
                .value())
        .isEqualTo("B's data");
  }

  @Test
  void onTheBusARequestWithoutContextOrPermissionIsRefused() {
    ServiceException noContext =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                onBus(
                    ConfigurationApi.LIST,
                    new ConfigurationApi.ListConfigurations(null, null, null, null)));
    assertThat(noContext.code()).isEqualTo(FailureCode.UNAUTHENTICATED);

    TenantContext viewer =
        TestApp.signed(
            new TenantContext(
                b.organizationId(),
                b.adminId(),
                Roles.VIEWER,
                Roles.permissionsOf(Roles.VIEWER),
                null));
    ServiceException forbidden =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                onBus(
                    ConfigurationApi.DELETE,
                    new ConfigurationApi.DeleteConfiguration(viewer, "secret", "b_only", null)));
    assertThat(forbidden.code()).isEqualTo(FailureCode.FORBIDDEN);
    TenantContext partial =
        TestApp.signed(
            new TenantContext(
                b.organizationId(), null, Roles.ADMIN, Set.of("configurations:read"), null));
    assertThat(
            catchThrowableOfType(
                    ServiceException.class,
                    () ->
                        onBus(
                            ConfigurationApi.LIST,
                            new ConfigurationApi.ListConfigurations(partial, null, null, null)))
                .code())
        .isEqualTo(FailureCode.UNAUTHENTICATED);
  }

  @Test
  void aUserWithoutThePermissionGets403OverHttp() {
    String email = "viewer@" + b.subdomain() + ".test";
    TestDb.update(
        "INSERT INTO users (organization_id, email, password_hash, role) SELECT organization_id, ?, password_hash, 'viewer'"
            + " FROM users WHERE id = ?",
        email,
        b.adminId());
    String viewerToken = Tenant.login(b.subdomain(), email, Tenant.PASSWORD);
    assertThat(Http.get("/configurations/secret/b_only", viewerToken).status()).isEqualTo(200);
    Http.Response forbidden =
        Http.put(
            "/configurations",
            viewerToken,
            new JsonObject()
                .put("category", "secret")
                .put("key", "b_only")
                .put("value", "changed")
                .put("dataType", "string"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().getString("error")).isEqualTo("FORBIDDEN");
    assertThat(Http.delete("/configurations/secret/b_only", viewerToken).status()).isEqualTo(403);
    assertThat(Http.get("/configurations/secret/b_only", b.token()).json().getString("value"))
        .isEqualTo("B's data");
  }

  @Test
  void everyTenantTableForcesRowLevelSecurity() {
    var unprotected =
        TestDb.column(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind = 'r'"
                + " AND (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id')"
                + "      OR c.relname = 'organizations')"
                + " AND NOT (c.relrowsecurity AND c.relforcerowsecurity)");
    assertThat(unprotected).isEmpty();
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id'"
                    + " WHERE n.nspname = 'public' AND c.relkind = 'r'"))
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void theAppRoleCannotBypassRlsAndOwnsNothing() {
    assertThat(
            TestDb.column(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'partnerhub_app'"))
        .containsExactly(false);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles"
                    + " WHERE rolname = 'partnerhub_app')"))
        .isZero();
  }

  @Test
  void withNoTenantSetTheAppRoleSeesNoRowsAndCannotWrite() throws Exception {
    try (Connection conn = TestDb.appRole();
        Statement st = conn.createStatement()) {
      List<Object> tables =
          TestDb.column(
              "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'flyway_schema_history'");
      assertThat(tables)
          .contains("organizations", "users", "configurations", "partners", "opportunities");
      for (Object table : tables) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          assertThat(rs.getLong(1)).as(table.toString()).isZero();
        }
      }
      assertThat(
              catchThrowableOfType(
                      java.sql.SQLException.class,
                      () ->
                          st.executeUpdate(
                              "INSERT INTO configurations (organization_id, category, key, data_type) VALUES ('"
                                  + b.organizationId()
                                  + "', 'x', 'y', 'string')"))
                  .getSQLState())
          .isEqualTo("42501");
    }
  }

  @Test
  void theTenantSettingDiesWithItsTransactionOnAPooledConnection() throws Exception {
    try (Connection conn = TestDb.appRole();
        Statement st = conn.createStatement()) {
      conn.setAutoCommit(false);
      st.execute(
          "SELECT set_config('app.current_organization_id', '" + a.organizationId() + "', true)");
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM organizations")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
      conn.commit();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT coalesce(current_setting('app.current_organization_id', true), ''),"
                  + " (SELECT count(*) FROM configurations)")) {
        rs.next();
        assertThat(rs.getString(1)).isEmpty();
        assertThat(rs.getLong(2)).isZero();
      }
      conn.commit();
    }
  }

  /** What a transaction sees: its connection's backend, the tenant settings, and how many rows. */
  private record Seen(
      int backend, String organization, String partner, long organizations, long partners) {}

  private static Future<Seen> seen(SqlConnection conn) {
    return conn.query(
            "SELECT pg_backend_pid() AS backend,"
                + " coalesce(current_setting('app.current_organization_id', true), '') AS organization,"
                + " coalesce(current_setting('app.current_partner_id', true), '') AS partner,"
                + " (SELECT count(*) FROM organizations) AS organizations, (SELECT count(*) FROM partners) AS partners")
        .execute()
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Seen(
                  row.getInteger("backend"),
                  row.getString("organization"),
                  row.getString("partner"),
                  row.getLong("organizations"),
                  row.getLong("partners"));
            });
  }

  @Test
  void theAppsPoolReusesAConnectionForTenantAThenBWithNothingOfA() {
    UUID partnerOfA = Fixtures.partner(a, "A's partner");
    Fixtures.partner(b, "B's partner");
    // one connection only, so every transaction below runs on the same PostgreSQL backend
    Database database =
        Database.connect(
            TestApp.get().vertx(),
            DbUrl.parse(TestApp.get().config().require(Setting.DB_URL)),
            1,
            8);
    try {
      TenantContext partnerUserOfA =
          TestApp.signed(
              new TenantContext(
                  a.organizationId(),
                  a.adminId(),
                  Roles.PARTNER_USER,
                  Roles.permissionsOf(Roles.PARTNER_USER),
                  partnerOfA));
      Seen asA = database.inTenant(partnerUserOfA, TenantIsolationTest::seen).await();
      Seen asB = database.inTenant(adminOf(b), TenantIsolationTest::seen).await();
      Seen asNoTenant =
          database.forSubdomainLookup("no-such-subdomain", TenantIsolationTest::seen).await();

      assertThat(asA)
          .isEqualTo(
              new Seen(asA.backend(), a.organizationId().toString(), partnerOfA.toString(), 1, 1));
      assertThat(asB).isEqualTo(new Seen(asA.backend(), b.organizationId().toString(), "", 1, 1));
      assertThat(asNoTenant).isEqualTo(new Seen(asA.backend(), "", "", 0, 0));
      // the job's "every organization" setting, too, ends with its transaction
      assertThat(database.organizationIds().await())
          .contains(a.organizationId(), b.organizationId());
      assertThat(database.inTenant(b.organizationId(), TenantIsolationTest::seen).await())
          .isEqualTo(new Seen(asA.backend(), b.organizationId().toString(), "", 1, 1));
    } finally {
      database.close().await();
    }
  }

  @Test
  void theSubdomainLookupRevealsOnlyThatOneOrganization() throws Exception {
    try (Connection conn = TestDb.appRole();
        Statement st = conn.createStatement()) {
      conn.setAutoCommit(false);
      st.execute("SELECT set_config('app.lookup_subdomain', '" + a.subdomain() + "', true)");
      try (ResultSet rs = st.executeQuery("SELECT id FROM organizations")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1)).isEqualTo(a.organizationId());
        assertThat(rs.next()).isFalse();
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM users")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
      conn.rollback();
    }
  }
}
