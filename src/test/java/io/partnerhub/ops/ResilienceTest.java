package io.partnerhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.cache.EmbeddedRedisServer;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.NodeHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Dependencies that come and go, and overload: quick 503s, never a hang or a 500, and recovery. */
class ResilienceTest {
  @Test
  void afterARedisRestartTheServiceServesAgainWithoutARestartOfItsOwn()
      throws InterruptedException {
    Tenant tenant = Tenant.create();
    EmbeddedRedisServer redis = EmbeddedRedisServer.start();
    PartnerHub app =
        TestApp.start(
            TestApp.settings()
                .with(Setting.REDIS_URL, redis.url())
                .with(Setting.HTTP_INSTANCES, 1));
    try {
      assertThat(new JsonObject(NodeHttp.login(app, tenant)).getString("token")).isNotBlank();
      redis.stop();
      long start = System.nanoTime();
      HttpResponse<String> down =
          NodeHttp.send(
              app,
              "POST",
              "/auth/login",
              null,
              new JsonObject()
                  .put("email", tenant.adminEmail())
                  .put("password", tenant.adminPassword())
                  .put("subdomain", tenant.subdomain())
                  .encode());
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      redis.restart();
      String token = loginWithin5Seconds(app, tenant);
      assertThat(token).as("logins work again within 5 s of Redis coming back").isNotNull();
      assertThat(NodeHttp.send(app, "GET", "/configurations", token, null).statusCode())
          .isEqualTo(200);
    } finally {
      app.close().await();
      redis.close();
    }
  }

  @Test
  void anOverloadedPoolAnswers503QuicklyInsteadOfQueueingForever() throws InterruptedException {
    Tenant tenant = Tenant.create();
    PartnerHub app =
        TestApp.start(
            TestApp.settings()
                .with(Setting.DB_POOL_SIZE, 1)
                .with(Setting.DB_POOL_WAIT_QUEUE, 0)
                .with(Setting.HTTP_INSTANCES, 1)
                .with(Setting.DASHBOARD_CACHE_TTL_SECONDS, 1));
    try {
      // The background jobs share the one connection too, so a login may itself meet a 503.
      String token = loginWithin5Seconds(app, tenant);
      assertThat(token).isNotNull();
      List<CompletableFuture<HttpResponse<String>>> burst =
          IntStream.range(0, 40)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              NodeHttp.send(
                                  app,
                                  "GET",
                                  "/dashboard?from=2020-01-0" + (1 + i % 9),
                                  token,
                                  null)))
              .toList();
      List<Integer> statuses =
          burst.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
      assertThat(statuses).allMatch(status -> status == 200 || status == 503).contains(503);
    } finally {
      app.close().await();
    }
  }

  private static String loginWithin5Seconds(PartnerHub app, Tenant tenant)
      throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      String token = new JsonObject(NodeHttp.login(app, tenant)).getString("token");
      if (token != null) {
        return token;
      }
      Thread.sleep(100);
    }
    return null;
  }
}
