package io.partnerhub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnerhub.PartnerHub;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.commission.CommissionVerticle;
import io.partnerhub.consumer.Contract;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.support.Await;
import io.partnerhub.support.DedicatedStack;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node stops between the commit of a win and any publication of it (it runs no jobs: no relay,
 * no ledger consumer). After a restart the commission exists and opportunity.won reaches a consumer
 * that deduplicates by event id exactly once, even when the relay publishes it again.
 */
class NodeStoppedBeforePublishTest {
  @TempDir static Path data;
  private DedicatedStack stack;

  @BeforeEach
  void aNodeThatRunsNoJobs() {
    stack =
        DedicatedStack.start(data.resolve("postgres"), config -> config.with(Setting.JOBS, false));
    TestApp.use(stack.app());
  }

  @AfterEach
  void stop() {
    TestApp.restore();
    stack.close();
  }

  /** A bus consumer that keeps every delivery and the distinct event ids it has handled. */
  private static final class DeduplicatingConsumer {
    final List<UUID> deliveries = new CopyOnWriteArrayList<>();
    final Set<UUID> handled = ConcurrentHashMap.newKeySet();
    final MessageConsumer<DomainEvent> consumer;

    DeduplicatingConsumer(PartnerHub app, UUID organization) {
      consumer =
          app.vertx()
              .eventBus()
              .consumer(
                  DomainEvent.address(OpportunityApi.WON),
                  message -> {
                    DomainEvent event = message.body();
                    if (event.organizationId().equals(organization)) {
                      deliveries.add(event.id());
                      handled.add(event.id());
                    }
                  });
      consumer.completion().await();
    }
  }

  @Test
  void afterARestartTheCommissionExistsAndTheWinArrivesOnce() {
    Tenant tenant = Tenant.create();
    UUID partner = Fixtures.partner(tenant, "Seller");
    Http.Response rules =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "commissions")
                .put("key", "rules")
                .put("dataType", "array")
                .put(
                    "value",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("effectiveFrom", "2020-01-01")
                                .put(
                                    "base",
                                    new JsonObject()
                                        .put("kind", "brackets")
                                        .put("mode", "marginal")
                                        .put(
                                            "brackets",
                                            new JsonArray()
                                                .add(
                                                    new JsonObject()
                                                        .put("from", 0)
                                                        .putNull("to")
                                                        .put("rate", 10)))))));
    assertThat(rules.status()).as(rules.text()).isEqualTo(201);
    JsonObject won = Fixtures.wonDeal(tenant, partner, "acme", "1000.00");

    // committed, never published: the event waits in the outbox, and there is no commission
    assertThat(
            stack.count(
                "SELECT count(*) FROM events WHERE type = 'opportunity.won' AND position IS NULL"))
        .isEqualTo(1);
    assertThat(stack.count("SELECT count(*) FROM commissions")).isZero();

    // the restarted node's jobs start after a deduplicating consumer is listening on its bus
    PartnerHub restarted = stack.restart(config -> config);
    TestApp.use(restarted);
    DeduplicatingConsumer wins = new DeduplicatingConsumer(restarted, tenant.organizationId());
    Settings jobs = restarted.config().with(Setting.JOBS, true);
    for (var verticle :
        List.<java.util.function.Supplier<io.vertx.core.Deployable>>of(
            () -> new OutboxVerticle(jobs, new SimpleMeterRegistry(), Contract.EVENT_TYPES),
            () -> new CommissionVerticle(jobs, new SimpleMeterRegistry()))) {
      restarted.vertx().deployVerticle(verticle, new DeploymentOptions()).await();
    }

    JsonArray ledger =
        Await.until(
            () -> Http.get("/commissions", tenant.token()).json().getJsonArray("items"),
            items -> !items.isEmpty(),
            Duration.ofSeconds(10));
    assertThat(ledger).hasSize(1);
    assertThat(ledger.getJsonObject(0).getString("opportunityId")).isEqualTo(won.getString("id"));
    assertThat(ledger.getJsonObject(0).getString("amount")).isEqualTo("100.00");
    assertThat(Await.until(() -> wins.handled.size(), n -> n >= 1, Duration.ofSeconds(10)))
        .isEqualTo(1);

    // a relay that dies after publishing and before moving its cursor publishes again: the
    // consumer gets the same id twice and handles it once; the ledger is unchanged
    // (once the relay has moved its cursor past the win, which it does a cycle after publishing)
    Await.until(
        () ->
            stack.count(
                "SELECT count(*) FROM event_cursors c WHERE c.consumer LIKE 'relay@%'"
                    + " AND c.position = (SELECT max(position) FROM events)"),
        moved -> moved == 1,
        Duration.ofSeconds(10));
    stack.column("UPDATE event_cursors SET position = 0 WHERE consumer LIKE 'relay@%' RETURNING 1");
    assertThat(Await.until(() -> wins.deliveries.size(), n -> n >= 2, Duration.ofSeconds(10)))
        .isGreaterThanOrEqualTo(2);
    assertThat(wins.handled).hasSize(1);
    assertThat(stack.count("SELECT count(*) FROM commissions")).isEqualTo(1);
  }
}
