package io.partnerhub.apikey;

import io.partnerhub.apikey.ApiKeyApi.ApiKey;
import io.partnerhub.apikey.ApiKeyApi.ApiKeyPrincipal;
import io.partnerhub.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** SQL of API keys. Runs inside a tenant transaction (RLS-scoped). */
final class ApiKeyRepository {
  private static final String COLUMNS =
      "id, name, permissions, partner_id, created_by, created_at, expires_at, last_used_at,"
          + " revoked_at";

  Future<List<ApiKey>> list(SqlConnection conn, OffsetDateTime afterTime, UUID afterId, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM api_keys WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1, $2))"
                + " ORDER BY created_at, id LIMIT $3")
        .execute(Tuple.of(afterTime, afterId, limit))
        .map(ApiKeyRepository::keys);
  }

  Future<ApiKey> find(SqlConnection conn, UUID id) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(keys(rows)));
  }

  Future<ApiKey> insert(
      SqlConnection conn, ApiKeyPrincipal key, String name, UUID createdBy, Instant expiresAt) {
    return conn.preparedQuery(
            "INSERT INTO api_keys (id, organization_id, name, permissions, partner_id, secret_hash,"
                + " created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                key.id(),
                key.organizationId(),
                name,
                key.permissions().stream().sorted().toArray(String[]::new),
                key.partnerId(),
                key.secretHash(),
                createdBy,
                expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC)))
        .map(rows -> keys(rows).get(0));
  }

  /** Revokes a live key; false when there is no such key or it was revoked already. */
  Future<Boolean> revoke(SqlConnection conn, UUID id, UUID revokedBy) {
    return conn.preparedQuery(
            "UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(id, revokedBy))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The live (unrevoked, unexpired) key's principal, or null. */
  Future<ApiKeyPrincipal> live(SqlConnection conn, UUID id) {
    return conn.preparedQuery(
            "SELECT id, organization_id, created_by, permissions, partner_id, expires_at, secret_hash"
                + " FROM api_keys WHERE id = $1 AND revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > now())")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : principal(rows.iterator().next()));
  }

  Future<Void> recordUse(SqlConnection conn, UUID id) {
    return conn.preparedQuery("UPDATE api_keys SET last_used_at = now() WHERE id = $1")
        .execute(Tuple.of(id))
        .mapEmpty();
  }

  private static ApiKeyPrincipal principal(Row row) {
    return new ApiKeyPrincipal(
        row.getUUID("id"),
        row.getUUID("organization_id"),
        row.getUUID("created_by"),
        Set.copyOf(Arrays.asList(row.getArrayOfStrings("permissions"))),
        row.getUUID("partner_id"),
        Rows.instant(row, "expires_at"),
        row.getString("secret_hash"));
  }

  private static List<ApiKey> keys(RowSet<Row> rows) {
    List<ApiKey> keys = new ArrayList<>(rows.size());
    for (Row row : rows) {
      keys.add(
          new ApiKey(
              row.getUUID("id"),
              row.getString("name"),
              Set.copyOf(Arrays.asList(row.getArrayOfStrings("permissions"))),
              row.getUUID("partner_id"),
              row.getUUID("created_by"),
              Rows.instant(row, "created_at"),
              Rows.instant(row, "expires_at"),
              Rows.instant(row, "last_used_at"),
              Rows.instant(row, "revoked_at")));
    }
    return keys;
  }
}
