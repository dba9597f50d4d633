package io.partnerhub.webhook;

import static io.partnerhub.webhook.WebhookReceiver.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF guard with PARTNERHUB_WEBHOOKS_ALLOW_PRIVATE off: which addresses are public, and a host
 * name that resolves to loopback, accepted when saved (only its syntax is known then), refused at
 * delivery after resolution, with no request reaching the receiver listening there.
 */
class WebhookSsrfTest {
  private static PartnerHub app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            TestApp.settings()
                .with(Setting.WEBHOOKS_DISPATCH, true)
                .with(Setting.WEBHOOKS_POLL_MS, 50)
                .with(Setting.WEBHOOKS_RETRY_BASE_MS, 50)
                .with(Setting.WEBHOOKS_RETRY_MAX_DELAY_MS, 100)
                .with(Setting.WEBHOOKS_MAX_ATTEMPTS, 3));
    TestApp.use(app);
  }

  @AfterAll
  static void stop() {
    TestApp.restore();
    app.close().await();
  }

  @ParameterizedTest(name = "{0} public: {1}")
  @CsvSource({
    "8.8.8.8, true",
    "1.1.1.1, true",
    "2606:4700:4700::1111, true",
    "127.0.0.1, false",
    "127.255.0.9, false",
    "0.0.0.0, false",
    "10.0.0.1, false",
    "172.16.0.1, false",
    "172.31.255.255, false",
    "172.32.0.1, true",
    "192.168.0.1, false",
    "100.64.0.1, false",
    "100.127.255.255, false",
    "100.128.0.1, true",
    "169.254.169.254, false",
    "224.0.0.1, false",
    "255.255.255.255, false",
    "::1, false",
    "::, false",
    "fc00::1, false",
    "fd12:3456::1, false",
    "fe80::1, false",
    "ff02::1, false",
    "::ffff:127.0.0.1, false",
    "::ffff:169.254.169.254, false",
    "::ffff:8.8.8.8, true",
    "::10.0.0.1, false",
    "64:ff9b::7f00:1, false",
    "2002:7f00:1::, false",
    "2001:db8::1, false"
  })
  void publicAddresses(String address, boolean expected) throws UnknownHostException {
    assertThat(UrlGuard.isPublic(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @Test
  void aHostNameResolvingToLoopbackIsRefusedAtDelivery() {
    try (WebhookReceiver receiver = WebhookReceiver.start(0)) {
      Tenant tenant = Tenant.create();
      JsonObject webhook =
          WebhookDeliveryTest.create(
              tenant, "https://localhost:" + receiver.port() + "/hook", "partner.created");
      Fixtures.partner(tenant, "Inside");
      until(
          Duration.ofSeconds(15),
          "the attempts used up",
          () ->
              WebhookDeliveryTest.deliveries(tenant, webhook).stream()
                  .anyMatch(d -> d.getString("status").equals("failed")));
      JsonObject delivery = WebhookDeliveryTest.deliveries(tenant, webhook).get(0);
      assertThat(delivery.getJsonArray("attempts"))
          .hasSize(3)
          .allSatisfy(
              attempt -> {
                assertThat(((JsonObject) attempt).getString("error"))
                    .startsWith("refused: localhost resolves to a refused address");
                assertThat(((JsonObject) attempt).getValue("statusCode")).isNull();
              });
      assertThat(receiver.requests).isEmpty();
    }
  }
}
