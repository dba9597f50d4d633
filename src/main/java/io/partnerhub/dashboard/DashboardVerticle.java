package io.partnerhub.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.cache.ReadCache;
import io.partnerhub.commission.CommissionApi;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import java.util.List;

/**
 * Serves the dashboard; any event that changes its figures drops the organization's cached
 * dashboards.
 */
public final class DashboardVerticle extends ServiceVerticle {
  private static final List<String> CHANGES =
      List.of(
          OpportunityApi.REGISTERED,
          OpportunityApi.APPROVED,
          OpportunityApi.REJECTED,
          OpportunityApi.EXPIRED,
          OpportunityApi.UPDATED,
          PartnerApi.CREATED,
          PartnerApi.UPDATED,
          PartnerApi.DELETED,
          CommissionApi.RECORDED,
          CommissionApi.UPDATED);

  public DashboardVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    ReadCache cache = readCache("dash", config.integer(Setting.DASHBOARD_CACHE_TTL_SECONDS));
    for (String type : CHANGES) {
      listen(
          vertx
              .eventBus()
              .<DomainEvent>consumer(
                  DomainEvent.address(type),
                  message -> cache.invalidate(message.body().organizationId())));
    }
    serve(DashboardApi.GET, new DashboardService(database, cache)::get);
  }
}
