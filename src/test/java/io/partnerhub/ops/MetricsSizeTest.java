package io.partnerhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.http.DocumentedOperations;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * /metrics stays small however many statuses and paths are hit: a scrape is not a download. It
 * grows with the documented routes only (each has its response-time histogram), by at most {@value
 * #BYTES_PER_ROUTE} bytes a route (about 2.2 KB when issue 16 brought it past 200 KB), never with
 * raw paths or ids.
 */
class MetricsSizeTest {
  private static final int BYTES_PER_ROUTE = 3200;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void withEveryRouteHitTheExpositionStaysWithinItsPerRouteBudgetAndNamesRoutesByTemplate()
      throws Exception {
    Tenant tenant = Tenant.create();
    List<String> rawPaths = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    int routes;
    try {
      List<String> operations = List.copyOf(DocumentedOperations.all(vertx));
      routes = operations.size();
      for (String operation : operations) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path =
            operation
                .substring(method.length() + 1)
                .replace("{category}", "opportunities")
                .replace("{key}", "stages")
                .replaceAll("\\{[A-Za-z]+}", UUID.randomUUID().toString());
        if (!path.equals(operation.substring(method.length() + 1))) {
          rawPaths.add(path);
        }
        // an admin with an empty body, a stranger, and a malformed body: several statuses per route
        Http.send(method, path, tenant.token(), "{}", Map.of());
        Http.send(method, path, null, null, Map.of());
        Http.send(method, path, tenant.token(), "{", Map.of());
        Http.send(method, path + "?limit=0", tenant.token(), null, Map.of());
      }
    } finally {
      vertx.close();
    }
    for (int i = 0; i < 100; i++) {
      String random = UUID.randomUUID().toString();
      rawPaths.add(random);
      Http.get("/no-such-" + random, tenant.token());
      Http.get("/partners/" + random, tenant.token());
      Http.send("DELETE", "/opportunities/" + random + "/approve", null, null, Map.of());
      get("/" + random);
    }

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    int size = metrics.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertThat(size)
        .as("/metrics is %d bytes for %d routes", size, routes)
        .isLessThan(routes * BYTES_PER_ROUTE);
    assertThat(metrics.body())
        .contains(
            "vertx_http_server_response_time_seconds_count",
            "vertx_http_server_response_time_seconds_bucket",
            "route=\"/api/v1/partners/:id\"",
            "code=\"4xx\"",
            "vertx_http_server_requests_total",
            "vertx_eventbus_processed_total",
            "jvm_memory_used_bytes");
    for (String path : rawPaths) {
      assertThat(metrics.body()).as("a raw path or id as a label").doesNotContain(path);
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestApp.get().httpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
