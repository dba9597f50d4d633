package io.partnerhub.webhook;

import io.partnerhub.db.Rows;
import io.partnerhub.kernel.Paging;
import io.partnerhub.webhook.WebhookApi.Attempt;
import io.partnerhub.webhook.WebhookApi.Delivery;
import io.partnerhub.webhook.WebhookApi.Webhook;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL of webhooks: endpoints, deliveries and attempts, inside a tenant's transaction. */
final class WebhookRepository {
  private static final String COLUMNS =
      "id, url, event_types, description, enabled, disabled_at, previous_secret_expires_at,"
          + " version, created_at, updated_at";
  private static final String DELIVERY_COLUMNS =
      "id, event_id, event_type, occurred_at, status, attempt_count, next_attempt_at, created_at";

  /** A due delivery a node has claimed, and its tenant. */
  record Claim(UUID id, UUID organizationId) {}

  /** What one attempt needs: where to, with which secrets, what. */
  record Outgoing(
      UUID deliveryId,
      UUID endpointId,
      String url,
      List<String> secrets,
      UUID eventId,
      String payload,
      int attemptCount) {}

  Future<Webhook> insert(
      SqlConnection conn,
      UUID organizationId,
      String url,
      List<String> eventTypes,
      String description,
      boolean enabled,
      String secret) {
    return conn.preparedQuery(
            "INSERT INTO webhook_endpoints (organization_id, url, event_types, description, enabled,"
                + " secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                organizationId,
                url,
                eventTypes.toArray(String[]::new),
                description,
                enabled,
                secret))
        .map(rows -> Rows.first(webhooks(rows)));
  }

  Future<Long> count(SqlConnection conn) {
    return conn.preparedQuery("SELECT count(*) FROM webhook_endpoints")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<List<Webhook>> list(SqlConnection conn, Paging.TimeKey after, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM webhook_endpoints WHERE ($1::timestamptz IS NULL OR (created_at, id) >"
                + " ($1, $2)) ORDER BY created_at, id LIMIT $3")
        .execute(Tuple.of(after.time(), after.id(), limit))
        .map(WebhookRepository::webhooks);
  }

  Future<Webhook> find(SqlConnection conn, UUID id, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM webhook_endpoints WHERE id = $1"
                + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(webhooks(rows)));
  }

  /** A re-enabled endpoint starts with a clean failure record. */
  Future<Webhook> update(SqlConnection conn, Webhook webhook) {
    return conn.preparedQuery(
            "UPDATE webhook_endpoints SET url = $2, event_types = $3, description = $4, enabled = $5,"
                + " disabled_at = CASE WHEN $5 THEN NULL WHEN enabled THEN clock_timestamp()"
                + " ELSE disabled_at END,"
                + " failing_since = CASE WHEN $5 AND NOT enabled THEN NULL ELSE failing_since END,"
                + " version = version + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                webhook.id(),
                webhook.url(),
                webhook.eventTypes().toArray(String[]::new),
                webhook.description(),
                webhook.enabled()))
        .map(rows -> Rows.first(webhooks(rows)));
  }

  Future<Boolean> delete(SqlConnection conn, UUID id) {
    return conn.preparedQuery("DELETE FROM webhook_endpoints WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The old secret keeps signing until {@code graceSeconds} from now. */
  Future<Webhook> rotate(SqlConnection conn, UUID id, String secret, int graceSeconds) {
    return conn.preparedQuery(
            "UPDATE webhook_endpoints SET previous_secret = secret, secret = $2,"
                + " previous_secret_expires_at = clock_timestamp() + $3 * interval '1 second',"
                + " version = version + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, secret, graceSeconds))
        .map(rows -> Rows.first(webhooks(rows)));
  }

  /**
   * One delivery of the event to each enabled endpoint of the tenant that subscribes to its type;
   * an event seen twice (at-least-once publication) adds nothing.
   */
  Future<Integer> fanOut(
      SqlConnection conn, UUID eventId, String type, Instant occurredAt, String payload) {
    return conn.preparedQuery(
            "INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, event_type,"
                + " occurred_at, payload) SELECT organization_id, id, $1, $2, $3, $4"
                + " FROM webhook_endpoints WHERE enabled AND $2 = ANY (event_types)"
                + " ON CONFLICT (endpoint_id, event_id) DO NOTHING")
        .execute(Tuple.of(eventId, type, occurredAt.atOffset(ZoneOffset.UTC), payload))
        .map(RowSet::rowCount);
  }

  /**
   * Claims up to {@code limit} due deliveries of enabled endpoints, of every tenant, until {@code
   * claimMillis} from now: rows another node holds locked or claimed are skipped. Runs in the
   * dispatch transaction ({@code app.webhook_dispatch}).
   */
  Future<List<Claim>> claimDue(SqlConnection conn, int limit, long claimMillis) {
    return conn.preparedQuery(
            "UPDATE webhook_deliveries d SET claimed_until = clock_timestamp() + $2 * interval '1"
                + " millisecond' FROM (SELECT due.id FROM webhook_deliveries due JOIN"
                + " webhook_endpoints e ON e.organization_id = due.organization_id AND e.id ="
                + " due.endpoint_id WHERE due.status = 'pending' AND due.next_attempt_at <="
                + " clock_timestamp() AND (due.claimed_until IS NULL OR due.claimed_until <"
                + " clock_timestamp()) AND e.enabled ORDER BY due.next_attempt_at LIMIT $1 FOR"
                + " UPDATE OF due SKIP LOCKED) claimed WHERE d.id = claimed.id RETURNING d.id,"
                + " d.organization_id")
        .execute(Tuple.of(limit, claimMillis))
        .map(
            rows -> {
              List<Claim> claims = new ArrayList<>();
              rows.forEach(row -> claims.add(new Claim(row.getUUID(0), row.getUUID(1))));
              return claims;
            });
  }

  /** A claimed delivery still pending, with its endpoint; null when it is gone or done. */
  Future<Outgoing> outgoing(SqlConnection conn, UUID deliveryId) {
    return conn.preparedQuery(
            "SELECT d.id, d.endpoint_id, e.url, e.secret, CASE WHEN e.previous_secret_expires_at >"
                + " clock_timestamp() THEN e.previous_secret END AS previous_secret, d.event_id,"
                + " d.payload, d.attempt_count FROM webhook_deliveries d JOIN webhook_endpoints e"
                + " ON e.organization_id = d.organization_id AND e.id = d.endpoint_id WHERE d.id ="
                + " $1 AND d.status = 'pending' AND e.enabled")
        .execute(Tuple.of(deliveryId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              List<String> secrets = new ArrayList<>(List.of(row.getString("secret")));
              if (row.getString("previous_secret") != null) {
                secrets.add(row.getString("previous_secret"));
              }
              return new Outgoing(
                  row.getUUID("id"),
                  row.getUUID("endpoint_id"),
                  row.getString("url"),
                  secrets,
                  row.getUUID("event_id"),
                  row.getString("payload"),
                  row.getInteger("attempt_count"));
            });
  }

  Future<Void> insertAttempt(
      SqlConnection conn, UUID organizationId, UUID deliveryId, Attempt attempt) {
    return conn.preparedQuery(
            "INSERT INTO webhook_attempts (organization_id, delivery_id, attempted_at, status_code,"
                + " latency_ms, error) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                organizationId,
                deliveryId,
                attempt.attemptedAt().atOffset(ZoneOffset.UTC),
                attempt.statusCode(),
                attempt.latencyMs(),
                attempt.error()))
        .mapEmpty();
  }

  /**
   * After an attempt: {@code status} delivered, failed, or pending again at {@code nextAttemptAt};
   * the claim ends. A redelivery or replay asked meanwhile (attempt count reset) is kept.
   */
  Future<Void> afterAttempt(
      SqlConnection conn, UUID deliveryId, int attemptCount, String status, Instant nextAttemptAt) {
    return conn.preparedQuery(
            "UPDATE webhook_deliveries SET attempt_count = attempt_count + 1, status = $3,"
                + " next_attempt_at = coalesce($4, next_attempt_at), claimed_until = NULL,"
                + " updated_at = clock_timestamp() WHERE id = $1 AND attempt_count = $2")
        .execute(
            Tuple.of(
                deliveryId,
                attemptCount,
                status,
                nextAttemptAt == null ? null : nextAttemptAt.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  Future<Void> endpointSucceeded(SqlConnection conn, UUID endpointId) {
    return conn.preparedQuery(
            "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS"
                + " NOT NULL")
        .execute(Tuple.of(endpointId))
        .mapEmpty();
  }

  /**
   * Notes a failure; when the endpoint has failed without a success for {@code
   * disableAfterSeconds}, disables it and returns it (null otherwise).
   */
  Future<Webhook> endpointFailed(SqlConnection conn, UUID endpointId, int disableAfterSeconds) {
    return conn.preparedQuery(
            "UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, clock_timestamp())"
                + " WHERE id = $1")
        .execute(Tuple.of(endpointId))
        .compose(
            noted ->
                conn.preparedQuery(
                        "UPDATE webhook_endpoints SET enabled = false, disabled_at ="
                            + " clock_timestamp(), version = version + 1, updated_at ="
                            + " clock_timestamp() WHERE id = $1 AND enabled AND failing_since <="
                            + " clock_timestamp() - $2 * interval '1 second' RETURNING "
                            + COLUMNS)
                    .execute(Tuple.of(endpointId, disableAfterSeconds)))
        .map(rows -> Rows.first(webhooks(rows)));
  }

  Future<List<Delivery>> deliveries(
      SqlConnection conn, UUID endpointId, Paging.TimeKey before, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM webhook_deliveries WHERE endpoint_id = $1 AND ($2::timestamptz IS NULL OR"
                + " (created_at, id) < ($2, $3)) ORDER BY created_at DESC, id DESC LIMIT $4")
        .execute(Tuple.of(endpointId, before.time(), before.id(), limit))
        .compose(rows -> withAttempts(conn, rows));
  }

  Future<Delivery> delivery(SqlConnection conn, UUID endpointId, UUID deliveryId) {
    return conn.preparedQuery(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM webhook_deliveries WHERE endpoint_id = $1 AND id = $2")
        .execute(Tuple.of(endpointId, deliveryId))
        .compose(rows -> withAttempts(conn, rows))
        .map(Rows::first);
  }

  /**
   * Queues deliveries again, now, with a fresh round of attempts: one ({@code deliveryId}) or every
   * one of the endpoint whose event occurred in [from, to). Returns how many.
   */
  Future<Integer> requeue(
      SqlConnection conn, UUID endpointId, UUID deliveryId, Instant from, Instant to) {
    return conn.preparedQuery(
            "UPDATE webhook_deliveries SET status = 'pending', attempt_count = 0, next_attempt_at ="
                + " clock_timestamp(), claimed_until = NULL, updated_at = clock_timestamp() WHERE"
                + " endpoint_id = $1 AND ($2::uuid IS NULL OR id = $2) AND ($3::timestamptz IS"
                + " NULL OR occurred_at >= $3) AND ($4::timestamptz IS NULL OR occurred_at < $4)")
        .execute(
            Tuple.of(
                endpointId,
                deliveryId,
                from == null ? null : from.atOffset(ZoneOffset.UTC),
                to == null ? null : to.atOffset(ZoneOffset.UTC)))
        .map(RowSet::rowCount);
  }

  private Future<List<Delivery>> withAttempts(SqlConnection conn, RowSet<Row> rows) {
    List<UUID> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getUUID("id")));
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return conn.preparedQuery(
            "SELECT delivery_id, attempted_at, status_code, latency_ms, error FROM webhook_attempts"
                + " WHERE delivery_id = ANY ($1) ORDER BY attempted_at")
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .map(
            attemptRows -> {
              Map<UUID, List<Attempt>> attempts = new HashMap<>();
              for (Row row : attemptRows) {
                attempts
                    .computeIfAbsent(row.getUUID("delivery_id"), id -> new ArrayList<>())
                    .add(
                        new Attempt(
                            Rows.instant(row, "attempted_at"),
                            row.getInteger("status_code"),
                            row.getInteger("latency_ms"),
                            row.getString("error")));
              }
              List<Delivery> deliveries = new ArrayList<>();
              for (Row row : rows) {
                UUID id = row.getUUID("id");
                deliveries.add(
                    new Delivery(
                        id,
                        row.getUUID("event_id"),
                        row.getString("event_type"),
                        Rows.instant(row, "occurred_at"),
                        row.getString("status"),
                        row.getInteger("attempt_count"),
                        Rows.instant(row, "next_attempt_at"),
                        attempts.getOrDefault(id, List.of()),
                        Rows.instant(row, "created_at")));
              }
              return deliveries;
            });
  }

  private static List<Webhook> webhooks(RowSet<Row> rows) {
    List<Webhook> items = new ArrayList<>(rows.size());
    for (Row row : rows) {
      items.add(
          new Webhook(
              row.getUUID("id"),
              row.getString("url"),
              Arrays.asList(row.getArrayOfStrings("event_types")),
              row.getString("description"),
              row.getBoolean("enabled"),
              Rows.instant(row, "disabled_at"),
              Rows.instant(row, "previous_secret_expires_at"),
              null,
              row.getInteger("version"),
              Rows.instant(row, "created_at"),
              Rows.instant(row, "updated_at")));
    }
    return items;
  }
}
