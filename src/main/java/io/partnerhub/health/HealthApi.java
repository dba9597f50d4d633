package io.partnerhub.health;

import io.partnerhub.bus.Endpoint;
import java.util.List;

/**
 * Event-bus API of service health: any services node answers whether it reaches PostgreSQL and
 * Redis.
 */
public final class HealthApi {
  private HealthApi() {}

  public record Probe() {}

  public record Report(boolean database, boolean redis) {}

  public static final Endpoint<Probe, Report> CHECK =
      Endpoint.of("partnerhub.health.check", Probe.class, Report.class, null);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(CHECK);
}
