package io.partnerhub.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code postgresql://user:pass@host:port/db} URL, usable by the pg client (runtime) and JDBC
 * (Flyway).
 */
public record DbUrl(String host, int port, String database, String user, String password) {

  public static DbUrl parse(String url) {
    URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "pg://"));
    if (!"pg".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("Not a postgresql:// URL: " + redact(url));
    }
    String user = "postgres";
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return new DbUrl(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.isEmpty() ? user : path,
        user,
        password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options =
        new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user);
    if (password != null) {
      options.setPassword(password);
    }
    return options;
  }

  public DbUrl withCredentials(String newUser, String newPassword) {
    return new DbUrl(host, port, database, newUser, newPassword);
  }

  public String toUrl() {
    String credentials = password == null ? encode(user) : encode(user) + ":" + encode(password);
    return "postgresql://" + credentials + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String redact(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
