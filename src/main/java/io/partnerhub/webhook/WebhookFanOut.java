package io.partnerhub.webhook;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Turns a tenant's event into one delivery per subscribed endpoint, its payload the event envelope.
 *
 * <p>Interim (decision 165): until the events outbox lands, events come from the bus subscription
 * of each known type, at most once, and carry no id or sequence; the id is derived from the event's
 * own fields so that every subscriber (several instances, several nodes) computes the same one, and
 * the unique (endpoint, event) key keeps one delivery each.
 */
final class WebhookFanOut {
  private final Database database;
  private final WebhookRepository repository;
  private final int maxPayloadBytes;
  private final Runnable wake;

  WebhookFanOut(
      Database database, WebhookRepository repository, int maxPayloadBytes, Runnable wake) {
    this.database = database;
    this.repository = repository;
    this.maxPayloadBytes = maxPayloadBytes;
    this.wake = wake;
  }

  Future<Integer> accept(DomainEvent event) {
    UUID id =
        UUID.nameUUIDFromBytes(
            String.join(
                    "|",
                    event.organizationId().toString(),
                    event.type(),
                    String.valueOf(event.entityId()),
                    event.occurredAt().toString())
                .getBytes(StandardCharsets.UTF_8));
    String payload = payload(event, id);
    return database
        .inTenant(
            event.organizationId(),
            conn -> repository.fanOut(conn, id, event.type(), event.occurredAt(), payload))
        .onSuccess(
            queued -> {
              if (queued > 0) {
                wake.run();
              }
            });
  }

  /**
   * The envelope as the feed shows it; an event whose JSON is larger than the bound goes without
   * {@code data} and says so with {@code dataOmitted} (read it from the feed).
   */
  String payload(DomainEvent event, UUID id) {
    JsonObject envelope =
        new JsonObject()
            .put("id", id.toString())
            .putNull("sequence")
            .put("type", event.type())
            .put("occurredAt", event.occurredAt().toString())
            .put("organizationId", event.organizationId().toString())
            .putNull("partnerId")
            .put(
                "aggregate",
                new JsonObject()
                    .put("type", event.type().substring(0, event.type().indexOf('.')))
                    .put("id", String.valueOf(event.entityId())))
            .put(
                "actor",
                new JsonObject()
                    .put("type", event.actorId() == null ? "system" : "user")
                    .put("id", event.actorId() == null ? null : event.actorId().toString()))
            .put("data", event.data());
    String encoded = envelope.encode();
    if (encoded.getBytes(StandardCharsets.UTF_8).length <= maxPayloadBytes) {
      return encoded;
    }
    return envelope.putNull("data").put("dataOmitted", true).encode();
  }
}
