package io.partnerhub.auth;

import io.partnerhub.bus.Jsons;
import io.partnerhub.db.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** The SQL login needs: find the tenant by subdomain, then the user by e-mail inside that tenant. */
final class AuthRepository {
  private final Database database;

  AuthRepository(Database database) {
    this.database = database;
  }

  /** A user with what login checks; null fields never leave this package. */
  record Credentials(UUID userId, UUID organizationId, String email, String role, String status, UUID partnerId,
                     String partnerStatus, String passwordHash, Object roleOverride) {
  }

  /** The active user with this e-mail in the active organization with this subdomain, or null. */
  Future<Credentials> find(String subdomain, String email) {
    return database.forSubdomainLookup(subdomain, conn -> conn
            .preparedQuery("SELECT id FROM organizations WHERE subdomain = $1 AND status = 'active'")
            .execute(Tuple.of(subdomain))
            .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id")))
        .compose(organizationId -> organizationId == null ? Future.succeededFuture(null)
            : database.inTenant(organizationId, conn -> conn
                .preparedQuery("SELECT u.id, u.organization_id, u.email, u.role, u.status, u.partner_id, u.password_hash,"
                    + " (SELECT p.status FROM partners p WHERE p.id = u.partner_id) AS partner_status,"
                    + " (SELECT coalesce(c.value, c.default_value)::text FROM configurations c"
                    + "   WHERE c.category = 'roles' AND c.key = u.role) AS role_override"
                    + " FROM users u WHERE lower(u.email) = lower($1)")
                .execute(Tuple.of(email))
                .map(AuthRepository::first)));
  }

  private static Credentials first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return new Credentials(row.getUUID("id"), row.getUUID("organization_id"), row.getString("email"),
        row.getString("role"), row.getString("status"), row.getUUID("partner_id"), row.getString("partner_status"),
        row.getString("password_hash"),
        Jsons.decode(row.getString("role_override")));
  }
}
