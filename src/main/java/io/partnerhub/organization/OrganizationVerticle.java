package io.partnerhub.organization;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Settings;
import io.partnerhub.user.Passwords;
import io.vertx.core.Future;

/** Serves tenant provisioning on the bus. */
public final class OrganizationVerticle extends ServiceVerticle {
  private Passwords passwords;

  public OrganizationVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    passwords = new Passwords(vertx, config);
    OrganizationService service = new OrganizationService(database, passwords);
    serve(OrganizationApi.PROVISION, service::provision);
  }

  @Override
  public Future<?> stop() {
    return passwords.close().compose(closed -> super.stop());
  }
}
