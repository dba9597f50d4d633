package io.partnerhub.bus;

import io.partnerhub.kernel.Jsons;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A fact a service publishes after its transaction commits, on {@code partnerhub.events.<type>},
 * for any verticle in the JVM or the cluster. {@code data} is the entity as its API shows it, after
 * the change. Delivery is at most once per subscriber; consumers that must not double-count make
 * their effect idempotent.
 */
public record DomainEvent(
    String type,
    UUID organizationId,
    UUID entityId,
    UUID actorId,
    Instant occurredAt,
    JsonObject data) {
  public static final String ADDRESS_PREFIX = "partnerhub.events.";

  public static String address(String type) {
    return ADDRESS_PREFIX + type;
  }

  public static DomainEvent of(String type, TenantContext actor, UUID entityId, Object entity) {
    return new DomainEvent(
        type, actor.organizationId(), entityId, actor.userId(), Instant.now(), json(entity));
  }

  /** An event caused by PartnerHub itself (a scheduled job), with no acting user. */
  public static DomainEvent bySystem(
      String type, UUID organizationId, UUID entityId, Object entity) {
    return new DomainEvent(type, organizationId, entityId, null, Instant.now(), json(entity));
  }

  private static JsonObject json(Object entity) {
    return (JsonObject) Jsons.wrap(Jsons.mapper().convertValue(entity, java.util.Map.class));
  }

  public void publish(Vertx vertx) {
    vertx.eventBus().publish(address(type), this);
  }
}
