package io.partnerhub.support;

import io.partnerhub.db.DbUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct SQL for tests, as the owner (superuser: sees every tenant) or as the app role: to set up
 * what the API cannot yet, to observe rows behind the API, and to check the catalog.
 */
public final class TestDb {
  private TestDb() {}

  public static Connection owner() throws SQLException {
    DbUrl url = TestServers.ownerUrl();
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  public static Connection appRole() throws SQLException {
    DbUrl url = TestServers.ownerUrl();
    return DriverManager.getConnection(url.jdbcUrl(), "partnerhub_app", TestApp.APP_ROLE_PASSWORD);
  }

  /** Runs a query as the owner and returns the first column of each row. */
  public static List<Object> column(String sql, Object... params) {
    TestApp.get();
    try (Connection conn = owner()) {
      return column(conn, sql, params);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a query on the given connection and returns the first column of each row. */
  public static List<Object> column(Connection conn, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<Object> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getObject(1));
        }
      }
      return values;
    }
  }

  public static long count(String sql, Object... params) {
    return ((Number) column(sql, params).get(0)).longValue();
  }

  public static int update(String sql, Object... params) {
    TestApp.get();
    try (Connection conn = owner();
        PreparedStatement ps = conn.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
