package io.partnerhub.webhook;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.Patch;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.Versions;
import io.partnerhub.webhook.WebhookApi.CreateWebhook;
import io.partnerhub.webhook.WebhookApi.DeleteWebhook;
import io.partnerhub.webhook.WebhookApi.Delivery;
import io.partnerhub.webhook.WebhookApi.DeliveryPage;
import io.partnerhub.webhook.WebhookApi.GetWebhook;
import io.partnerhub.webhook.WebhookApi.ListDeliveries;
import io.partnerhub.webhook.WebhookApi.ListWebhooks;
import io.partnerhub.webhook.WebhookApi.Redeliver;
import io.partnerhub.webhook.WebhookApi.Replay;
import io.partnerhub.webhook.WebhookApi.Replayed;
import io.partnerhub.webhook.WebhookApi.RotateWebhookSecret;
import io.partnerhub.webhook.WebhookApi.UpdateWebhook;
import io.partnerhub.webhook.WebhookApi.Webhook;
import io.partnerhub.webhook.WebhookApi.WebhookChanges;
import io.partnerhub.webhook.WebhookApi.WebhookPage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Webhook endpoints and their delivery log, for a tenant's vendor users holding the webhook
 * permissions (the built-in admin). A secret is shown in the reply that makes it, never again.
 */
final class WebhookService {
  /** Each event is queued once per endpoint: a bound on what one tenant makes every event cost. */
  static final int MAX_PER_TENANT = 50;

  private final Database database;
  private final WebhookRepository repository;
  private final UrlGuard guard;
  private final Set<String> eventTypes;
  private final int rotationGraceSeconds;
  private final Runnable wake;

  WebhookService(
      Database database,
      WebhookRepository repository,
      UrlGuard guard,
      Set<String> eventTypes,
      int rotationGraceSeconds,
      Runnable wake) {
    this.database = database;
    this.repository = repository;
    this.guard = guard;
    this.eventTypes = eventTypes;
    this.rotationGraceSeconds = rotationGraceSeconds;
    this.wake = wake;
  }

  Future<Webhook> create(CreateWebhook request) {
    TenantContext context = vendor(request.context());
    check(request.url(), request.eventTypes());
    String secret = WebhookSignature.newSecret();
    return database
        .inTenant(
            context,
            conn ->
                repository
                    .count(conn)
                    .compose(
                        count -> {
                          if (count >= MAX_PER_TENANT) {
                            throw new ServiceException(
                                FailureCode.CONFLICT,
                                "A tenant has at most " + MAX_PER_TENANT + " webhooks");
                          }
                          return repository.insert(
                              conn,
                              context.organizationId(),
                              request.url(),
                              request.eventTypes(),
                              request.description(),
                              request.enabled() == null || request.enabled(),
                              secret);
                        }))
        .map(webhook -> webhook.withSecret(secret));
  }

  Future<WebhookPage> list(ListWebhooks request) {
    return database.inTenant(
        vendor(request.context()),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (after, rows) -> repository.list(conn, after, rows),
                    Webhook::createdAt,
                    Webhook::id)
                .map(page -> new WebhookPage(page.items(), page.nextCursor())));
  }

  Future<Webhook> get(GetWebhook request) {
    return database.inTenant(vendor(request.context()), conn -> found(conn, request.id(), false));
  }

  Future<Webhook> update(UpdateWebhook request) {
    TenantContext context = vendor(request.context());
    WebhookChanges changes = Changes.required(request.changes());
    return database
        .inTenant(
            context,
            conn ->
                found(conn, request.id(), true)
                    .compose(
                        current -> {
                          Versions.check("webhook", current.version(), request.expectedVersion());
                          Webhook merged = Patch.merge(current, changes);
                          check(merged.url(), merged.eventTypes());
                          return repository.update(conn, merged);
                        }))
        .onSuccess(webhook -> wake.run());
  }

  Future<Void> delete(DeleteWebhook request) {
    return database.inTenant(
        vendor(request.context()),
        conn ->
            repository
                .delete(conn, request.id())
                .map(
                    deleted -> {
                      if (!deleted) {
                        throw ServiceException.notFound("Webhook " + request.id());
                      }
                      return null;
                    }));
  }

  Future<Webhook> rotateSecret(RotateWebhookSecret request) {
    String secret = WebhookSignature.newSecret();
    return database.inTenant(
        vendor(request.context()),
        conn ->
            found(conn, request.id(), true)
                .compose(
                    current -> repository.rotate(conn, request.id(), secret, rotationGraceSeconds))
                .map(webhook -> webhook.withSecret(secret)));
  }

  Future<DeliveryPage> deliveries(ListDeliveries request) {
    return database.inTenant(
        vendor(request.context()),
        conn ->
            found(conn, request.id(), false)
                .compose(
                    webhook ->
                        Paging.TimeKey.page(
                            request.limit(),
                            request.cursor(),
                            (before, rows) ->
                                repository.deliveries(conn, request.id(), before, rows),
                            Delivery::createdAt,
                            Delivery::id))
                .map(page -> new DeliveryPage(page.items(), page.nextCursor())));
  }

  Future<Delivery> redeliver(Redeliver request) {
    return database
        .inTenant(
            vendor(request.context()),
            conn ->
                found(conn, request.id(), false)
                    .compose(
                        webhook ->
                            repository.requeue(
                                conn, request.id(), request.deliveryId(), null, null))
                    .compose(
                        queued -> {
                          if (queued == 0) {
                            throw ServiceException.notFound("Delivery " + request.deliveryId());
                          }
                          return repository.delivery(conn, request.id(), request.deliveryId());
                        }))
        .onSuccess(delivery -> wake.run());
  }

  Future<Replayed> replay(Replay request) {
    if (!request.from().isBefore(request.to())) {
      throw ServiceException.validation(
          "from must be before to", new JsonObject().put("to", "after from"));
    }
    return database
        .inTenant(
            vendor(request.context()),
            conn ->
                found(conn, request.id(), false)
                    .compose(
                        webhook ->
                            repository.requeue(
                                conn, request.id(), null, request.from(), request.to()))
                    .map(Replayed::new))
        .onSuccess(replayed -> wake.run());
  }

  /** The URL's syntax and scheme, and event types PartnerHub publishes; VALIDATION otherwise. */
  private void check(String url, List<String> types) {
    guard.check(url);
    List<String> unknown = types.stream().filter(type -> !eventTypes.contains(type)).toList();
    if (!unknown.isEmpty()) {
      throw ServiceException.validation(
          "Unknown event types " + unknown,
          new JsonObject()
              .put("eventTypes", "each one of " + eventTypes.stream().sorted().toList()));
    }
  }

  private static TenantContext vendor(TenantContext context) {
    context.requireVendorUser("manage webhooks");
    return context;
  }

  private Future<Webhook> found(SqlConnection conn, UUID id, boolean forUpdate) {
    return repository
        .find(conn, id, forUpdate)
        .map(
            webhook -> {
              if (webhook == null) {
                throw ServiceException.notFound("Webhook " + id);
              }
              return webhook;
            });
  }
}
