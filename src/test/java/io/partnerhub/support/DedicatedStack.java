package io.partnerhub.support;

import io.partnerhub.PartnerHub;
import io.partnerhub.cache.EmbeddedRedisServer;
import io.partnerhub.db.DbUrl;
import io.partnerhub.db.EmbeddedPostgresServer;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PartnerHub on a PostgreSQL and a Redis of its own, for tests that stop them or count their
 * connections (the shared servers must stay up for every other test). PostgreSQL keeps its data in
 * {@code dataDirectory}, so it can be stopped and restarted on the same port.
 */
public final class DedicatedStack implements AutoCloseable {
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedRedisServer redis;
  private PartnerHub app;

  private DedicatedStack(
      EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, PartnerHub app) {
    this.postgres = postgres;
    this.redis = redis;
    this.app = app;
  }

  /** {@code settings} may change the app's settings further (pool sizes, instances). */
  public static DedicatedStack start(Path dataDirectory, UnaryOperator<Settings> settings) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory);
    EmbeddedRedisServer redis = EmbeddedRedisServer.start();
    try {
      DbUrl owner = postgres.ownerUrl();
      Settings config =
          settings.apply(
              TestApp.settings()
                  .with(Setting.DB_ADMIN_URL, owner.toUrl())
                  .with(
                      Setting.DB_URL,
                      owner.withCredentials("partnerhub_app", TestApp.APP_ROLE_PASSWORD).toUrl())
                  .with(Setting.REDIS_URL, redis.url()));
      return new DedicatedStack(postgres, redis, TestApp.start(config));
    } catch (RuntimeException e) {
      redis.close();
      postgres.close();
      throw e;
    }
  }

  /**
   * Stops the app (gracefully) and starts another on the same servers, its settings changed by
   * {@code settings}: a node restart.
   */
  public PartnerHub restart(UnaryOperator<Settings> settings) {
    Settings config = settings.apply(app.config().with(Setting.HTTP_PORT, 0));
    app.close().await();
    app = TestApp.start(config);
    return app;
  }

  public PartnerHub app() {
    return app;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.httpPort() + "/api/v1";
  }

  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  public EmbeddedRedisServer redis() {
    return redis;
  }

  /** Runs a query as the owner (sees every tenant) and returns the first column of each row. */
  public List<Object> column(String sql, Object... params) {
    DbUrl url = postgres.ownerUrl();
    try (Connection conn = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      return TestDb.column(conn, sql, params);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public long count(String sql, Object... params) {
    return ((Number) column(sql, params).get(0)).longValue();
  }

  /**
   * Open PostgreSQL connections of the app's login role (the owner's own query connection is not
   * one).
   */
  public long appRoleConnections() {
    return count("SELECT count(*) FROM pg_stat_activity WHERE usename = 'partnerhub_app'");
  }

  /** Redis's {@code connected_clients}, less the connection that asks. */
  public long redisClients() {
    String url = redis.url();
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("INFO clients\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      byte[] buffer = new byte[4096];
      Matcher matcher;
      do {
        int read = in.read(buffer);
        if (read < 0) {
          throw new IOException("Redis closed the connection: " + reply);
        }
        reply.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
        matcher = Pattern.compile("connected_clients:(\\d+)\\r").matcher(reply);
      } while (!matcher.find());
      return Long.parseLong(matcher.group(1)) - 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      app.close().await();
    } finally {
      redis.close();
      postgres.close();
    }
  }
}
