package io.partnerhub.notification;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Event-bus API of a user's own notifications: what PartnerHub told it in the application (the same
 * events also mail it, per its preferences), and those preferences. Every request is about the
 * context's own user: row-level security shows a user nothing of anyone else's. An API key (which
 * is no user) is refused.
 */
public final class NotificationApi {
  private NotificationApi() {}

  public static final String READ = "notifications:read";
  public static final String WRITE = "notifications:write";

  /**
   * One notification: of {@code kind}, caused by the domain event {@code eventId}; {@code title} is
   * the kind's subject rendered with {@code data} (the kind's variables, the same the mail gets);
   * {@code readAt} null while unread.
   */
  public record Notification(
      UUID id,
      String kind,
      String title,
      Map<String, String> data,
      UUID eventId,
      Instant readAt,
      Instant createdAt) {}

  /** The caller's notifications, newest first; {@code unread} true: only the unread ones. */
  public record ListNotifications(
      TenantContext context, Boolean unread, Integer limit, String cursor)
      implements TenantRequest {}

  public record NotificationPage(List<Notification> items, String nextCursor) {}

  /** Marks one of the caller's notifications read (again: it keeps its first readAt). */
  public record MarkRead(TenantContext context, UUID id) implements TenantRequest {}

  public record CountUnread(TenantContext context) implements TenantRequest {}

  public record UnreadCount(long count) {}

  public record GetPreferences(TenantContext context) implements TenantRequest {}

  /**
   * Whether the caller gets {@code kind} in the application and by mail. {@code locked}: security
   * mail (an invitation, a password reset), always mailed, never in the application, not to be
   * changed.
   */
  public record Preference(String kind, boolean inApp, boolean mail, boolean locked) {}

  public record Preferences(List<Preference> items) {}

  /**
   * The caller's preferences: each kind listed gets these channels, every kind not listed is on in
   * both. A locked kind may be listed only as it is.
   */
  public record UpdatePreferences(TenantContext context, List<PreferenceChoice> preferences)
      implements TenantRequest {}

  public record PreferenceChoice(String kind, boolean inApp, boolean mail) {}

  public static final Endpoint<ListNotifications, NotificationPage> LIST =
      Endpoint.of(
          "partnerhub.notifications.list", ListNotifications.class, NotificationPage.class, READ);
  public static final Endpoint<MarkRead, Notification> MARK_READ =
      Endpoint.of("partnerhub.notifications.mark-read", MarkRead.class, Notification.class, WRITE);
  public static final Endpoint<CountUnread, UnreadCount> UNREAD_COUNT =
      Endpoint.of(
          "partnerhub.notifications.unread-count", CountUnread.class, UnreadCount.class, READ);
  public static final Endpoint<GetPreferences, Preferences> GET_PREFERENCES =
      Endpoint.of(
          "partnerhub.notifications.preferences.get",
          GetPreferences.class,
          Preferences.class,
          READ);
  public static final Endpoint<UpdatePreferences, Preferences> UPDATE_PREFERENCES =
      Endpoint.of(
          "partnerhub.notifications.preferences.update",
          UpdatePreferences.class,
          Preferences.class,
          WRITE);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(LIST, MARK_READ, UNREAD_COUNT, GET_PREFERENCES, UPDATE_PREFERENCES);
}
