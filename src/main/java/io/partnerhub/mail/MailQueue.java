package io.partnerhub.mail;

import io.partnerhub.db.Rows;
import io.partnerhub.input.Emails;
import io.partnerhub.kernel.Paging;
import io.partnerhub.mail.MailApi.DeadMail;
import io.partnerhub.mail.MailApi.DeadMailPage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * All SQL of the outgoing_mail table: what a service calls in its own transaction ({@link
 * #enqueue}), the dead letters an admin lists and resends, and what the dispatcher claims and
 * records. A mail exists if and only if the transaction that queued it commits; its commit wakes
 * the dispatcher (NOTIFY partnerhub_mail).
 */
public final class MailQueue {
  static final String CHANNEL = "partnerhub_mail";
  private static final int MAX_VALUE = 4000;
  private static final int MAX_DEDUPE_KEY = 200;

  private MailQueue() {}

  /**
   * Queues {@code mail} in the caller's transaction (RLS: the caller's tenant must be the mail's);
   * a mail whose dedupe key the tenant already used is not queued again. A mail of an unknown kind,
   * with a variable its kind does not declare, to a malformed address, or with an empty or long
   * dedupe key is a bug: IllegalArgumentException.
   */
  public static Future<Void> enqueue(SqlConnection conn, OutgoingMail mail) {
    check(mail);
    return conn.preparedQuery(
            "INSERT INTO outgoing_mail (organization_id, kind, to_address, to_name, variables,"
                + " dedupe_key) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)"
                + " ON CONFLICT (organization_id, dedupe_key) DO NOTHING")
        .execute(
            Tuple.of(
                mail.organizationId(),
                mail.kind(),
                Emails.normalize(mail.toAddress()),
                mail.toName() == null ? null : MailHeaders.displayName(mail.toName()),
                new JsonObject(Map.copyOf(mail.variables())).encode(),
                mail.dedupeKey()))
        .mapEmpty();
  }

  private static void check(OutgoingMail mail) {
    MailKind kind = MailKind.named(mail.kind());
    if (kind == null) {
      throw new IllegalArgumentException("Unknown mail kind " + mail.kind());
    }
    Set<String> undeclared = new java.util.TreeSet<>(mail.variables().keySet());
    undeclared.removeAll(kind.variables());
    if (!undeclared.isEmpty()) {
      throw new IllegalArgumentException(
          "Mail kind " + kind.name() + " declares no variables " + undeclared);
    }
    mail.variables()
        .forEach(
            (name, value) -> {
              if (value == null || value.length() > MAX_VALUE) {
                throw new IllegalArgumentException("Mail variable " + name + " is null or long");
              }
            });
    if (mail.organizationId() == null
        || mail.toAddress() == null
        || !Emails.isAddress(Emails.normalize(mail.toAddress()))) {
      throw new IllegalArgumentException("A mail needs a tenant and a well-formed address");
    }
    if (mail.dedupeKey() == null
        || mail.dedupeKey().isEmpty()
        || mail.dedupeKey().length() > MAX_DEDUPE_KEY) {
      throw new IllegalArgumentException("A mail's dedupe key takes 1 to 200 characters");
    }
  }

  /** The tenant's dead letters, most recently given up first, a page at a time. */
  public static Future<DeadMailPage> deadLetters(SqlConnection conn, Integer limit, String cursor) {
    return Paging.TimeKey.page(
            limit,
            cursor,
            (before, rows) ->
                conn.preparedQuery(
                        "SELECT id, kind, to_address, attempts, last_error, created_at, dead_at"
                            + " FROM outgoing_mail WHERE state = 'dead' AND ($1::timestamptz IS"
                            + " NULL OR (dead_at, id) < ($1, $2)) ORDER BY dead_at DESC, id DESC"
                            + " LIMIT $3")
                    .execute(Tuple.of(before.time(), before.id(), rows))
                    .map(MailQueue::deadMail),
            DeadMail::deadAt,
            DeadMail::id)
        .map(page -> new DeadMailPage(page.items(), page.nextCursor()));
  }

  /**
   * Puts a dead letter of the tenant back in the queue, due now with a fresh round of attempts, and
   * wakes the dispatcher at commit; the mail as it is now, or null when there is no such dead mail.
   */
  public static Future<DeadMail> resend(SqlConnection conn, UUID id) {
    return conn.preparedQuery(
            "UPDATE outgoing_mail SET state = 'pending', attempts = 0, next_attempt_at ="
                + " clock_timestamp(), claimed_until = NULL, dead_at = NULL WHERE id = $1 AND state"
                + " = 'dead' RETURNING id, kind, to_address, attempts, last_error, created_at,"
                + " dead_at")
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.succeededFuture(null)
                    : conn.preparedQuery("SELECT pg_notify('" + CHANNEL + "', '')")
                        .execute()
                        .map(notified -> deadMail(rows).get(0)));
  }

  private static List<DeadMail> deadMail(Iterable<Row> rows) {
    List<DeadMail> mail = new ArrayList<>();
    for (Row row : rows) {
      mail.add(
          new DeadMail(
              row.getUUID("id"),
              row.getString("kind"),
              row.getString("to_address"),
              row.getInteger("attempts"),
              row.getString("last_error"),
              Rows.instant(row, "created_at"),
              Rows.instant(row, "dead_at")));
    }
    return mail;
  }

  /** A due mail a dispatcher has claimed, and its tenant. */
  record Claim(UUID id, UUID organizationId) {}

  /** A claimed mail with what sending it needs. */
  record Pending(
      UUID id,
      String kind,
      String toAddress,
      String toName,
      Map<String, String> variables,
      int attempts,
      String organizationName) {}

  /**
   * Claims up to {@code limit} due mails of every tenant until {@code claimMillis} from now; rows
   * another dispatcher holds locked or claimed are skipped. Runs with {@code app.mail_dispatch}.
   */
  static Future<List<Claim>> claimDue(SqlConnection conn, int limit, long claimMillis) {
    return conn.preparedQuery(
            "UPDATE outgoing_mail m SET claimed_until = clock_timestamp() + $2 * interval '1"
                + " millisecond' FROM (SELECT id FROM outgoing_mail WHERE state = 'pending' AND"
                + " next_attempt_at <= clock_timestamp() AND (claimed_until IS NULL OR"
                + " claimed_until < clock_timestamp()) ORDER BY next_attempt_at LIMIT $1 FOR UPDATE"
                + " SKIP LOCKED) due WHERE m.id = due.id RETURNING m.id, m.organization_id")
        .execute(Tuple.of(limit, claimMillis))
        .map(
            rows -> {
              List<Claim> claims = new ArrayList<>();
              rows.forEach(row -> claims.add(new Claim(row.getUUID(0), row.getUUID(1))));
              return claims;
            });
  }

  /** A claimed mail still pending, with its tenant's name; null when it is gone or done. */
  static Future<Pending> pending(SqlConnection conn, UUID id) {
    return conn.preparedQuery(
            "SELECT m.id, m.kind, m.to_address, m.to_name, m.variables::text AS variables,"
                + " m.attempts, o.name AS organization_name FROM outgoing_mail m JOIN organizations"
                + " o ON o.id = m.organization_id WHERE m.id = $1 AND m.state = 'pending'")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              Map<String, String> variables = new java.util.HashMap<>();
              new JsonObject(row.getString("variables"))
                  .forEach(
                      entry -> variables.put(entry.getKey(), String.valueOf(entry.getValue())));
              return new Pending(
                  row.getUUID("id"),
                  row.getString("kind"),
                  row.getString("to_address"),
                  row.getString("to_name"),
                  variables,
                  row.getInteger("attempts"),
                  row.getString("organization_name"));
            });
  }

  /** Sent: the claim ends and the variables (a one-time link, perhaps) are forgotten. */
  static Future<Void> sent(SqlConnection conn, UUID id, int attempts) {
    return conn.preparedQuery(
            "UPDATE outgoing_mail SET state = 'sent', attempts = attempts + 1, sent_at ="
                + " clock_timestamp(), variables = '{}', last_error = NULL, claimed_until = NULL"
                + " WHERE id = $1 AND attempts = $2")
        .execute(Tuple.of(id, attempts))
        .mapEmpty();
  }

  /**
   * Failed: pending again at {@code retryAt}, or dead when it is null. A resend asked meanwhile
   * (attempts reset) is kept.
   */
  static Future<Void> failed(
      SqlConnection conn, UUID id, int attempts, String error, Instant retryAt) {
    return conn.preparedQuery(
            "UPDATE outgoing_mail SET attempts = attempts + 1, last_error = $3, claimed_until ="
                + " NULL, state = CASE WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,"
                + " dead_at = CASE WHEN $4::timestamptz IS NULL THEN clock_timestamp() END,"
                + " next_attempt_at = coalesce($4, next_attempt_at) WHERE id = $1 AND attempts = $2")
        .execute(
            Tuple.of(
                id,
                attempts,
                error.length() > 500 ? error.substring(0, 500) : error,
                retryAt == null ? null : retryAt.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  /** Deletes up to {@code limit} sent rows older than {@code before}; how many. */
  static Future<Integer> purgeSent(SqlConnection conn, Instant before, int limit) {
    return conn.preparedQuery(
            "DELETE FROM outgoing_mail WHERE id IN (SELECT id FROM outgoing_mail WHERE state ="
                + " 'sent' AND sent_at < $1 LIMIT $2)")
        .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }
}
