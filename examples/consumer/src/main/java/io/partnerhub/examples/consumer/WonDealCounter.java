package io.partnerhub.examples.consumer;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.kernel.Ids;
import io.partnerhub.opportunity.OpportunityApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A verticle outside PartnerHub's services using its public event-bus API: it subscribes to {@code
 * opportunity.won} events (from any node of the cluster), prints each once, and answers how many
 * deals an organization has won since it started. Given the event feed, it first reads the wins it
 * missed while it was down. Delivery is at least once: an event seen twice in a run (re-published,
 * or both live and in the feed) counts once, by its id.
 */
public final class WonDealCounter extends VerticleBase {
  /** Request: an organization id (String). Reply: the number of won deals seen (Integer). */
  public static final String COUNT_ADDRESS = "partnerhub.examples.won-deals.count";

  private final Map<UUID, Integer> counts = new HashMap<>();
  private final Set<UUID> seen = new HashSet<>();
  private final FeedCatchUp missed;

  /** {@code missed}: where to read what happened while this consumer was down, or null. */
  public WonDealCounter(FeedCatchUp missed) {
    this.missed = missed;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<DomainEvent> wins =
        vertx
            .eventBus()
            .consumer(DomainEvent.address(OpportunityApi.WON), message -> won(message.body()));
    MessageConsumer<String> queries = vertx.eventBus().consumer(COUNT_ADDRESS, this::count);
    // start completes when both registrations are known cluster-wide, and the missed wins are read
    return Future.all(List.of(wins.completion(), queries.completion()))
        .compose(live -> missed == null ? Future.succeededFuture() : missed.run(vertx, this::won));
  }

  /** A won deal, from the bus or from the feed. */
  private void won(DomainEvent event) {
    if (!seen.add(event.id())) {
      return;
    }
    counts.merge(event.organizationId(), 1, Integer::sum);
    System.out.printf(
        "won %s in %s (#%d): %s, %s %s%n",
        event.aggregate().id(),
        event.organizationId(),
        event.sequence(),
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
