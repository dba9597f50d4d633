package io.partnerhub.example;

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
 * An example of a verticle outside PartnerHub's services using its public event-bus API: it
 * subscribes to {@code opportunity.won} events (from any node of the cluster) and answers how many
 * deals an organization has won since it started. Deploy it on any node; see docs/event-bus.md.
 */
public final class WonDealCounter extends VerticleBase {
  /** Request: an organization id (String). Reply: the number of won deals seen (Integer). */
  public static final String COUNT_ADDRESS = "partnerhub.examples.won-deals.count";

  private final Map<UUID, Integer> counts = new HashMap<>();

  @Override
  public Future<?> start() {
    MessageConsumer<DomainEvent> wins =
        vertx
            .eventBus()
            .consumer(
                DomainEvent.address(OpportunityApi.WON),
                event -> counts.merge(event.body().organizationId(), 1, Integer::sum));
    MessageConsumer<String> queries = vertx.eventBus().consumer(COUNT_ADDRESS, this::count);
    return Future.all(List.of(wins.completion(), queries.completion()));
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
