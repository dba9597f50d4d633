package io.partnerhub.webhook;

import static io.partnerhub.webhook.WebhookReceiver.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.webhook.WebhookReceiver.Received;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A receiver down for two minutes while events keep coming, with a backoff in seconds (capped at 15
 * s): once it is up, every event arrives, each once, none lost. Slow: the adversarial profile runs
 * it.
 */
@Tag("slow")
class WebhookOutageSoakTest {
  private static final Duration OUTAGE = Duration.ofMinutes(2);

  @Test
  void everyEventOfAnOutageArrivesOnceTheReceiverIsBack() throws InterruptedException {
    PartnerHub app =
        TestApp.start(
            TestApp.settings()
                .with(Setting.WEBHOOKS_DISPATCH, true)
                .with(Setting.WEBHOOKS_ALLOW_PRIVATE, true)
                .with(Setting.WEBHOOKS_POLL_MS, 200)
                .with(Setting.WEBHOOKS_RETRY_BASE_MS, 1000)
                .with(Setting.WEBHOOKS_RETRY_MAX_DELAY_MS, 15000)
                .with(Setting.WEBHOOKS_MAX_ATTEMPTS, 100));
    TestApp.use(app);
    try {
      WebhookReceiver probe = WebhookReceiver.start(0);
      int port = probe.port();
      probe.close();
      Tenant tenant = Tenant.create();
      JsonObject webhook =
          WebhookDeliveryTest.create(
              tenant, "http://127.0.0.1:" + port + "/hook", "partner.created");
      Set<String> partners = new HashSet<>();
      long end = System.nanoTime() + OUTAGE.toNanos();
      while (System.nanoTime() < end) {
        partners.add(Fixtures.partner(tenant, "Outage " + partners.size()).toString());
        Thread.sleep(4_000); // events spread over the outage, not a poll
      }
      try (WebhookReceiver receiver = WebhookReceiver.start(port)) {
        until(
            Duration.ofSeconds(90),
            "every event delivered",
            () ->
                WebhookDeliveryTest.deliveries(tenant, webhook).stream()
                        .filter(d -> d.getString("status").equals("delivered"))
                        .count()
                    == partners.size());
        assertThat(
                receiver.requests.stream()
                    .map(r -> r.json().getJsonObject("data").getString("id"))
                    .collect(Collectors.toSet()))
            .isEqualTo(partners);
        assertThat(receiver.requests.stream().map(Received::id).distinct().count())
            .isEqualTo(receiver.requests.size());
      }
    } finally {
      TestApp.restore();
      app.close().await();
    }
  }
}
