package io.partnerhub.notification;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.notification.NotificationApi.CountUnread;
import io.partnerhub.notification.NotificationApi.GetPreferences;
import io.partnerhub.notification.NotificationApi.ListNotifications;
import io.partnerhub.notification.NotificationApi.MarkRead;
import io.partnerhub.notification.NotificationApi.Notification;
import io.partnerhub.notification.NotificationApi.NotificationPage;
import io.partnerhub.notification.NotificationApi.Preference;
import io.partnerhub.notification.NotificationApi.PreferenceChoice;
import io.partnerhub.notification.NotificationApi.Preferences;
import io.partnerhub.notification.NotificationApi.UnreadCount;
import io.partnerhub.notification.NotificationApi.UpdatePreferences;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's own notifications and preferences. Every transaction names the caller's user, which
 * row-level security matches, so another user's notification is NOT_FOUND like a guessed id.
 */
final class NotificationService {
  private final Database database;
  private final NotificationRepository repository = new NotificationRepository();
  private final Map<String, Boolean> kinds;

  /** {@code kinds}: every kind a user has a preference for, to whether it is locked. */
  NotificationService(Database database, Map<String, Boolean> kinds) {
    this.database = database;
    this.kinds = kinds;
  }

  Future<NotificationPage> list(ListNotifications request) {
    boolean unreadOnly = Boolean.TRUE.equals(request.unread());
    return database.inTenant(
        user(request.context()),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (before, rows) -> repository.list(conn, unreadOnly, before, rows),
                    Notification::createdAt,
                    Notification::id)
                .map(page -> new NotificationPage(page.items(), page.nextCursor())));
  }

  Future<Notification> markRead(MarkRead request) {
    return database.inTenant(
        user(request.context()),
        conn ->
            repository
                .markRead(conn, request.id())
                .map(
                    read -> {
                      if (read == null) {
                        throw ServiceException.notFound("Notification " + request.id());
                      }
                      return read;
                    }));
  }

  Future<UnreadCount> unreadCount(CountUnread request) {
    return database.inTenant(
        user(request.context()), conn -> repository.countUnread(conn).map(UnreadCount::new));
  }

  Future<Preferences> preferences(GetPreferences request) {
    return database.inTenant(user(request.context()), this::current);
  }

  Future<Preferences> updatePreferences(UpdatePreferences request) {
    TenantContext context = user(request.context());
    check(request.preferences());
    List<PreferenceChoice> optional =
        request.preferences().stream().filter(choice -> !kinds.get(choice.kind())).toList();
    return database.inTenant(
        context,
        conn ->
            repository
                .replacePreferences(conn, context.organizationId(), context.userId(), optional)
                .compose(replaced -> current(conn)));
  }

  private Future<Preferences> current(SqlConnection conn) {
    return repository
        .preferences(conn)
        .map(
            stored -> {
              List<Preference> items = new ArrayList<>();
              kinds.forEach(
                  (kind, locked) -> {
                    boolean[] channels = stored.getOrDefault(kind, new boolean[] {true, true});
                    items.add(
                        locked
                            ? new Preference(kind, false, true, true)
                            : new Preference(kind, channels[0], channels[1], false));
                  });
              return new Preferences(items);
            });
  }

  /**
   * Each kind known and listed once; a locked kind (security mail) only as it is: mailed, not in
   * the application.
   */
  private void check(List<PreferenceChoice> choices) {
    JsonObject problems = new JsonObject();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < choices.size(); i++) {
      PreferenceChoice choice = choices.get(i);
      String at = "/preferences/" + i;
      Boolean locked = kinds.get(choice.kind());
      if (locked == null) {
        problems.put(at + "/kind", "one of " + kinds.keySet());
      } else if (!seen.add(choice.kind())) {
        problems.put(at + "/kind", "listed once");
      } else if (locked && (choice.inApp() || !choice.mail())) {
        problems.put(
            at + "/mail", "security mail (" + choice.kind() + ") cannot be turned off or moved");
      }
    }
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid preferences", problems);
    }
  }

  /** A signed-in user's context: an API key has no notifications of its own. */
  private static TenantContext user(TenantContext context) {
    context.requireUser("read or change notifications");
    return context;
  }
}
