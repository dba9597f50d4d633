package io.partnerhub.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema setup, run as the owner role: creates the app's login role when missing (no ownership, no
 * BYPASSRLS), applies the Flyway migrations, then refuses to go on if the app role could bypass
 * RLS. Blocking (JDBC): call it from a worker thread or before the event loops start.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private Migrations() {}

  public static void run(DbUrl admin, DbUrl app) {
    if (!ROLE_NAME.matcher(app.user()).matches()) {
      throw new IllegalArgumentException(
          "The app role name must match " + ROLE_NAME.pattern() + ": " + app.user());
    }
    try (Connection conn =
        DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
      // nodes starting together take turns: role creation is not covered by Flyway's own lock
      try (Statement lock = conn.createStatement()) {
        lock.execute("SELECT pg_advisory_lock(hashtext('partnerhub-migrations'))");
      }
      if (!admin.user().equals(app.user())) {
        ensureAppRole(conn, app);
      }
      int applied =
          Flyway.configure()
              .dataSource(admin.jdbcUrl(), admin.user(), admin.password())
              .locations("classpath:db/migration")
              .javaMigrations(new V5_1__Email_skeletons())
              .placeholders(Map.of("app_role", app.user()))
              .load()
              .migrate()
              .migrationsExecuted;
      LOG.info("Database {} migrated ({} new migrations)", admin, applied);
      verifyAppRole(conn, app.user(), admin.user().equals(app.user()));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot prepare the database at " + admin + ": " + e.getMessage(), e);
    }
  }

  private static void ensureAppRole(Connection conn, DbUrl app) throws SQLException {
    boolean exists;
    try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, app.user());
      try (ResultSet rs = ps.executeQuery()) {
        exists = rs.next();
      }
    }
    if (!exists) {
      execute(
          conn,
          "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', ?)",
          app.user(),
          null);
      LOG.info("Created the app role {}", app.user());
    }
    if (app.password() != null) {
      execute(conn, "SELECT format('ALTER ROLE %I PASSWORD %L', ?, ?)", app.user(), app.password());
    }
  }

  /**
   * Builds DDL server-side with format(%I, %L) so names and secrets are quoted by PostgreSQL
   * itself.
   */
  private static void execute(Connection conn, String formatQuery, String name, String literal)
      throws SQLException {
    String ddl;
    try (PreparedStatement ps = conn.prepareStatement(formatQuery)) {
      ps.setString(1, name);
      if (literal != null) {
        ps.setString(2, literal);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        ddl = rs.getString(1);
      }
    }
    try (Statement st = conn.createStatement()) {
      st.execute(ddl);
    }
  }

  private static void verifyAppRole(Connection conn, String role, boolean sharedWithOwner)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getBoolean(1)) {
          throw new IllegalStateException(
              "The app role "
                  + role
                  + " is a superuser or has BYPASSRLS: tenant isolation"
                  + " would not hold. Give PARTNERHUB_DB_URL an ordinary login role.");
        }
      }
    }
    if (sharedWithOwner) {
      LOG.warn(
          "The app connects as the owner of the tables ({}); FORCE ROW LEVEL SECURITY still applies, but set "
              + "PARTNERHUB_DB_ADMIN_URL so that the app role owns nothing",
          role);
    }
  }
}
