package io.partnerhub.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.jobs.RetrySchedule;
import io.partnerhub.outbox.DurableConsumer;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Serves the webhook API, queues a delivery per subscribed endpoint for each event of the tenant,
 * and (unless WEBHOOKS_DISPATCH is off) sends due deliveries.
 */
public final class WebhookVerticle extends ServiceVerticle {
  private final Set<String> eventTypes;
  private WebhookSender sender;

  /**
   * {@code eventTypes}: every event type PartnerHub publishes, which endpoints may subscribe to.
   */
  public WebhookVerticle(Settings config, MeterRegistry metrics, List<String> eventTypes) {
    super(config, metrics);
    this.eventTypes = Set.copyOf(eventTypes);
  }

  @Override
  protected void serveEndpoints() {
    WebhookRepository repository = new WebhookRepository();
    boolean allowPrivate = config.flag(Setting.WEBHOOKS_ALLOW_PRIVATE);
    UrlGuard guard = new UrlGuard(allowPrivate);
    long timeout = config.integer(Setting.WEBHOOKS_TIMEOUT_MS);
    sender = new WebhookSender(vertx, guard, timeout);
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            vertx,
            database,
            repository,
            sender,
            new RetrySchedule(
                config.integer(Setting.WEBHOOKS_RETRY_BASE_MS),
                config.integer(Setting.WEBHOOKS_RETRY_MAX_DELAY_MS),
                config.integer(Setting.WEBHOOKS_MAX_ATTEMPTS)),
            config.integer(Setting.WEBHOOKS_DISABLE_AFTER_SECONDS),
            timeout);
    boolean dispatching = config.flag(Setting.WEBHOOKS_DISPATCH);
    Runnable wake = dispatching ? dispatcher::wake : () -> {};
    if (dispatching) {
      dispatcher.start(config.integer(Setting.WEBHOOKS_POLL_MS));
    }
    if (config.flag(Setting.JOBS)) {
      WebhookFanOut fanOut =
          new WebhookFanOut(repository, config.integer(Setting.WEBHOOKS_MAX_PAYLOAD_BYTES));
      DurableConsumer queue =
          DurableConsumer.start(
              vertx,
              database,
              WebhookFanOut.CONSUMER,
              List.copyOf(eventTypes),
              true,
              config.integer(Setting.EVENTS_POLL_MS),
              (conn, event) -> fanOut.queue(conn, event).onSuccess(queued -> wake.run()));
      closeOnStop(queue::close);
    }
    WebhookService service =
        new WebhookService(
            database,
            repository,
            guard,
            eventTypes,
            config.integer(Setting.WEBHOOKS_ROTATION_GRACE_SECONDS),
            wake);
    serve(WebhookApi.CREATE, service::create);
    serve(WebhookApi.LIST, service::list);
    serve(WebhookApi.GET, service::get);
    serve(WebhookApi.UPDATE, service::update);
    serve(WebhookApi.DELETE, service::delete);
    serve(WebhookApi.ROTATE_SECRET, service::rotateSecret);
    serve(WebhookApi.DELIVERIES, service::deliveries);
    serve(WebhookApi.REDELIVER, service::redeliver);
    serve(WebhookApi.REPLAY, service::replay);
  }

  @Override
  public Future<?> stop() {
    sender.close();
    return super.stop();
  }
}
