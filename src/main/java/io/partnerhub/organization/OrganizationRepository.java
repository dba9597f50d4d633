package io.partnerhub.organization;

import io.partnerhub.organization.OrganizationApi.OrganizationView;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** SQL of organizations (tenants). */
final class OrganizationRepository {

  /** Runs inside the new organization's own tenant transaction. */
  Future<OrganizationView> insert(SqlConnection conn, UUID id, String name, String subdomain) {
    return conn.preparedQuery(
            "INSERT INTO organizations (id, name, subdomain) VALUES ($1, $2, $3)"
                + " RETURNING id, name, subdomain, status, created_at")
        .execute(Tuple.of(id, name, subdomain))
        .map(rows -> organization(rows.iterator().next()));
  }

  /**
   * The id of the active organization with this subdomain, or null; runs in a subdomain lookup
   * transaction.
   */
  Future<UUID> activeId(SqlConnection conn, String subdomain) {
    return conn.preparedQuery(
            "SELECT id FROM organizations WHERE subdomain = $1 AND status = 'active'")
        .execute(Tuple.of(subdomain))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
  }

  private static OrganizationView organization(Row row) {
    return new OrganizationView(
        row.getUUID("id"),
        row.getString("name"),
        row.getString("subdomain"),
        row.getString("status"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
