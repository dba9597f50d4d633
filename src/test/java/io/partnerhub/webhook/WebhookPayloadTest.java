package io.partnerhub.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.DomainEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The delivered body: the event envelope, its data dropped (and said so) above the size bound. */
class WebhookPayloadTest {
  private static final DomainEvent EVENT =
      new DomainEvent(
          UUID.randomUUID(),
          7,
          "partner.created",
          Instant.now(),
          UUID.randomUUID(),
          null,
          new DomainEvent.Aggregate("partner", UUID.randomUUID()),
          new DomainEvent.Actor(DomainEvent.Actor.USER, UUID.randomUUID()),
          new JsonObject().put("name", "x".repeat(500)));

  @Test
  void theEnvelopeCarriesTheEvent() {
    JsonObject body = new JsonObject(new WebhookFanOut(null, 4096).payload(EVENT));
    assertThat(body.fieldNames())
        .containsExactly(
            "id",
            "sequence",
            "type",
            "occurredAt",
            "organizationId",
            "partnerId",
            "aggregate",
            "actor",
            "data");
    assertThat(body.getString("id")).isEqualTo(EVENT.id().toString());
    assertThat(body.getLong("sequence")).isEqualTo(7);
    assertThat(body.getJsonObject("aggregate").getString("type")).isEqualTo("partner");
    assertThat(body.getJsonObject("actor").getString("type")).isEqualTo("user");
    assertThat(body.getJsonObject("data").getString("name")).hasSize(500);
  }

  @Test
  void anEventAboveTheBoundGoesWithoutItsData() {
    String payload = new WebhookFanOut(null, 400).payload(EVENT);
    JsonObject body = new JsonObject(payload);
    assertThat(body.getValue("data")).isNull();
    assertThat(body.getBoolean("dataOmitted")).isTrue();
    assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(400);
  }
}
