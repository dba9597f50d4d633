package io.partnerhub.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;

/** Answers health probes for this services node: a trivial query and a Redis PING, each bounded. */
public final class HealthVerticle extends ServiceVerticle {

  public HealthVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    serve(
        HealthApi.CHECK,
        probe -> {
          Future<Boolean> database = this.database.ping().map(true).otherwise(false);
          Future<Boolean> cache = redis.api().ping(java.util.List.of()).map(true).otherwise(false);
          return Future.join(database, cache)
              .transform(
                  done ->
                      Future.succeededFuture(
                          new HealthApi.Report(database.result(), cache.result())));
        });
  }
}
