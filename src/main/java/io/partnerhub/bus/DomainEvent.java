package io.partnerhub.bus;

import io.partnerhub.kernel.Jsons;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * The one event envelope, for the bus, the REST feed and webhooks alike: a fact written to the
 * outbox in the transaction of the change that caused it, and published on {@code
 * partnerhub.events.<type>} by the relay once committed, at least once, in per-tenant {@code
 * sequence} order. Consumers deduplicate by {@code id}. {@code data} is the entity as its API shows
 * it, after the change. {@code sequence} is 0 until the relay has placed the event.
 */
public record DomainEvent(
    UUID id,
    long sequence,
    String type,
    Instant occurredAt,
    UUID organizationId,
    UUID partnerId,
    Aggregate aggregate,
    Actor actor,
    JsonObject data) {
  public static final String ADDRESS_PREFIX = "partnerhub.events.";

  /** What the event is about: {@code type} is the event type's first word (partner, ...). */
  public record Aggregate(String type, UUID id) {}

  /**
   * Who caused the event: a user, an API key, or PartnerHub itself ({@code system}, with no id).
   */
  public record Actor(String type, UUID id) {
    public static final String USER = "user";
    public static final String API_KEY = "api_key";
    public static final String SYSTEM_TYPE = "system";
    public static final Actor SYSTEM = new Actor(SYSTEM_TYPE, null);

    /** The actor a request's context stands for: the one place that knows the kinds of caller. */
    public static Actor of(TenantContext context) {
      return context == null || context.actorId() == null
          ? SYSTEM
          : new Actor(context.actorType(), context.actorId());
    }
  }

  public static String address(String type) {
    return ADDRESS_PREFIX + type;
  }

  /**
   * A new event about {@code aggregateId} (of the partner {@code partnerId}, or null), caused by
   * {@code actor}, not yet sequenced.
   */
  public static DomainEvent of(
      String type,
      UUID organizationId,
      Actor actor,
      UUID aggregateId,
      UUID partnerId,
      Object entity) {
    return new DomainEvent(
        UUID.randomUUID(),
        0,
        type,
        Instant.now(),
        organizationId,
        partnerId,
        new Aggregate(type.substring(0, type.indexOf('.')), aggregateId),
        actor,
        json(entity));
  }

  private static JsonObject json(Object entity) {
    return (JsonObject) Jsons.wrap(Jsons.mapper().convertValue(entity, java.util.Map.class));
  }
}
