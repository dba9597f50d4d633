package io.partnerhub.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.user.Roles;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second PartnerHub on the same PostgreSQL whose Redis is unreachable: authentication fails
 * closed (503), while service reads on its bus fall through to PostgreSQL.
 */
class RedisOutageTest {
  private static PartnerHub withoutRedis;
  private static Tenant tenant;

  @BeforeAll
  static void startWithDeadRedis() {
    tenant = Tenant.create();
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "c")
            .put("key", "k")
            .put("value", "from postgres")
            .put("dataType", "string"));
    withoutRedis =
        TestApp.start(
            TestApp.settings()
                .with(Setting.REDIS_URL, "redis://127.0.0.1:1")
                .with(Setting.HTTP_INSTANCES, 1));
  }

  @AfterAll
  static void stop() {
    withoutRedis.close().await();
  }

  private static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + withoutRedis.httpPort() + "/api/v1" + path))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void authenticatedRequestsAndLoginFailClosedWith503() throws Exception {
    HttpResponse<String> read = call("GET", "/configurations/c/k", tenant.token(), null);
    assertThat(read.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(read.body()).getString("error")).isEqualTo("UNAVAILABLE");

    HttpResponse<String> login =
        call(
            "POST",
            "/auth/login",
            null,
            new JsonObject()
                .put("email", tenant.adminEmail())
                .put("password", tenant.adminPassword())
                .put("subdomain", tenant.subdomain())
                .encode());
    assertThat(login.statusCode()).isEqualTo(503);
  }

  @Test
  void serviceReadsFallThroughToPostgres() {
    TenantContext admin =
        TestApp.signed(
            new TenantContext(
                tenant.organizationId(),
                tenant.adminId(),
                Roles.ADMIN,
                Roles.permissionsOf(Roles.ADMIN),
                null));
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000);
    ConfigurationApi.ConfigurationValue value =
        ServiceBus.request(
                withoutRedis.vertx(),
                ConfigurationApi.GET_VALUE,
                new ConfigurationApi.GetConfigurationValue(admin, "c", "k", null),
                options)
            .await();
    assertThat(value.value()).isEqualTo("from postgres");
    assertThat(
            ServiceBus.request(
                    withoutRedis.vertx(),
                    ConfigurationApi.LIST,
                    new ConfigurationApi.ListConfigurations(admin, "c", null, null),
                    options)
                .await()
                .items())
        .hasSize(1);
    // a write still commits (and is audited) although the cache cannot be invalidated
    ConfigurationApi.UpsertResult written =
        ServiceBus.request(
                withoutRedis.vertx(),
                ConfigurationApi.UPSERT,
                new ConfigurationApi.UpsertConfiguration(
                    admin, "c", "k2", "written", null, "string", false, null, null),
                options)
            .await();
    assertThat(written.created()).isTrue();
  }
}
