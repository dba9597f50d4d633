package io.partnerhub.configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import java.util.List;

/** Serves the configuration API on the bus. */
public final class ConfigurationVerticle extends ServiceVerticle {
  private final TenantConfiguration tenantConfiguration;

  /**
   * {@code reserved}: the categories the features read, each validated and given built-in values
   * here.
   */
  public ConfigurationVerticle(
      Settings config, MeterRegistry metrics, List<ReservedCategory> reserved) {
    super(config, metrics);
    this.tenantConfiguration = new TenantConfiguration(reserved);
  }

  @Override
  protected void serveEndpoints() {
    ConfigurationService service =
        new ConfigurationService(
            database,
            new ConfigurationValidator(
                vertx.fileSystem(), config.integer(Setting.JSON_MAX_DEPTH), tenantConfiguration),
            tenantConfiguration,
            readCache("cfg", config.integer(Setting.CACHE_TTL_SECONDS)),
            new SessionStore(redis));
    serve(ConfigurationApi.LIST, service::list);
    serve(ConfigurationApi.UPSERT, service::upsert);
    serve(ConfigurationApi.GET_VALUE, service::getValue);
    serve(ConfigurationApi.LIST_EFFECTIVE, service::listEffective);
    serve(ConfigurationApi.DELETE, service::delete);
    serve(ConfigurationApi.HISTORY, service::history);
  }
}
