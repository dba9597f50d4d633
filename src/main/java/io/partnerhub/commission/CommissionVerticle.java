package io.partnerhub.commission;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Settings;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the commission ledger in step with opportunities by reacting to their events (won, lost,
 * updated), and serves the commission API on the bus.
 */
public final class CommissionVerticle extends ServiceVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(CommissionVerticle.class);

  public CommissionVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    CommissionService service = new CommissionService(database, event -> event.publish(vertx));
    for (String type :
        new String[] {OpportunityApi.WON, OpportunityApi.LOST, OpportunityApi.UPDATED}) {
      MessageConsumer<DomainEvent> consumer =
          vertx
              .eventBus()
              .consumer(
                  DomainEvent.address(type),
                  message -> {
                    DomainEvent event = message.body();
                    service
                        .reconcile(event.organizationId(), event.entityId())
                        .onFailure(
                            failure ->
                                LOG.error(
                                    "Commission reconciliation failed for opportunity {} after {}",
                                    event.entityId(),
                                    type,
                                    failure));
                  });
      listen(consumer);
    }
    serve(CommissionApi.LIST, service::list);
    serve(CommissionApi.GET, service::get);
    serve(CommissionApi.APPROVE_COMMISSION, service::approve);
    serve(CommissionApi.PAY, service::pay);
    serve(CommissionApi.STATEMENT, service::statement);
    serve(CommissionApi.PREVIEW, service::preview);
  }
}
