package io.partnerhub.apikey;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.cache.KeyWatch;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Settings;

/** Serves API keys on the bus. */
public final class ApiKeyVerticle extends ServiceVerticle {
  public ApiKeyVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    ApiKeyService service = new ApiKeyService(database, new ApiKeyStore(redis, KeyWatch.off()));
    serve(ApiKeyApi.LIST, service::list);
    serve(ApiKeyApi.GET, service::get);
    serve(ApiKeyApi.CREATE, service::create);
    serve(ApiKeyApi.REVOKE, service::revoke);
    serve(ApiKeyApi.AUTHENTICATE, service::authenticate);
    serve(ApiKeyApi.RECORD_USE, service::recordUse);
  }
}
