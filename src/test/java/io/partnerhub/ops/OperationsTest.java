package io.partnerhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Health, metrics, the API description and graceful shutdown, through the real HTTP server. */
class OperationsTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> get(int port, String path) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int port() {
    return TestApp.get().httpPort();
  }

  @Test
  void livenessAndReadinessReportUpWithTheirChecks() {
    HttpResponse<String> live = get(port(), "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get(port(), "/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
    assertThat(ready.body()).contains("redis", "services", "accepting");
  }

  @Test
  void readinessIsDownWhenRedisIsUnreachable() {
    PartnerHub withoutRedis =
        TestApp.start(
            TestApp.settings()
                .with(Setting.REDIS_URL, "redis://127.0.0.1:1")
                .with(Setting.HTTP_INSTANCES, 1));
    try {
      HttpResponse<String> ready = get(withoutRedis.httpPort(), "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("DOWN");
      assertThat(get(withoutRedis.httpPort(), "/health/live").statusCode()).isEqualTo(200);
    } finally {
      withoutRedis.close().await();
    }
  }

  @Test
  void metricsArePrometheusTextWithHttpBusPoolCacheAndLoginSeries() throws InterruptedException {
    Tenant tenant = Tenant.create();
    Http.post(
        "/auth/login",
        null,
        new JsonObject()
            .put("email", tenant.adminEmail())
            .put("password", "wrong password!")
            .put("subdomain", tenant.subdomain()));
    Http.get("/configurations", tenant.token());
    Http.get("/configurations", tenant.token());
    // a response's metrics are recorded as it ends, which the client may see first: poll briefly
    java.util.regex.Pattern routeSeries =
        java.util.regex.Pattern.compile(
            "vertx_http_server_requests_total\\{[^}]*code=\"200\"[^}]*route=\"[^\"]*/api/v1/configurations\"");
    HttpResponse<String> metrics = get(port(), "/metrics");
    for (int i = 0; i < 40 && !routeSeries.matcher(metrics.body()).find(); i++) {
      Thread.sleep(50);
      metrics = get(port(), "/metrics");
    }
    assertThat(metrics.statusCode()).isEqualTo(200);
    String body = metrics.body();
    assertThat(body)
        .as(
            () ->
                body.lines()
                    .filter(line -> line.startsWith("vertx_http_server_requests_total"))
                    .toList()
                    .toString())
        .containsPattern(
            "vertx_http_server_requests_total\\{[^}]*code=\"200\"[^}]*route=\"[^\"]*/api/v1/configurations\"");
    assertThat(metrics.body())
        .contains(
            "vertx_http_server_response_time_seconds_bucket",
            "code=\"2xx\"",
            "vertx_eventbus_processed_total",
            "address=\"partnerhub.configurations.list\"",
            "vertx_pool_",
            "partnerhub_cache_reads_total",
            "result=\"hit\"",
            "partnerhub_login_failures_total",
            "jvm_memory_used_bytes");
  }

  @Test
  void theOpenApiDocumentAndSwaggerUiAreServed() {
    HttpResponse<String> spec = get(port(), "/openapi.yaml");
    assertThat(spec.statusCode()).isEqualTo(200);
    assertThat(spec.body())
        .startsWith("openapi: 3.1.0")
        .contains("operationId: registerOpportunity");
    HttpResponse<String> ui = get(port(), "/docs/");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui-bundle.js");
    assertThat(get(port(), "/docs/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    assertThat(get(port(), "/docs/partnerhub-swagger.js").body()).contains("/openapi.yaml");
  }

  @Test
  void onShutdownInFlightRequestsFinish() throws Exception {
    // every login in flight holds a throttling slot until it succeeds: let twelve of one account
    // fit
    PartnerHub app =
        TestApp.start(
            TestApp.settings()
                .with(Setting.HTTP_INSTANCES, 1)
                .with(Setting.LOGIN_MAX_FAILURES_PER_ACCOUNT, 100)
                .with(Setting.LOGIN_MAX_FAILURES_PER_IP, 1000));
    Tenant tenant = Tenant.create();
    String body =
        new JsonObject()
            .put("email", tenant.adminEmail())
            .put("password", tenant.adminPassword())
            .put("subdomain", tenant.subdomain())
            .encode();
    // logins are slow on purpose (Argon2 on two worker threads): twelve of them are in flight for a
    // while
    List<CompletableFuture<HttpResponse<String>>> inFlight =
        java.util.stream.IntStream.range(0, 12)
            .mapToObj(
                i ->
                    CLIENT.sendAsync(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:" + app.httpPort() + "/api/v1/auth/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
            .toList();
    Thread.sleep(100);
    CompletableFuture<Void> closing = app.close().toCompletionStage().toCompletableFuture();
    for (CompletableFuture<HttpResponse<String>> request : inFlight) {
      assertThat(request.get().statusCode()).isEqualTo(200);
    }
    closing.get();
  }
}
