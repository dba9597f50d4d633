package io.partnerhub.partner;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Settings;

/** Serves the partner API on the bus and publishes partner events. */
public final class PartnerVerticle extends ServiceVerticle {

  public PartnerVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    PartnerService service = new PartnerService(database, new SessionStore(redis));
    serve(PartnerApi.CREATE, service::create);
    serve(PartnerApi.LIST, service::list);
    serve(PartnerApi.GET, service::get);
    serve(PartnerApi.UPDATE, service::update);
    serve(PartnerApi.DELETE, service::delete);
  }
}
