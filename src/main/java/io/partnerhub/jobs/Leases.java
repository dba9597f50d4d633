package io.partnerhub.jobs;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * SQL of the leases table: one statement each, no session state, so it works behind a
 * transaction-mode pooler. Expiry is the database's clock, the same for every node.
 */
final class Leases {
  private Leases() {}

  /**
   * Takes {@code name} for {@code owner} until now + {@code ttlMillis} when it is free, expired or
   * already the owner's; whether the owner holds it now.
   */
  static Future<Boolean> take(SqlConnection conn, String name, String owner, long ttlMillis) {
    return conn.preparedQuery(
            "INSERT INTO leases (name, owner, expires_at)"
                + " VALUES ($1, $2, now() + $3 * interval '1 millisecond')"
                + " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner,"
                + " expires_at = excluded.expires_at"
                + " WHERE leases.owner = excluded.owner OR leases.expires_at < now()"
                + " RETURNING owner")
        .execute(Tuple.of(name, owner, ttlMillis))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Gives {@code name} up, if {@code owner} holds it. */
  static Future<Void> release(SqlConnection conn, String name, String owner) {
    return conn.preparedQuery("DELETE FROM leases WHERE name = $1 AND owner = $2")
        .execute(Tuple.of(name, owner))
        .mapEmpty();
  }
}
