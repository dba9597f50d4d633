package io.partnerhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.PartnerHub;
import io.partnerhub.bus.ContextForge;
import io.partnerhub.bus.ContextKeys;
import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.configuration.ConfigurationApi;
import io.partnerhub.consumer.Contract;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.partnerhub.user.Roles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Clustered nodes on loopback in one JVM: node A runs only HTTP, other nodes run only the services;
 * the event bus between them uses mutual TLS and the cluster carries a shared secret.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final String SECRET = "cluster-secret-" + UUID.randomUUID();
  private static final String NAME = "ph-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static SelfSignedCertificate certificate;
  private static int hazelcastPort;
  private static PartnerHub api;
  private static PartnerHub services;
  private static PartnerHub moreServices;
  private static String token;
  private static UUID organizationId;
  private static UUID partnerId;

  /** The organizations of the wins node A (HTTP only) hears of, published by a services node. */
  private static final List<UUID> wonIn = new CopyOnWriteArrayList<>();

  private static Settings node(String roles, String secret, boolean tls) {
    Settings config =
        TestApp.settings()
            .with(Setting.CLUSTER, true)
            .with(Setting.NODE_ROLES, roles)
            .with(Setting.CLUSTER_NAME, NAME)
            .with(Setting.CLUSTER_SECRET, secret)
            .with(Setting.CLUSTER_PORT, hazelcastPort)
            .with(Setting.CLUSTER_MEMBERS, "127.0.0.1:" + hazelcastPort)
            .with(Setting.BUS_TIMEOUT_MS, 3000)
            .with(Setting.EXPIRY_INTERVAL_SECONDS, 1)
            .with(Setting.HTTP_INSTANCES, 1);
    return tls
        ? config
            .with(Setting.BUS_TLS_CERT, certificate.certificatePath())
            .with(Setting.BUS_TLS_KEY, certificate.privateKeyPath())
            .with(Setting.BUS_TLS_CA, certificate.certificatePath())
        : config;
  }

  @BeforeAll
  static void startNodes() throws IOException {
    TestApp.get();
    certificate = SelfSignedCertificate.create("localhost");
    try (ServerSocket socket = new ServerSocket(0)) {
      hazelcastPort = socket.getLocalPort();
    }
    api = TestApp.start(node("http", SECRET, true));
    services = TestApp.start(node("services", SECRET, true));
    api.vertx()
        .eventBus()
        .<DomainEvent>consumer(
            DomainEvent.address(OpportunityApi.WON),
            event -> wonIn.add(event.body().organizationId()))
        .completion()
        .await();
  }

  @AfterAll
  static void stopNodes() {
    for (PartnerHub node : new PartnerHub[] {api, services, moreServices}) {
      if (node != null) {
        node.close().await();
      }
    }
    certificate.delete();
  }

  private static HttpResponse<String> call(
      String method, String path, JsonObject body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.httpPort() + "/api/v1" + path))
            .timeout(java.time.Duration.ofSeconds(15))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject ok(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.body().isEmpty() ? null : new JsonObject(response.body());
  }

  /** Registers, approves and wins a deal through node A; returns its id. */
  private static String winDeal(String customer) {
    JsonObject deal =
        ok(
            call(
                "POST",
                "/opportunities",
                new JsonObject()
                    .put("partnerId", partnerId.toString())
                    .put("name", "Deal " + customer)
                    .put("customerName", customer)
                    .put("customerDomain", customer + ".test")
                    .put("amount", "1000.00")
                    .put("currency", "EUR"),
                Map.of()),
            201);
    JsonObject approved =
        ok(
            call("POST", "/opportunities/" + deal.getString("id") + "/approve", null, Map.of()),
            200);
    ok(
        call(
            "PATCH",
            "/opportunities/" + deal.getString("id"),
            new JsonObject().put("stage", "closed_won"),
            Map.of("If-Match", "\"" + approved.getInteger("version") + "\"")),
        200);
    return deal.getString("id");
  }

  private static long commissionsOf(String opportunityId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    long count = 0;
    while (System.nanoTime() < deadline) {
      count =
          TestDb.count(
              "SELECT count(*) FROM commissions WHERE opportunity_id = ?::uuid", opportunityId);
      if (count > 0) {
        break;
      }
      sleep(50);
    }
    return count;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Order(1)
  void aFullFlowRunsWithHttpOnOneNodeAndServicesOnAnother() {
    String subdomain = "cl-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject created =
        ok(
            call(
                "POST",
                "/organizations",
                new JsonObject()
                    .put("name", "Clustered")
                    .put("subdomain", subdomain)
                    .put("adminEmail", "admin@cl.test")
                    .put("adminPassword", "cluster admin password"),
                Map.of("X-Platform-Key", TestApp.PLATFORM_KEY)),
            201);
    organizationId = UUID.fromString(created.getJsonObject("organization").getString("id"));
    token =
        ok(
                call(
                    "POST",
                    "/auth/login",
                    new JsonObject()
                        .put("email", "admin@cl.test")
                        .put("password", "cluster admin password")
                        .put("subdomain", subdomain),
                    Map.of()),
                200)
            .getString("token");
    ok(
        call(
            "PUT",
            "/configurations",
            new JsonObject()
                .put("category", "general")
                .put("key", "k")
                .put("value", "v")
                .put("dataType", "string"),
            Map.of()),
        201);
    assertThat(ok(call("GET", "/configurations/general/k", null, Map.of()), 200).getString("value"))
        .isEqualTo("v");
    partnerId =
        UUID.fromString(
            ok(
                    call(
                        "POST",
                        "/partners",
                        new JsonObject()
                            .put("name", "Clustered partner")
                            .put("type", "reseller")
                            .put("tier", "gold"),
                        Map.of()),
                    201)
                .getString("id"));

    String won = winDeal("initech");
    assertThat(commissionsOf(won)).isEqualTo(1);
    JsonArray ledger = ok(call("GET", "/commissions", null, Map.of()), 200).getJsonArray("items");
    assertThat(ledger.getJsonObject(0).getValue("amount").toString()).isEqualTo("100.00");

    // a consumer on node A heard the win published by the services node
    for (int i = 0; i < 50 && !wonIn.contains(organizationId); i++) {
      sleep(50);
    }
    assertThat(wonIn).contains(organizationId);
  }

  @Test
  @Order(2)
  void workThatMustHappenOncePerClusterHappensOnceWithTwoServiceNodes() {
    moreServices = TestApp.start(node("services", SECRET, true));
    List<UUID> expired = new CopyOnWriteArrayList<>();
    api.vertx()
        .eventBus()
        .<DomainEvent>consumer(
            DomainEvent.address(OpportunityApi.EXPIRED),
            event -> expired.add(event.body().aggregate().id()))
        .completion()
        .await();

    for (int i = 0; i < 4; i++) {
      assertThat(commissionsOf(winDeal("twice-" + i))).isEqualTo(1);
    }
    sleep(1000);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM commissions c JOIN opportunities o ON o.id = c.opportunity_id"
                    + " WHERE o.customer_name LIKE 'twice-%' AND c.organization_id = ?",
                organizationId))
        .isEqualTo(4);

    // lapsed approvals: both nodes sweep every second; each registration expires, and is announced,
    // once
    List<String> lapsed =
        List.of("lapse-1", "lapse-2").stream()
            .map(
                customer -> {
                  JsonObject deal =
                      ok(
                          call(
                              "POST",
                              "/opportunities",
                              new JsonObject()
                                  .put("partnerId", partnerId.toString())
                                  .put("name", customer)
                                  .put("customerName", customer)
                                  .put("amount", "1")
                                  .put("currency", "EUR"),
                              Map.of()),
                          201);
                  ok(
                      call(
                          "POST",
                          "/opportunities/" + deal.getString("id") + "/approve",
                          null,
                          Map.of()),
                      200);
                  return deal.getString("id");
                })
            .toList();
    for (String id : lapsed) {
      TestDb.update(
          "UPDATE opportunities SET protection_ends_at = now() - interval '1 minute' WHERE id = ?::uuid",
          id);
    }
    sleep(3500);
    assertThat(expired)
        .containsExactlyInAnyOrderElementsOf(lapsed.stream().map(UUID::fromString).toList());
  }

  @Test
  @Order(3)
  void whenTheServiceNodesStopRequestsFailFastWith503AndANewNodeTakesOver() {
    services.close().await();
    moreServices.close().await();
    services = null;
    moreServices = null;
    long start = System.nanoTime();
    HttpResponse<String> down = call("GET", "/configurations/general/k", null, Map.of());
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(down.body()).getString("error")).isEqualTo("UNAVAILABLE");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3500);

    services = TestApp.start(node("services", SECRET, true));
    assertThat(ok(call("GET", "/configurations/general/k", null, Map.of()), 200).getString("value"))
        .isEqualTo("v");
    assertThat(commissionsOf(winDeal("after-restart"))).isEqualTo(1);
  }

  private static ServiceException listFrom(Vertx vertx) {
    TenantContext admin =
        TestApp.signed(
            new TenantContext(
                organizationId,
                UUID.randomUUID(),
                Roles.ADMIN,
                Roles.permissionsOf(Roles.ADMIN),
                null));
    return catchThrowableOfType(
        ServiceException.class,
        () ->
            ServiceBus.request(
                    vertx,
                    ConfigurationApi.LIST,
                    new ConfigurationApi.ListConfigurations(admin, null, null, null),
                    new DeliveryOptions().setSendTimeout(2000))
                .await());
  }

  @Test
  @Order(4)
  void aProcessWithoutTheSecretOrWithoutTheCertificateCannotReachTheServices() {
    PartnerHub wrongSecret = TestApp.start(node("http", "some other secret", true));
    try {
      assertThat(listFrom(wrongSecret.vertx()).code()).isEqualTo(FailureCode.UNAVAILABLE);
    } finally {
      wrongSecret.close().await();
    }
    PartnerHub noCertificate = TestApp.start(node("http", SECRET, false));
    try {
      assertThat(listFrom(noCertificate.vertx()).code()).isEqualTo(FailureCode.UNAVAILABLE);
    } finally {
      noCertificate.close().await();
    }
  }

  /**
   * A member of the cluster (right secret, right certificate) that holds no signing key: whatever
   * context it makes up, every tenant-scoped address refuses it, and nothing is created.
   */
  @Test
  @Order(5)
  void aMemberCannotForgeATenantContextOnAnyAddress() {
    PartnerHub member = TestApp.start(node("member", SECRET, true));
    try {
      assertThatThrownBy(() -> Contexts.issuer(member.vertx()))
          .isInstanceOf(IllegalStateException.class);
      TenantContext madeUp =
          new TenantContext(
              organizationId,
              UUID.randomUUID(),
              Roles.ADMIN,
              Roles.permissionsOf(Roles.ADMIN),
              null);
      long now = System.currentTimeMillis();
      TenantContext genuine = TestApp.signed(madeUp);
      Map<String, TenantContext> forgeries =
          Map.of(
              "unsigned",
              madeUp,
              "signed with another key",
              ContextForge.sign(ContextKeys.generate(), madeUp, now + 60_000),
              "expired",
              ContextForge.sign(TestApp.CONTEXT_KEYS, madeUp, now - 60_000),
              "another tenant's id under a real signature",
              new TenantContext(
                  UUID.randomUUID(),
                  genuine.userId(),
                  genuine.role(),
                  genuine.permissions(),
                  null,
                  null,
                  genuine.expiresAt(),
                  genuine.signature()));
      List<Endpoint<?, ?>> scoped =
          Contract.ENDPOINTS.stream().filter(Endpoint::isTenantScoped).toList();
      assertThat(scoped).hasSizeGreaterThan(20);
      forgeries.forEach(
          (what, context) -> {
            for (Endpoint<?, ?> endpoint : scoped) {
              Object request =
                  Jsons.mapper()
                      .convertValue(
                          Map.of("context", Jsons.mapper().convertValue(context, Map.class)),
                          endpoint.requestType());
              ServiceException refused =
                  catchThrowableOfType(
                      ServiceException.class,
                      () ->
                          member
                              .vertx()
                              .eventBus()
                              .request(
                                  endpoint.address(),
                                  request,
                                  new DeliveryOptions().setSendTimeout(3000))
                              .recover(f -> Future.failedFuture(ServiceException.from(f)))
                              .await());
              assertThat(refused).as(what + " on " + endpoint.address()).isNotNull();
              assertThat(refused.code())
                  .as(what + " on " + endpoint.address())
                  .isEqualTo(FailureCode.UNAUTHENTICATED);
            }
          });
      // a complete partner to create, with the forged admin context: refused, and not there
      ServiceException refused =
          catchThrowableOfType(
              ServiceException.class,
              () ->
                  ServiceBus.request(
                          member.vertx(),
                          PartnerApi.CREATE,
                          Jsons.mapper()
                              .convertValue(
                                  Map.of(
                                      "context",
                                      Jsons.mapper().convertValue(madeUp, Map.class),
                                      "name",
                                      "Forged partner",
                                      "type",
                                      "reseller",
                                      "tier",
                                      "gold"),
                                  PartnerApi.CreatePartner.class),
                          new DeliveryOptions().setSendTimeout(3000))
                      .await());
      assertThat(refused.code()).isEqualTo(FailureCode.UNAUTHENTICATED);
      assertThat(ok(call("GET", "/partners?limit=200", null, Map.of()), 200).encode())
          .doesNotContain("Forged partner");
    } finally {
      member.close().await();
    }
  }
}
