package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

  private static Http.Response createPartner(Tenant tenant, String key, String name) {
    return Http.send(
        "POST",
        "/partners",
        tenant.token(),
        new JsonObject().put("name", name).put("type", "reseller").put("tier", "gold"),
        Map.of("Idempotency-Key", key));
  }

  @Test
  void theSameKeyAndBodyReplayTheFirstResponseAndCreateNothingMore() {
    Tenant tenant = Tenant.create();
    String key = UUID.randomUUID().toString();
    Http.Response first = createPartner(tenant, key, "Once");
    Http.Response again = createPartner(tenant, key, "Once");
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM partners WHERE organization_id = ?", tenant.organizationId()))
        .isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIs422() {
    Tenant tenant = Tenant.create();
    String key = UUID.randomUUID().toString();
    createPartner(tenant, key, "First");
    Http.Response other = createPartner(tenant, key, "Second");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.json().getString("error")).isEqualTo("UNPROCESSABLE");
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM partners WHERE organization_id = ?", tenant.organizationId()))
        .isEqualTo(1);
  }

  @Test
  void concurrentDuplicatesCreateOneResourceAndTheOthersAre409OrReplays() {
    Tenant tenant = Tenant.create();
    UUID partner = Fixtures.partner(tenant, "P");
    String key = UUID.randomUUID().toString();
    JsonObject deal = Fixtures.deal(partner, "Racy", "racy.test", "10");
    List<CompletableFuture<Http.Response>> duplicates =
        java.util.stream.IntStream.range(0, 6)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            Http.send(
                                "POST",
                                "/opportunities",
                                tenant.token(),
                                deal,
                                Map.of("Idempotency-Key", key))))
            .toList();
    List<Http.Response> responses = duplicates.stream().map(CompletableFuture::join).toList();
    assertThat(responses)
        .extracting(Http.Response::status)
        .allMatch(status -> status == 201 || status == 409);
    assertThat(
            responses.stream()
                .filter(r -> r.status() == 201 && r.header("Idempotent-Replayed") == null))
        .hasSize(1);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM opportunities WHERE organization_id = ?",
                tenant.organizationId()))
        .isEqualTo(1);
  }

  @Test
  void keysArePerCallerAndAFailureFreesTheKey() {
    Tenant a = Tenant.create();
    Tenant b = Tenant.create();
    String key = "shared-key";
    assertThat(createPartner(a, key, "A's").status()).isEqualTo(201);
    Http.Response bs = createPartner(b, key, "A's");
    assertThat(bs.status()).isEqualTo(201);
    assertThat(bs.header("Idempotent-Replayed")).isNull();

    String retry = UUID.randomUUID().toString();
    assertThat(
            Http.send(
                    "POST",
                    "/partners",
                    a.token(),
                    new JsonObject()
                        .put("name", "X")
                        .put("type", "reseller")
                        .put("tier", "diamond"),
                    Map.of("Idempotency-Key", retry))
                .status())
        .isEqualTo(400);
    assertThat(createPartner(a, retry, "Fixed").status()).isEqualTo(201);
  }

  /**
   * The key is free before the failure answer goes out, so a client that corrects its body and
   * retries at once never meets its own failed attempt (once 18 in 100 tries got 422 "used with
   * another request body").
   */
  @Test
  void aRetryRightAfterAFailureAlwaysGetsTheKey() {
    Tenant tenant = Tenant.create();
    for (int i = 0; i < 200; i++) {
      String key = UUID.randomUUID().toString();
      Http.Response failed =
          Http.send(
              "POST",
              "/partners",
              tenant.token(),
              new JsonObject()
                  .put("name", "Retry " + i)
                  .put("type", "reseller")
                  .put("tier", "diamond"),
              Map.of("Idempotency-Key", key));
      assertThat(failed.status()).as(failed.text()).isEqualTo(400);
      Http.Response fixed = createPartner(tenant, key, "Retry " + i);
      assertThat(fixed.status()).as("attempt %d: %s", i, fixed.text()).isEqualTo(201);
      Http.Response replayed = createPartner(tenant, key, "Retry " + i);
      assertThat(replayed.status()).as("replay %d: %s", i, replayed.text()).isEqualTo(201);
      assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    }
  }

  @Test
  void provisioningReplaysOnlyForTheHolderOfThePlatformKey() {
    String key = UUID.randomUUID().toString();
    String subdomain = "idem-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject body =
        new JsonObject()
            .put("name", "Idem")
            .put("subdomain", subdomain)
            .put("adminEmail", "a@idem.test")
            .put("adminPassword", "idempotent password");
    Http.Response first =
        Http.send(
            "POST",
            "/organizations",
            null,
            body,
            Map.of("Idempotency-Key", key, "X-Platform-Key", TestApp.PLATFORM_KEY));
    assertThat(first.status()).isEqualTo(201);
    Http.Response stranger =
        Http.send(
            "POST",
            "/organizations",
            null,
            body,
            Map.of("Idempotency-Key", key, "X-Platform-Key", "guess"));
    assertThat(stranger.status()).isEqualTo(401);
    assertThat(
            Http.send(
                    "POST",
                    "/organizations",
                    null,
                    body,
                    Map.of("Idempotency-Key", key, "X-Platform-Key", TestApp.PLATFORM_KEY))
                .json())
        .isEqualTo(first.json());
  }
}
