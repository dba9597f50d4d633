package io.partnerhub.commission;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.outbox.DurableConsumer;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import java.util.List;

/**
 * Serves the commission API on the bus and keeps the ledger in step with opportunities: a durable
 * consumer ({@code commissions}) reconciles the deal of every won, lost or updated event once, in
 * the transaction that moves its cursor, whether or not this node was up when the event was
 * published.
 */
public final class CommissionVerticle extends ServiceVerticle {
  static final String CONSUMER = "commissions";

  public CommissionVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    CommissionService service = new CommissionService(database);
    if (config.flag(Setting.JOBS)) {
      DurableConsumer ledger =
          DurableConsumer.start(
              vertx,
              database,
              CONSUMER,
              List.of(OpportunityApi.WON, OpportunityApi.LOST, OpportunityApi.UPDATED),
              false,
              config.integer(Setting.EVENTS_POLL_MS),
              (conn, event) ->
                  service.reconcile(conn, event.organizationId(), event.aggregate().id()));
      closeOnStop(ledger::close);
    }
    serve(CommissionApi.LIST, service::list);
    serve(CommissionApi.GET, service::get);
    serve(CommissionApi.APPROVE_COMMISSION, service::approve);
    serve(CommissionApi.PAY, service::pay);
    serve(CommissionApi.STATEMENT, service::statement);
    serve(CommissionApi.PREVIEW, service::preview);
  }
}
