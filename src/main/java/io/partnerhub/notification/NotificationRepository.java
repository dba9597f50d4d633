package io.partnerhub.notification;

import io.partnerhub.db.Rows;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.Paging;
import io.partnerhub.notification.NotificationApi.Notification;
import io.partnerhub.notification.NotificationApi.PreferenceChoice;
import io.partnerhub.notification.NotificationKind.Audience;
import io.partnerhub.notification.NotificationKind.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL of notifications and preferences. A user's requests run in its tenant transaction, whose user
 * setting row-level security matches against {@code user_id}; the consumer's run in the event's
 * tenant job transaction, which may write any user's notifications and read preferences. The
 * consumer also reads who to tell (users, their roles' overrides) and the names a notification
 * shows (the partner's, the deal's): reads only, the owners of those tables write them.
 */
final class NotificationRepository {
  private static final String COLUMNS =
      "id, kind, title, data::text AS data, event_id, read_at, created_at";

  /** One recipient with its channels for the kind; {@code roleOverride} is its role's override. */
  record Recipient(
      UUID userId, String email, String role, Object roleOverride, boolean inApp, boolean mail) {}

  /** The caller's notifications before the key, newest first; unread ones only when asked. */
  Future<List<Notification>> list(
      SqlConnection conn, boolean unreadOnly, Paging.TimeKey before, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM notifications WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1,"
                + " $2)) AND (NOT $3 OR read_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT $4")
        .execute(Tuple.of(before.time(), before.id(), unreadOnly, limit))
        .map(NotificationRepository::notifications);
  }

  /** Marks one of the caller's notifications read, keeping a first readAt; null when none. */
  Future<Notification> markRead(SqlConnection conn, UUID id) {
    return conn.preparedQuery(
            "UPDATE notifications SET read_at = coalesce(read_at, clock_timestamp()) WHERE id = $1"
                + " RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(notifications(rows)));
  }

  Future<Long> countUnread(SqlConnection conn) {
    return conn.preparedQuery("SELECT count(*) FROM notifications WHERE read_at IS NULL")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The caller's stored choices, kind to [inApp, mail]. */
  Future<Map<String, boolean[]>> preferences(SqlConnection conn) {
    return conn.preparedQuery("SELECT kind, in_app, mail FROM notification_preferences")
        .execute()
        .map(
            rows -> {
              Map<String, boolean[]> choices = new LinkedHashMap<>();
              rows.forEach(
                  row ->
                      choices.put(
                          row.getString("kind"),
                          new boolean[] {row.getBoolean("in_app"), row.getBoolean("mail")}));
              return choices;
            });
  }

  /** Replaces the caller's choices with {@code choices} (only those that turn something off). */
  Future<Void> replacePreferences(
      SqlConnection conn, UUID organizationId, UUID userId, List<PreferenceChoice> choices) {
    List<PreferenceChoice> offs =
        choices.stream().filter(choice -> !choice.inApp() || !choice.mail()).toList();
    return conn.preparedQuery("DELETE FROM notification_preferences")
        .execute()
        .compose(
            deleted ->
                offs.isEmpty()
                    ? Future.succeededFuture()
                    : conn.preparedQuery(
                            "INSERT INTO notification_preferences (organization_id, user_id, kind,"
                                + " in_app, mail) VALUES ($1, $2, $3, $4, $5)")
                        .executeBatch(
                            offs.stream()
                                .map(
                                    choice ->
                                        Tuple.of(
                                            organizationId,
                                            userId,
                                            choice.kind(),
                                            choice.inApp(),
                                            choice.mail()))
                                .toList()))
        .mapEmpty();
  }

  /**
   * The active users {@code audience} names (of {@code partnerId} for the partner audiences), with
   * their channels for {@code kind}; reviewers still to be filtered by their role's permissions.
   */
  Future<List<Recipient>> recipients(
      SqlConnection conn, String kind, Audience audience, UUID partnerId) {
    return conn.preparedQuery(
            "SELECT u.id, u.email, u.role, coalesce(p.in_app, true) AS in_app,"
                + " coalesce(p.mail, true) AS mail,"
                + " (SELECT coalesce(c.value, c.default_value)::text FROM configurations c"
                + "   WHERE c.category = 'roles' AND c.key = u.role) AS role_override"
                + " FROM users u LEFT JOIN notification_preferences p"
                + "   ON p.organization_id = u.organization_id AND p.user_id = u.id AND p.kind = $1"
                + " WHERE u.status = 'active' AND CASE $2"
                + "   WHEN 'REVIEWERS' THEN u.partner_id IS NULL"
                + "   WHEN 'ADMINS' THEN u.role = 'admin' AND u.partner_id IS NULL"
                + "   WHEN 'PARTNER_USERS' THEN u.partner_id = $3"
                + "   WHEN 'PARTNER_ADMINS' THEN u.partner_id = $3 AND u.role = 'partner_admin'"
                + "   ELSE false END"
                + " ORDER BY u.created_at, u.id")
        .execute(Tuple.of(kind, audience.name(), partnerId))
        .map(
            rows -> {
              List<Recipient> recipients = new ArrayList<>();
              rows.forEach(
                  row ->
                      recipients.add(
                          new Recipient(
                              row.getUUID("id"),
                              row.getString("email"),
                              row.getString("role"),
                              Jsons.decode(row.getString("role_override")),
                              row.getBoolean("in_app"),
                              row.getBoolean("mail"))));
              return recipients;
            });
  }

  /** The tenant's name, the partner's, and the deal's name and customer (null where none). */
  Future<Names> names(SqlConnection conn, UUID partnerId, UUID opportunityId) {
    return conn.preparedQuery(
            "SELECT (SELECT name FROM organizations) AS organization,"
                + " (SELECT name FROM partners WHERE id = $1) AS partner,"
                + " o.name AS opportunity, o.customer_name AS customer"
                + " FROM (SELECT 1) AS one LEFT JOIN opportunities o ON o.id = $2")
        .execute(Tuple.of(partnerId, opportunityId))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Names(
                  row.getString("organization"),
                  row.getString("partner"),
                  row.getString("opportunity"),
                  row.getString("customer"));
            });
  }

  /** A notification for a user; one with the same dedupe key already there adds nothing. */
  Future<Void> insert(
      SqlConnection conn,
      UUID organizationId,
      UUID userId,
      String kind,
      UUID eventId,
      String title,
      Map<String, String> data,
      String dedupeKey) {
    return conn.preparedQuery(
            "INSERT INTO notifications (organization_id, user_id, kind, event_id, title, data,"
                + " dedupe_key) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7)"
                + " ON CONFLICT (organization_id, dedupe_key) DO NOTHING")
        .execute(
            Tuple.from(
                new Object[] {
                  organizationId,
                  userId,
                  kind,
                  eventId,
                  title,
                  new JsonObject(Map.copyOf(data)).encode(),
                  dedupeKey
                }))
        .mapEmpty();
  }

  private static List<Notification> notifications(RowSet<Row> rows) {
    List<Notification> notifications = new ArrayList<>();
    for (Row row : rows) {
      Map<String, String> data = new LinkedHashMap<>();
      new JsonObject(row.getString("data"))
          .forEach(entry -> data.put(entry.getKey(), String.valueOf(entry.getValue())));
      notifications.add(
          new Notification(
              row.getUUID("id"),
              row.getString("kind"),
              row.getString("title"),
              data,
              row.getUUID("event_id"),
              Rows.instant(row, "read_at"),
              Rows.instant(row, "created_at")));
    }
    return notifications;
  }
}
