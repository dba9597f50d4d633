package io.partnerhub.invitation;

import io.partnerhub.db.Rows;
import io.partnerhub.invitation.InvitationApi.Invitation;
import io.partnerhub.kernel.Paging;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of invitations, inside a tenant's transaction (RLS: a partner user sees its partner's). */
final class InvitationRepository {
  private static final String COLUMNS =
      "id, email, role, partner_id, invited_by, expires_at, sent_count, accepted_at,"
          + " accepted_user_id, revoked_at, created_at, token_hash, CASE WHEN accepted_at IS NOT"
          + " NULL THEN 'accepted' WHEN revoked_at IS NOT NULL THEN 'revoked' WHEN expires_at <="
          + " clock_timestamp() THEN 'expired' ELSE 'pending' END AS status";

  /** An invitation and the hash of its current token (never shown). */
  record Stored(Invitation invitation, String tokenHash) {}

  Future<Invitation> insert(
      SqlConnection conn,
      UUID id,
      UUID organizationId,
      String email,
      String role,
      UUID partnerId,
      String tokenHash,
      UUID invitedBy,
      int ttlHours) {
    return conn.preparedQuery(
            "INSERT INTO invitations (id, organization_id, email, role, partner_id, token_hash,"
                + " invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp() +"
                + " $8 * interval '1 hour') RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  id, organizationId, email, role, partnerId, tokenHash, invitedBy, ttlHours
                }))
        .map(rows -> invitations(rows).get(0).invitation());
  }

  /**
   * Serializes invitations to one address in the tenant (to the end of the transaction), so two at
   * once cannot both find none pending.
   */
  Future<Void> lockAddress(SqlConnection conn, String email) {
    return conn.preparedQuery(
            "SELECT pg_advisory_xact_lock(hashtextextended('partnerhub-invitation:' ||"
                + " current_setting('app.current_organization_id') || ':' || $1, 0))")
        .execute(Tuple.of(email))
        .mapEmpty();
  }

  /** Whether the address already has a pending invitation, or is a user's. */
  record Taken(boolean invited, boolean user) {}

  Future<Taken> taken(SqlConnection conn, String email) {
    return conn.preparedQuery(
            "SELECT EXISTS (SELECT 1 FROM invitations WHERE lower(email) = $1 AND accepted_at IS"
                + " NULL AND revoked_at IS NULL AND expires_at > clock_timestamp()) AS invited,"
                + " EXISTS (SELECT 1 FROM users WHERE lower(email) = $1) AS user")
        .execute(Tuple.of(email))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Taken(row.getBoolean("invited"), row.getBoolean("user"));
            });
  }

  Future<Stored> find(SqlConnection conn, UUID id, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM invitations WHERE id = $1"
                + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(invitations(rows)));
  }

  Future<List<Invitation>> list(
      SqlConnection conn, String status, Paging.TimeKey before, int limit) {
    return conn.preparedQuery(
            "SELECT * FROM (SELECT "
                + COLUMNS
                + " FROM invitations) i WHERE ($1::text IS NULL OR status = $1) AND"
                + " ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))"
                + " ORDER BY created_at DESC, id DESC LIMIT $4")
        .execute(Tuple.of(status, before.time(), before.id(), limit))
        .map(rows -> invitations(rows).stream().map(Stored::invitation).toList());
  }

  Future<Invitation> revoke(SqlConnection conn, UUID id, UUID by) {
    return conn.preparedQuery(
            "UPDATE invitations SET revoked_at = clock_timestamp(), revoked_by = $2, version ="
                + " version + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, by))
        .map(rows -> invitations(rows).get(0).invitation());
  }

  /** A new token and expiry; the old token stops working. */
  Future<Invitation> renew(SqlConnection conn, UUID id, String tokenHash, int ttlHours) {
    return conn.preparedQuery(
            "UPDATE invitations SET token_hash = $2, expires_at = clock_timestamp() + $3 *"
                + " interval '1 hour', sent_count = sent_count + 1, version = version + 1,"
                + " updated_at = clock_timestamp() WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, tokenHash, ttlHours))
        .map(rows -> invitations(rows).get(0).invitation());
  }

  Future<Invitation> accepted(SqlConnection conn, UUID id, UUID userId) {
    return conn.preparedQuery(
            "UPDATE invitations SET accepted_at = clock_timestamp(), accepted_user_id = $2,"
                + " version = version + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, userId))
        .map(rows -> invitations(rows).get(0).invitation());
  }

  /** The partner's name, for the mail (null when none). */
  Future<String> partnerName(SqlConnection conn, UUID partnerId) {
    if (partnerId == null) {
      return Future.succeededFuture(null);
    }
    return conn.preparedQuery("SELECT name FROM partners WHERE id = $1")
        .execute(Tuple.of(partnerId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("name"));
  }

  /** Whether the partner is suspended or terminated (its users may not log in). */
  Future<Boolean> partnerBarred(SqlConnection conn, UUID partnerId) {
    if (partnerId == null) {
      return Future.succeededFuture(false);
    }
    return conn.preparedQuery(
            "SELECT EXISTS (SELECT 1 FROM partners WHERE id = $1 AND status IN ('suspended',"
                + " 'terminated')) AS barred")
        .execute(Tuple.of(partnerId))
        .map(rows -> rows.iterator().next().getBoolean("barred"));
  }

  /** The inviter's e-mail, for the mail. */
  Future<String> userEmail(SqlConnection conn, UUID userId) {
    return conn.preparedQuery("SELECT email FROM users WHERE id = $1")
        .execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("email"));
  }

  private static List<Stored> invitations(RowSet<Row> rows) {
    List<Stored> invitations = new ArrayList<>();
    for (Row row : rows) {
      invitations.add(
          new Stored(
              new Invitation(
                  row.getUUID("id"),
                  row.getString("email"),
                  row.getString("role"),
                  row.getUUID("partner_id"),
                  row.getString("status"),
                  row.getUUID("invited_by"),
                  Rows.instant(row, "expires_at"),
                  row.getInteger("sent_count"),
                  Rows.instant(row, "accepted_at"),
                  row.getUUID("accepted_user_id"),
                  Rows.instant(row, "revoked_at"),
                  Rows.instant(row, "created_at")),
              row.getString("token_hash")));
    }
    return invitations;
  }
}
