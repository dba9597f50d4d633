package io.partnerhub.auth;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.partner.PartnerApi.PartnerStatus;
import io.partnerhub.user.UserApi.UserStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The SQL login needs: find the tenant by subdomain, then the user by e-mail inside that tenant.
 */
final class AuthRepository {
  private final Database database;

  AuthRepository(Database database) {
    this.database = database;
  }

  /** A user with what login checks; null fields never leave this package. */
  record Credentials(
      UUID userId,
      UUID organizationId,
      String email,
      String role,
      UserStatus status,
      UUID partnerId,
      PartnerStatus partnerStatus,
      String passwordHash,
      Object roleOverride) {}

  /**
   * The user with this normalized e-mail in the active organization with this subdomain, or null.
   */
  Future<Credentials> find(String subdomain, String email) {
    return organizationId(subdomain)
        .compose(
            organizationId ->
                organizationId == null
                    ? Future.succeededFuture(null)
                    : database.inTenant(
                        organizationId,
                        conn ->
                            conn.preparedQuery(
                                    "SELECT u.id, u.organization_id, u.email, u.role, u.status, u.partner_id, u.password_hash,"
                                        + " (SELECT p.status FROM partners p WHERE p.id = u.partner_id) AS partner_status,"
                                        + " (SELECT coalesce(c.value, c.default_value)::text FROM configurations c"
                                        + "   WHERE c.category = 'roles' AND c.key = u.role) AS role_override"
                                        + " FROM users u WHERE lower(u.email) = $1")
                                .execute(Tuple.of(email))
                                .map(AuthRepository::first)));
  }

  /** The active organization with this subdomain, or null. */
  Future<UUID> organizationId(String subdomain) {
    return database.forSubdomainLookup(
        subdomain,
        conn ->
            conn.preparedQuery(
                    "SELECT id FROM organizations WHERE subdomain = $1 AND status = 'active'")
                .execute(Tuple.of(subdomain))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id")));
  }

  /**
   * Who a password change is for: the tenant's subdomain and the user's e-mail (its throttle) and
   * hash.
   */
  record Account(String subdomain, String email, String passwordHash) {}

  /** The context's own user, or null when the context names no user of its tenant. */
  Future<Account> account(TenantContext context) {
    return database.inTenant(
        context,
        conn ->
            conn.preparedQuery(
                    "SELECT o.subdomain, u.email, u.password_hash FROM users u"
                        + " JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1 AND u.status = 'active'")
                .execute(Tuple.of(context.userId()))
                .map(
                    rows ->
                        rows.size() == 0
                            ? null
                            : new Account(
                                rows.iterator().next().getString("subdomain"),
                                rows.iterator().next().getString("email"),
                                rows.iterator().next().getString("password_hash"))));
  }

  Future<Void> setPasswordHash(TenantContext context, String hash) {
    return database.inTenant(
        context,
        conn ->
            conn.preparedQuery("UPDATE users SET password_hash = $2 WHERE id = $1")
                .execute(Tuple.of(context.userId(), hash))
                .mapEmpty());
  }

  private static Credentials first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new Credentials(
        row.getUUID("id"),
        row.getUUID("organization_id"),
        row.getString("email"),
        row.getString("role"),
        DomainValue.parse(UserStatus.class, row.getString("status")),
        row.getUUID("partner_id"),
        DomainValue.parse(PartnerStatus.class, row.getString("partner_status")),
        row.getString("password_hash"),
        Jsons.decode(row.getString("role_override")));
  }
}
