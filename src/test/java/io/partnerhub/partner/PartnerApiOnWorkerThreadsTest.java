package io.partnerhub.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partner API's whole specification again, against a node whose service verticles are Vert.x
 * worker verticles (PARTNERHUB_SERVICE_THREADING=worker): the same answers, and the services' work
 * really ran on worker threads.
 */
class PartnerApiOnWorkerThreadsTest extends PartnerApiTest {
  private static final Pattern WORKER_TASKS =
      Pattern.compile(
          "vertx_pool_completed_total\\{[^}]*pool_name=\"vert.x-worker-thread\"[^}]*} ([0-9.E]+)");
  private static PartnerHub workers;

  @BeforeAll
  static void startOnWorkerThreads() {
    workers =
        TestApp.start(
            TestApp.settings()
                .with(Setting.SERVICE_THREADING, "worker")
                .with(Setting.SERVICE_INSTANCES, 2));
    TestApp.use(workers);
  }

  @AfterAll
  static void stop() {
    TestApp.restore();
    workers.close().await();
  }

  @Test
  void theServicesAnswerFromWorkerThreads() {
    Tenant tenant = Tenant.create();
    double before = workerTasks();
    for (int i = 0; i < 10; i++) {
      assertThat(
              Http.post(
                      "/partners",
                      tenant.token(),
                      new JsonObject()
                          .put("name", "Worker " + i)
                          .put("type", "reseller")
                          .put("tier", "gold"))
                  .status())
          .isEqualTo(201);
    }
    assertThat(workerTasks() - before)
        .as("worker tasks for 10 requests")
        .isGreaterThanOrEqualTo(10);
  }

  private static double workerTasks() {
    String metrics;
    try {
      metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + workers.httpPort() + "/metrics"))
                      .build(),
                  BodyHandlers.ofString())
              .body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
    Matcher tasks = WORKER_TASKS.matcher(metrics);
    assertThat(tasks.find()).as("the default worker pool's metrics").isTrue();
    return Double.parseDouble(tasks.group(1));
  }
}
