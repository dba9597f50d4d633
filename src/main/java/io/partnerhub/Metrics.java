package io.partnerhub;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The Prometheus registry behind /metrics, kept small (a few hundred series, whatever the traffic):
 * HTTP response times get a few fixed SLO buckets per route, method and status class, every other
 * timer keeps count, sum and max only; a route is labelled by the template of the route that
 * answered; HTTP body sizes are one summary per node. Why: percentile histograms published about
 * 276 buckets per route, method and status, so /metrics grew to megabytes.
 */
final class Metrics {
  private static final String HTTP_RESPONSE_TIME = "vertx.http.server.response.time";
  private static final String ROUTE = "route";
  private static final String CODE = "code";
  private static final double[] SLO_NANOS =
      Stream.of(25, 100, 250, 1000, 5000)
          .mapToDouble(millis -> Duration.ofMillis(millis).toNanos())
          .toArray();

  private Metrics() {}

  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Vert.x labels a request with every route it passed ("/api/>/api/v1/>/api/v1/partners/:id"):
    // the last one answered
    registry
        .config()
        .meterFilter(
            MeterFilter.replaceTagValues(
                ROUTE, route -> route.substring(route.lastIndexOf('>') + 1)))
        // request and response sizes per route and status doubled the series and told little
        // (bodies are capped anyway): one summary per node. Not denied: Micrometer remembers only
        // the meters it accepts, so a denied one went through every filter on every request.
        .meterFilter(bodySizesPerNode("vertx.http.server.request.bytes"))
        .meterFilter(bodySizesPerNode("vertx.http.server.response.bytes"))
        .meterFilter(
            new MeterFilter() {
              // response times by status class (2xx, 4xx, 5xx): a bucketed series per exact status
              // would multiply
              // the buckets again; vertx_http_server_requests_total keeps the exact status
              @Override
              public Meter.Id map(Meter.Id id) {
                String code = id.getTag(CODE);
                return HTTP_RESPONSE_TIME.equals(id.getName()) && code != null && code.length() == 3
                    ? id.replaceTags(
                        Tags.of(id.getTagsAsIterable()).and(CODE, code.charAt(0) + "xx"))
                    : id;
              }

              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                return HTTP_RESPONSE_TIME.equals(id.getName())
                    ? DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(SLO_NANOS)
                        .build()
                        .merge(config)
                    : config;
              }
            });
    return registry;
  }

  private static MeterFilter bodySizesPerNode(String name) {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().equals(name) ? id.replaceTags(Tags.empty()) : id;
      }
    };
  }
}
