package io.partnerhub.webhook;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.kernel.Jsons;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.nio.charset.StandardCharsets;

/**
 * Turns a tenant's event into one delivery per subscribed endpoint, its payload the event envelope.
 * Runs as the durable consumer {@value #CONSUMER} (decision 165): an event's deliveries are queued
 * in the transaction that moves the consumer's cursor past it, so each event is queued once,
 * whether or not a node was up when it was published.
 */
final class WebhookFanOut {
  static final String CONSUMER = "webhooks";

  private final WebhookRepository repository;
  private final int maxPayloadBytes;

  WebhookFanOut(WebhookRepository repository, int maxPayloadBytes) {
    this.repository = repository;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  Future<Void> queue(SqlConnection conn, DomainEvent event) {
    return repository
        .fanOut(conn, event.id(), event.type(), event.occurredAt(), payload(event))
        .mapEmpty();
  }

  /**
   * The envelope as the event feed shows it; an event whose JSON is larger than the bound goes
   * without {@code data} and says so with {@code dataOmitted} (read it from the feed).
   */
  String payload(DomainEvent event) {
    String encoded = Jsons.encode(event);
    if (encoded.getBytes(StandardCharsets.UTF_8).length <= maxPayloadBytes) {
      return encoded;
    }
    return new JsonObject(encoded).putNull("data").put("dataOmitted", true).encode();
  }
}
