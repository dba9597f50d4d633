package io.partnerhub.webhook;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.Patch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of webhooks: endpoints a tenant's admins register to receive its events, signed as
 * the Standard Webhooks specification says, and the log of their deliveries.
 */
public final class WebhookApi {
  private WebhookApi() {}

  public static final String READ = "webhooks:read";
  public static final String WRITE = "webhooks:write";

  /** Published when an endpoint that kept failing is disabled; {@code data} is the webhook. */
  public static final String DISABLED = "webhook.disabled";

  /**
   * An endpoint. {@code secret} is set only in the reply that creates it or rotates its secret,
   * never again; {@code previousSecretExpiresAt}: until then the rotated-out secret signs too.
   */
  public record Webhook(
      UUID id,
      String url,
      List<String> eventTypes,
      String description,
      boolean enabled,
      Instant disabledAt,
      Instant previousSecretExpiresAt,
      String secret,
      int version,
      Instant createdAt,
      Instant updatedAt) {
    Webhook withSecret(String shown) {
      return new Webhook(
          id,
          url,
          eventTypes,
          description,
          enabled,
          disabledAt,
          previousSecretExpiresAt,
          shown,
          version,
          createdAt,
          updatedAt);
    }
  }

  /** {@code enabled}: true when null. */
  public record CreateWebhook(
      TenantContext context,
      String url,
      List<String> eventTypes,
      String description,
      Boolean enabled)
      implements TenantRequest {}

  public record ListWebhooks(TenantContext context, Integer limit, String cursor)
      implements TenantRequest {}

  public record WebhookPage(List<Webhook> items, String nextCursor) {}

  public record GetWebhook(TenantContext context, UUID id) implements TenantRequest {}

  /** Enabling a disabled endpoint resumes its pending deliveries. */
  public record UpdateWebhook(
      TenantContext context, UUID id, WebhookChanges changes, Integer expectedVersion)
      implements TenantRequest {}

  public record WebhookChanges(
      Patch<String> url,
      Patch<List<String>> eventTypes,
      Patch<String> description,
      Patch<Boolean> enabled)
      implements Changes {}

  public record DeleteWebhook(TenantContext context, UUID id) implements TenantRequest {}

  /** A new secret; the old one keeps signing for the grace period. */
  public record RotateWebhookSecret(TenantContext context, UUID id) implements TenantRequest {}

  public record ListDeliveries(TenantContext context, UUID id, Integer limit, String cursor)
      implements TenantRequest {}

  /** One try to deliver: the receiver's status code (null when none came), or the error. */
  public record Attempt(Instant attemptedAt, Integer statusCode, int latencyMs, String error) {}

  /** {@code status}: pending (to be tried at nextAttemptAt), delivered or failed (given up). */
  public record Delivery(
      UUID id,
      UUID eventId,
      String eventType,
      Instant occurredAt,
      String status,
      int attemptCount,
      Instant nextAttemptAt,
      List<Attempt> attempts,
      Instant createdAt) {}

  public record DeliveryPage(List<Delivery> items, String nextCursor) {}

  public record Redeliver(TenantContext context, UUID id, UUID deliveryId)
      implements TenantRequest {}

  /** Sends again every event of the endpoint that occurred in [from, to). */
  public record Replay(TenantContext context, UUID id, Instant from, Instant to)
      implements TenantRequest {}

  public record Replayed(int queued) {}

  public static final Endpoint<CreateWebhook, Webhook> CREATE =
      Endpoint.of("partnerhub.webhooks.create", CreateWebhook.class, Webhook.class, WRITE);
  public static final Endpoint<ListWebhooks, WebhookPage> LIST =
      Endpoint.of("partnerhub.webhooks.list", ListWebhooks.class, WebhookPage.class, READ);
  public static final Endpoint<GetWebhook, Webhook> GET =
      Endpoint.of("partnerhub.webhooks.get", GetWebhook.class, Webhook.class, READ);
  public static final Endpoint<UpdateWebhook, Webhook> UPDATE =
      Endpoint.of("partnerhub.webhooks.update", UpdateWebhook.class, Webhook.class, WRITE);
  public static final Endpoint<DeleteWebhook, Void> DELETE =
      Endpoint.of("partnerhub.webhooks.delete", DeleteWebhook.class, Void.class, WRITE);
  public static final Endpoint<RotateWebhookSecret, Webhook> ROTATE_SECRET =
      Endpoint.of(
          "partnerhub.webhooks.rotate-secret", RotateWebhookSecret.class, Webhook.class, WRITE);
  public static final Endpoint<ListDeliveries, DeliveryPage> DELIVERIES =
      Endpoint.of("partnerhub.webhooks.deliveries", ListDeliveries.class, DeliveryPage.class, READ);
  public static final Endpoint<Redeliver, Delivery> REDELIVER =
      Endpoint.of("partnerhub.webhooks.redeliver", Redeliver.class, Delivery.class, WRITE);
  public static final Endpoint<Replay, Replayed> REPLAY =
      Endpoint.of("partnerhub.webhooks.replay", Replay.class, Replayed.class, WRITE);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(CREATE, LIST, GET, UPDATE, DELETE, ROTATE_SECRET, DELIVERIES, REDELIVER, REPLAY);
}
