package io.partnerhub.examples.consumer;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.kernel.Ids;
import io.partnerhub.opportunity.OpportunityApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A verticle outside PartnerHub's services using its public event-bus API: it subscribes to {@code
 * opportunity.won} events (from any node of the cluster), prints each, and answers how many deals
 * an organization has won since it started.
 */
public final class WonDealCounter extends VerticleBase {
  /** Request: an organization id (String). Reply: the number of won deals seen (Integer). */
  public static final String COUNT_ADDRESS = "partnerhub.examples.won-deals.count";

  private final Map<UUID, Integer> counts = new HashMap<>();

  @Override
  public Future<?> start() {
    MessageConsumer<DomainEvent> wins =
        vertx.eventBus().consumer(DomainEvent.address(OpportunityApi.WON), this::won);
    MessageConsumer<String> queries = vertx.eventBus().consumer(COUNT_ADDRESS, this::count);
    // start completes when both registrations are known cluster-wide
    return Future.all(List.of(wins.completion(), queries.completion()));
  }

  private void won(Message<DomainEvent> message) {
    DomainEvent event = message.body();
    counts.merge(event.organizationId(), 1, Integer::sum);
    System.out.printf(
        "won %s in %s: %s, %s %s%n",
        event.entityId(),
        event.organizationId(),
        event.data().getString("name"),
        event.data().getString("amount"),
        event.data().getString("currency"));
  }

  private void count(Message<String> query) {
    UUID organizationId = Ids.parse(query.body());
    if (organizationId == null) {
      query.fail(400, "an organization id is required");
    } else {
      query.reply(counts.getOrDefault(organizationId, 0));
    }
  }
}
