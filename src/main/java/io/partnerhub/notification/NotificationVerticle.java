package io.partnerhub.notification;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.mail.MailKind;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.outbox.DurableConsumer;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves a user's notifications and preferences and, on the node holding the consumer's lease,
 * turns events into notifications and mail.
 */
public final class NotificationVerticle extends ServiceVerticle {
  public NotificationVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    if (config.flag(Setting.JOBS)) {
      Notifier notifier = new Notifier(new MailLinks(config));
      DurableConsumer consumer =
          DurableConsumer.start(
              vertx,
              database,
              Notifier.CONSUMER,
              NotificationKind.EVENT_TYPES,
              true,
              config.integer(Setting.EVENTS_POLL_MS),
              notifier::notify);
      closeOnStop(consumer::close);
    }
    NotificationService service = new NotificationService(database, preferenceKinds());
    serve(NotificationApi.LIST, service::list);
    serve(NotificationApi.MARK_READ, service::markRead);
    serve(NotificationApi.UNREAD_COUNT, service::unreadCount);
    serve(NotificationApi.GET_PREFERENCES, service::preferences);
    serve(NotificationApi.UPDATE_PREFERENCES, service::updatePreferences);
  }

  /**
   * The kinds a user has a preference for: every notification kind (optional), then every security
   * mail kind (locked: always mailed).
   */
  static Map<String, Boolean> preferenceKinds() {
    Map<String, Boolean> kinds = new LinkedHashMap<>();
    for (NotificationKind kind : NotificationKind.values()) {
      kinds.put(kind.text(), false);
    }
    for (MailKind kind : MailKind.all()) {
      if (kind.security()) {
        kinds.put(kind.name(), true);
      }
    }
    return kinds;
  }
}
