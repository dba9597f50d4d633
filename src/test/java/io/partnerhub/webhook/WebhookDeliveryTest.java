package io.partnerhub.webhook;

import static io.partnerhub.webhook.WebhookReceiver.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.webhook.WebhookReceiver.Received;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries to a real receiver on loopback, checked with a verifier written from the Standard
 * Webhooks specification. The app allows private addresses (the receivers are on loopback) and
 * retries within milliseconds, by its settings.
 */
class WebhookDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static PartnerHub app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            TestApp.settings()
                .with(Setting.WEBHOOKS_DISPATCH, true)
                .with(Setting.WEBHOOKS_ALLOW_PRIVATE, true)
                .with(Setting.WEBHOOKS_POLL_MS, 50)
                .with(Setting.WEBHOOKS_RETRY_BASE_MS, 50)
                .with(Setting.WEBHOOKS_RETRY_MAX_DELAY_MS, 200)
                .with(Setting.WEBHOOKS_MAX_ATTEMPTS, 100)
                .with(Setting.WEBHOOKS_TIMEOUT_MS, 1000)
                .with(Setting.WEBHOOKS_DISABLE_AFTER_SECONDS, 4));
    TestApp.use(app);
  }

  @AfterAll
  static void stop() {
    TestApp.restore();
    app.close().await();
  }

  @Test
  void eachEventArrivesSignedWithItsIdAndTimestampAndTheSecretIsShownOnce() {
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      Tenant tenant = Tenant.create();
      JsonObject webhook = create(tenant, receiver.url(), "partner.created");
      String secret = webhook.getString("secret");
      assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
      assertThat(
              Http.get("/webhooks/" + webhook.getString("id"), tenant.token())
                  .json()
                  .getValue("secret"))
          .isNull();
      assertThat(
              Http.get("/webhooks", tenant.token())
                  .json()
                  .getJsonArray("items")
                  .getJsonObject(0)
                  .getValue("secret"))
          .isNull();

      UUID partner = Fixtures.partner(tenant, "Acme");
      until(WAIT, "the delivery", () -> receiver.requests.size() == 1);
      Received received = receiver.requests.get(0);
      assertThat(
              StandardWebhooksVerifier.verify(
                  secret,
                  received.id(),
                  received.timestamp(),
                  received.body(),
                  received.signature()))
          .isTrue();
      assertThat(
              StandardWebhooksVerifier.verify(
                  secret,
                  received.id(),
                  received.timestamp(),
                  received.body() + " ",
                  received.signature()))
          .as("a changed body fails")
          .isFalse();
      JsonObject event = received.json();
      assertThat(received.id()).isEqualTo(event.getString("id"));
      assertThat(Long.parseLong(received.timestamp()))
          .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
      assertThat(event.getString("type")).isEqualTo("partner.created");
      assertThat(event.getString("organizationId")).isEqualTo(tenant.organizationId().toString());
      assertThat(event.getJsonObject("data").getString("id")).isEqualTo(partner.toString());
      assertThat(event.getLong("sequence")).isPositive();

      JsonObject delivery = onlyDelivery(tenant, webhook);
      until(
          WAIT,
          "the log",
          () -> "delivered".equals(onlyDelivery(tenant, webhook).getString("status")));
      delivery = onlyDelivery(tenant, webhook);
      assertThat(delivery.getString("eventId")).isEqualTo(received.id());
      JsonObject attempt = delivery.getJsonArray("attempts").getJsonObject(0);
      assertThat(attempt.getInteger("statusCode")).isEqualTo(200);
      assertThat(attempt.getInteger("latencyMs")).isNotNegative();
    }
  }

  @Test
  void aReceiverDownForAWhileGetsEveryEventOnceItIsUp() {
    WebhookReceiver first = WebhookReceiver.start(0);
    int port = first.port();
    first.close();
    Tenant tenant = Tenant.create();
    JsonObject webhook = create(tenant, "http://127.0.0.1:" + port + "/hook", "partner.created");
    Set<String> partners = new java.util.HashSet<>();
    for (int i = 0; i < 6; i++) {
      partners.add(Fixtures.partner(tenant, "Down " + i).toString());
    }
    until(
        WAIT,
        "failed attempts while down",
        () ->
            deliveries(tenant, webhook).size() == 6
                && deliveries(tenant, webhook).stream()
                    .allMatch(d -> d.getInteger("attemptCount") >= 2));
    try (WebhookReceiver receiver = WebhookReceiver.start(port)) {
      until(
          WAIT,
          "every delivery",
          () ->
              deliveries(tenant, webhook).stream()
                  .allMatch(d -> d.getString("status").equals("delivered")));
      Set<String> delivered =
          receiver.requests.stream()
              .map(r -> r.json().getJsonObject("data").getString("id"))
              .collect(Collectors.toSet());
      assertThat(delivered).isEqualTo(partners);
      assertThat(receiver.requests.stream().map(Received::id).distinct().count())
          .as("one id per event")
          .isEqualTo(6);
      assertThat(receiver.requests)
          .allSatisfy(r -> assertThat(r.json().getLong("sequence")).isPositive());
    }
  }

  @Test
  void aReceiverAnswering500OrTooSlowlyIsTriedAgain() {
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      AtomicInteger calls = new AtomicInteger();
      receiver.answer = () -> calls.incrementAndGet() <= 2 ? 500 : 200;
      Tenant tenant = Tenant.create();
      JsonObject webhook = create(tenant, receiver.url(), "partner.created");
      Fixtures.partner(tenant, "Flaky");
      until(
          WAIT,
          "delivered",
          () -> "delivered".equals(onlyDelivery(tenant, webhook).getString("status")));
      assertThat(statusCodes(onlyDelivery(tenant, webhook))).containsExactly(500, 500, 200);
      assertThat(
              onlyDelivery(tenant, webhook)
                  .getJsonArray("attempts")
                  .getJsonObject(0)
                  .getString("error"))
          .isEqualTo("HTTP status 500");

      receiver.delay = Duration.ofMillis(1500); // beyond the 1 s timeout
      JsonObject slow = create(tenant, receiver.url(), "partner.created");
      Fixtures.partner(tenant, "Slow");
      until(
          WAIT,
          "a timed-out attempt",
          () -> !onlyDelivery(tenant, slow).getJsonArray("attempts").isEmpty());
      receiver.delay = Duration.ZERO;
      until(
          WAIT,
          "delivered",
          () -> "delivered".equals(onlyDelivery(tenant, slow).getString("status")));
      JsonObject timedOut = onlyDelivery(tenant, slow).getJsonArray("attempts").getJsonObject(0);
      assertThat(timedOut.getValue("statusCode")).isNull();
      assertThat(timedOut.getString("error")).contains("no answer within 1000 ms");
    }
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() {
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      receiver.answer = () -> 302;
      Tenant tenant = Tenant.create();
      JsonObject webhook = create(tenant, receiver.url(), "partner.created");
      Fixtures.partner(tenant, "Moved");
      until(
          WAIT,
          "two attempts",
          () -> onlyDelivery(tenant, webhook).getInteger("attemptCount") >= 2);
      disable(tenant, webhook);
      assertThat(
              Http.get("/webhooks/" + webhook.getString("id"), tenant.token())
                  .json()
                  .getString("disabledAt"))
          .isNotNull();
      assertThat(statusCodes(onlyDelivery(tenant, webhook))).contains(302).doesNotContain(200);
      assertThat(receiver.requests).extracting(Received::path).containsOnly("/hook");
    }
  }

  @Test
  void duringARotationBothSecretsVerify() {
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      Tenant tenant = Tenant.create();
      JsonObject webhook = create(tenant, receiver.url(), "partner.created");
      String old = webhook.getString("secret");
      Http.Response rotated =
          Http.post(
              "/webhooks/" + webhook.getString("id") + "/rotate-secret", tenant.token(), null);
      assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
      String fresh = rotated.json().getString("secret");
      assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
      assertThat(Instant.parse(rotated.json().getString("previousSecretExpiresAt")))
          .isBetween(Instant.now().plusSeconds(86000), Instant.now().plusSeconds(86500));

      Fixtures.partner(tenant, "Rotated");
      until(WAIT, "the delivery", () -> receiver.requests.size() == 1);
      Received received = receiver.requests.get(0);
      assertThat(received.signature().split(" ")).hasSize(2);
      for (String secret : List.of(old, fresh)) {
        assertThat(
                StandardWebhooksVerifier.verify(
                    secret,
                    received.id(),
                    received.timestamp(),
                    received.body(),
                    received.signature()))
            .as("verifies with %s", secret == old ? "the old secret" : "the new secret")
            .isTrue();
      }
    }
  }

  @Test
  void redeliverAndReplaySendTheSameEventsAgain() {
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      Tenant tenant = Tenant.create();
      JsonObject webhook = create(tenant, receiver.url(), "partner.created");
      Instant before = Instant.now().minusSeconds(1);
      Fixtures.partner(tenant, "One");
      Fixtures.partner(tenant, "Two");
      until(WAIT, "two deliveries", () -> receiver.requests.size() == 2);
      until(
          WAIT,
          "both logged",
          () ->
              deliveries(tenant, webhook).stream()
                  .allMatch(d -> d.getString("status").equals("delivered")));
      JsonObject first = deliveries(tenant, webhook).get(0);

      String path = "/webhooks/" + webhook.getString("id");
      Http.Response redelivered =
          Http.post(
              path + "/deliveries/" + first.getString("id") + "/redeliver", tenant.token(), null);
      assertThat(redelivered.status()).as(redelivered.text()).isEqualTo(200);
      until(WAIT, "the redelivery", () -> receiver.requests.size() == 3);
      assertThat(receiver.requests.get(2).id()).isEqualTo(first.getString("eventId"));

      Http.Response replayed =
          Http.post(
              path + "/replay",
              tenant.token(),
              new JsonObject()
                  .put("from", before.toString())
                  .put("to", Instant.now().plusSeconds(1).toString()));
      assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
      assertThat(replayed.json().getInteger("queued")).isEqualTo(2);
      until(WAIT, "the replay", () -> receiver.requests.size() == 5);

      assertThat(
              Http.post(
                      path + "/deliveries/" + UUID.randomUUID() + "/redeliver",
                      tenant.token(),
                      null)
                  .status())
          .isEqualTo(404);
      assertThat(
              Http.post(
                      path + "/replay",
                      tenant.token(),
                      new JsonObject()
                          .put("from", Instant.now().toString())
                          .put("to", before.toString()))
                  .status())
          .isEqualTo(400);
    }
  }

  @Test
  void anEndpointFailingForLongIsDisabledAndAnEventSaysSo() {
    try (WebhookReceiver failing = WebhookReceiver.start(0);
        WebhookReceiver watcher = WebhookReceiver.start(0)) {
      failing.answer = () -> 500;
      Tenant tenant = Tenant.create();
      JsonObject broken = create(tenant, failing.url(), "partner.created");
      create(tenant, watcher.url(), "webhook.disabled");
      Fixtures.partner(tenant, "Never delivered");
      until(
          Duration.ofSeconds(20),
          "the webhook.disabled event",
          () ->
              watcher.requests.stream()
                  .anyMatch(r -> r.json().getString("type").equals("webhook.disabled")));
      JsonObject event = watcher.requests.get(0).json();
      assertThat(event.getJsonObject("data").getString("id")).isEqualTo(broken.getString("id"));
      JsonObject read = Http.get("/webhooks/" + broken.getString("id"), tenant.token()).json();
      assertThat(read.getBoolean("enabled")).isFalse();
      assertThat(read.getString("disabledAt")).isNotNull();
      int attempts = failing.requests.size();

      // re-enabled, the pending delivery resumes
      failing.answer = () -> 200;
      Http.Response enabled =
          Http.send(
              "PATCH",
              "/webhooks/" + broken.getString("id"),
              tenant.token(),
              new JsonObject().put("enabled", true),
              Map.of());
      assertThat(enabled.status()).as(enabled.text()).isEqualTo(200);
      until(
          WAIT,
          "delivered after re-enabling",
          () -> "delivered".equals(onlyDelivery(tenant, broken).getString("status")));
      assertThat(failing.requests.size()).isGreaterThan(attempts);
    }
  }

  /** A second node dispatching from the same database: each attempt is still made once. */
  @Test
  void twoSendingNodesMakeEachAttemptOnce() {
    PartnerHub second = TestApp.start(app.config().with(Setting.HTTP_PORT, 0));
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      Tenant tenant = Tenant.create();
      JsonObject webhook = create(tenant, receiver.url(), "partner.created");
      for (int i = 0; i < 20; i++) {
        Fixtures.partner(tenant, "Twice " + i);
      }
      until(
          WAIT,
          "every delivery",
          () ->
              deliveries(tenant, webhook).size() == 20
                  && deliveries(tenant, webhook).stream()
                      .allMatch(d -> d.getString("status").equals("delivered")));
      assertThat(receiver.requests).hasSize(20);
      assertThat(receiver.requests.stream().map(Received::id).distinct().count()).isEqualTo(20);
      assertThat(deliveries(tenant, webhook))
          .allSatisfy(d -> assertThat(d.getJsonArray("attempts")).hasSize(1));
    } finally {
      second.close().await();
    }
  }

  @Test
  void aReceiverAnswering410GoneDisablesItsEndpointAtOnce() {
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      receiver.answer = () -> 410;
      Tenant tenant = Tenant.create();
      JsonObject webhook = create(tenant, receiver.url(), "partner.created");
      Fixtures.partner(tenant, "Gone");
      String path = "/webhooks/" + webhook.getString("id");
      until(WAIT, "disabled", () -> !Http.get(path, tenant.token()).json().getBoolean("enabled"));
      assertThat(onlyDelivery(tenant, webhook).getInteger("attemptCount")).isEqualTo(1);
      assertThat(receiver.requests).hasSize(1);
    }
  }

  static JsonObject create(Tenant tenant, String url, String... types) {
    Http.Response created =
        Http.post(
            "/webhooks",
            tenant.token(),
            new JsonObject().put("url", url).put("eventTypes", new JsonArray(List.of(types))));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  private static void disable(Tenant tenant, JsonObject webhook) {
    Http.Response disabled =
        Http.send(
            "PATCH",
            "/webhooks/" + webhook.getString("id"),
            tenant.token(),
            new JsonObject().put("enabled", false),
            Map.of());
    assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
  }

  static List<JsonObject> deliveries(Tenant tenant, JsonObject webhook) {
    Http.Response page =
        Http.get("/webhooks/" + webhook.getString("id") + "/deliveries", tenant.token());
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    List<JsonObject> items = new ArrayList<>();
    page.json().getJsonArray("items").forEach(item -> items.add((JsonObject) item));
    return items;
  }

  /** The endpoint's one delivery; an empty object until the event has been queued. */
  private static JsonObject onlyDelivery(Tenant tenant, JsonObject webhook) {
    List<JsonObject> items = deliveries(tenant, webhook);
    assertThat(items).hasSizeLessThanOrEqualTo(1);
    return items.isEmpty()
        ? new JsonObject().put("attempts", new JsonArray()).put("attemptCount", 0)
        : items.get(0);
  }

  private static List<Integer> statusCodes(JsonObject delivery) {
    List<Integer> codes = new ArrayList<>();
    delivery
        .getJsonArray("attempts")
        .forEach(a -> codes.add(((JsonObject) a).getInteger("statusCode")));
    return codes;
  }
}
