package io.partnerhub.user;

import io.partnerhub.input.Emails;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.user.UserApi.User;
import io.partnerhub.user.UserApi.UserStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL of users (and what user rules read: role overrides, partners). Runs inside a tenant
 * transaction (RLS-scoped).
 */
public final class UserRepository {
  private static final String COLUMNS =
      "id, email, role, status, partner_id, version, created_at, updated_at";

  /**
   * Users (of {@code partnerId}, or every visible one when null) after (createdAt, id) in creation
   * order, at most {@code limit}; a null time starts at the first.
   */
  Future<List<User>> list(
      SqlConnection conn, UUID partnerId, OffsetDateTime afterTime, UUID afterId, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM users WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1, $2))"
                + " AND ($4::uuid IS NULL OR partner_id = $4) ORDER BY created_at, id LIMIT $3")
        .execute(Tuple.of(afterTime, afterId, limit, partnerId))
        .map(UserRepository::users);
  }

  /**
   * A new user of the organization; {@code email} is normalized already, its skeleton is stored
   * beside it.
   */
  public Future<User> insert(
      SqlConnection conn,
      UUID organizationId,
      String email,
      String passwordHash,
      String role,
      UUID partnerId) {
    return conn.preparedQuery(
            "INSERT INTO users (organization_id, email, email_skeleton,"
                + " password_hash, role, partner_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(organizationId, email, Emails.skeleton(email), passwordHash, role, partnerId))
        .map(rows -> users(rows).get(0));
  }

  /** The user, or null when there is none (visible). */
  Future<User> find(SqlConnection conn, UUID id, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT " + COLUMNS + " FROM users WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : users(rows).get(0));
  }

  Future<User> update(SqlConnection conn, User user) {
    return conn.preparedQuery(
            "UPDATE users SET role = $2, status = $3, partner_id = $4, version = version + 1,"
                + " updated_at = clock_timestamp() WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(user.id(), user.role(), user.status().text(), user.partnerId()))
        .map(rows -> users(rows).get(0));
  }

  /**
   * The tenant's override of a role (configuration category roles: its value, else its default), or
   * null.
   */
  public Future<Object> roleOverride(SqlConnection conn, String role) {
    return conn.preparedQuery(
            "SELECT coalesce(value, default_value)::text AS override FROM configurations"
                + " WHERE category = 'roles' AND key = $1")
        .execute(Tuple.of(role))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : Jsons.decode(rows.iterator().next().getString("override")));
  }

  /** Whether the partner exists (and the caller may see it). */
  Future<Boolean> partnerExists(SqlConnection conn, UUID partnerId) {
    return conn.preparedQuery("SELECT EXISTS (SELECT 1 FROM partners WHERE id = $1) AS found")
        .execute(Tuple.of(partnerId))
        .map(rows -> rows.iterator().next().getBoolean("found"));
  }

  /**
   * Whether the role is configured in category roles, and whether the partner (null: no partner)
   * exists.
   */
  record RoleAndPartner(boolean roleConfigured, boolean partnerExists) {}

  Future<RoleAndPartner> roleAndPartner(SqlConnection conn, String role, UUID partnerId) {
    return conn.preparedQuery(
            "SELECT EXISTS (SELECT 1 FROM configurations WHERE category = 'roles' AND key = $1) AS role,"
                + " ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM partners WHERE id = $2)) AS partner")
        .execute(Tuple.of(role, partnerId))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new RoleAndPartner(row.getBoolean("role"), row.getBoolean("partner"));
            });
  }

  /**
   * The number of active admins other than {@code userId}, counted after taking the tenant's admin
   * lock (held to the end of the transaction), so two admins demoting each other at once leave one.
   */
  Future<Long> otherActiveAdminsLocked(SqlConnection conn, UUID userId) {
    return conn.preparedQuery(
            "SELECT pg_advisory_xact_lock(hashtextextended('partnerhub-admins:'"
                + " || current_setting('app.current_organization_id'), 0))")
        .execute()
        .compose(
            locked ->
                conn.preparedQuery(
                        "SELECT count(*) AS others FROM users"
                            + " WHERE role = 'admin' AND status = 'active' AND id <> $1")
                    .execute(Tuple.of(userId)))
        .map(rows -> rows.iterator().next().getLong("others"));
  }

  private static List<User> users(RowSet<Row> rows) {
    List<User> users = new ArrayList<>();
    for (Row row : rows) {
      users.add(
          new User(
              row.getUUID("id"),
              row.getString("email"),
              row.getString("role"),
              DomainValue.parse(UserStatus.class, row.getString("status")),
              row.getUUID("partner_id"),
              row.getInteger("version"),
              row.getOffsetDateTime("created_at").toInstant(),
              row.getOffsetDateTime("updated_at").toInstant()));
    }
    return users;
  }
}
