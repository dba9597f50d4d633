package io.partnerhub.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** SQL of password resets, inside a tenant's transaction. */
final class PasswordResets {
  /** A reset just made: for whom, to mail. */
  record Issued(UUID userId, String email) {}

  /**
   * Records a reset for the active user with this (normalized) address, if there is one; the same
   * single statement runs whether there is or not (and in no tenant at all for an unknown
   * organization), so the answer's timing does not tell.
   */
  Future<Issued> issue(
      SqlConnection conn, UUID id, String email, String tokenHash, int ttlMinutes) {
    return conn.preparedQuery(
            "INSERT INTO password_resets (id, organization_id, user_id, token_hash, expires_at)"
                + " SELECT $1, organization_id, id, $2, clock_timestamp() + $3 * interval '1"
                + " minute' FROM users WHERE lower(email) = $4 AND status = 'active'"
                + " RETURNING user_id, (SELECT email FROM users WHERE id = user_id) AS email")
        .execute(Tuple.of(id, tokenHash, ttlMinutes, email))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              return new Issued(row.getUUID("user_id"), row.getString("email"));
            });
  }

  /** The user and token hash of a reset still usable (unused, unexpired), or null. */
  record Usable(UUID userId, String tokenHash) {}

  Future<Usable> usable(SqlConnection conn, UUID id, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT r.user_id, r.token_hash FROM password_resets r JOIN users u ON u.id ="
                + " r.user_id WHERE r.id = $1 AND r.used_at IS NULL AND r.expires_at >"
                + " clock_timestamp() AND u.status = 'active'"
                + (forUpdate ? " FOR UPDATE OF r" : ""))
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              return new Usable(row.getUUID("user_id"), row.getString("token_hash"));
            });
  }

  /** Sets the password and uses up every open reset of the user (this one included). */
  Future<Void> complete(SqlConnection conn, UUID userId, String passwordHash) {
    return conn.preparedQuery(
            "UPDATE users SET password_hash = $2, updated_at = clock_timestamp() WHERE id = $1")
        .execute(Tuple.of(userId, passwordHash))
        .compose(
            updated ->
                conn.preparedQuery(
                        "UPDATE password_resets SET used_at = clock_timestamp() WHERE user_id = $1"
                            + " AND used_at IS NULL")
                    .execute(Tuple.of(userId)))
        .mapEmpty();
  }
}
