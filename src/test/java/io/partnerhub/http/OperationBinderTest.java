package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnerhub.PartnerHub;
import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.consumer.Contract;
import io.partnerhub.openapi.OpenApi;
import io.partnerhub.openapi.Operation;
import io.partnerhub.service.Serving;
import io.partnerhub.stream.StreamEndpoint;
import io.partnerhub.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spec is the routes: every operation of openapi.yaml is bound, and a new one needs only spec,
 * endpoint, handler.
 */
class OperationBinderTest {
  /** The toy operation's contract, as a feature's *Api class would declare it. */
  record Greet(TenantContext context, UUID id, String name, Integer times, Integer expectedVersion)
      implements TenantRequest {}

  record Greeting(UUID id, String text, UUID organizationId, int version) {}

  static final Endpoint<Greet, Greeting> GREET =
      Endpoint.of("test.toys.greet", Greet.class, Greeting.class, "toys:read");
  private static final TenantContext CALLER =
      TestApp.signed(
          new TenantContext(
              UUID.randomUUID(), UUID.randomUUID(), "admin", Set.of("toys:read"), null));

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Contexts.install(vertx, TestApp.CONTEXT_KEYS);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void everyOperationOfTheSpecIsBoundToAnEndpointOrAHandler() {
    OpenApi openApi = OpenApi.load(vertx.fileSystem());
    Router router = Router.router(vertx);
    OperationBinder binder =
        new OperationBinder(
                openApi,
                new BusExchange(vertx, 1000),
                Contract.ENDPOINTS,
                PartnerHub.STREAM_ENDPOINTS)
            .security("bearerAuth", ctx -> ctx.next())
            .security("platformKey", ctx -> ctx.next());
    new SessionOperations(null, null).bind(binder);
    binder.mount(router);

    Set<String> mounted =
        router.getRoutes().stream()
            .filter(route -> route.methods() != null)
            .flatMap(
                route ->
                    route.methods().stream().map(method -> method.name() + " " + route.getPath()))
            .collect(Collectors.toSet());
    for (Operation operation : openApi.described()) {
      assertThat(mounted)
          .as(operation.id())
          .contains(operation.method() + " " + operation.routePath());
      assertThat(
              operation.endpoint() != null
                  || Set.of("login", "logout", "me", "changePassword").contains(operation.id()))
          .as(operation.id() + " names its endpoint")
          .isTrue();
    }
    assertThat(mounted).hasSize(openApi.operations().size());
  }

  @Test
  void anOperationNamingAnUnknownEndpointOrNoneStopsTheStart() {
    OpenApi toy = OpenApi.load(vertx.fileSystem(), "toy-openapi.yaml");
    assertThatThrownBy(
            () ->
                new OperationBinder(toy, new BusExchange(vertx, 1000), List.of(), List.of())
                    .security("bearerAuth", ctx -> ctx.next())
                    .mount(Router.router(vertx)))
        .hasMessageContaining("greetToy")
        .hasMessageContaining("test.toys.greet");
    assertThatThrownBy(
            () ->
                new OperationBinder(toy, new BusExchange(vertx, 1000), List.of(GREET), List.of())
                    .handle("noSuchOperation", ctx -> ctx.end())
                    .mount(Router.router(vertx)))
        .hasMessageContaining("noSuchOperation");
  }

  @Test
  void aNewOperationIsASpecEntryAnEndpointAndAHandler() throws Exception {
    ServiceBus.registerCodecs(vertx, List.of(GREET));
    Serving.serve(
            vertx,
            GREET,
            greet ->
                Future.succeededFuture(
                    new Greeting(
                        greet.id(),
                        "hello "
                            + greet.name()
                            + " x"
                            + greet.times()
                            + " at "
                            + greet.expectedVersion(),
                        greet.context().organizationId(),
                        3)))
        .completion()
        .await();
    int port =
        serve(
            new OperationBinder(
                OpenApi.load(vertx.fileSystem(), "toy-openapi.yaml"),
                new BusExchange(vertx, 5000),
                List.of(GREET),
                List.of()));
    UUID id = UUID.randomUUID();
    String forged =
        new JsonObject()
            .put("organizationId", UUID.randomUUID().toString())
            .put("role", "admin")
            .put("permissions", List.of("toys:read"))
            .encode();

    HttpResponse<String> greeted =
        post(
            port,
            "/toys/" + id + "/greet?times=2",
            "{\"name\":\"Ann\",\"context\":" + forged + "}");
    assertThat(greeted.statusCode()).as(greeted.body()).isEqualTo(200);
    JsonObject greeting = new JsonObject(greeted.body());
    assertThat(greeting.getString("id")).isEqualTo(id.toString());
    assertThat(greeting.getString("text")).isEqualTo("hello Ann x2 at 7");
    assertThat(greeting.getString("organizationId"))
        .as("a body field named context never reaches the record")
        .isEqualTo(CALLER.organizationId().toString());
    assertThat(greeted.headers().firstValue("ETag")).hasValue("\"3\"");

    HttpResponse<String> bad = post(port, "/toys/1-1-1-1-1/greet?times=9", "{\"name\":\"Ann\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(
            new JsonObject(bad.body())
                .getJsonObject("details").getJsonArray("problems").stream()
                    .map(problem -> ((JsonObject) problem).getString("field"))
                    .toList())
        .containsExactly("id", "times");
    HttpResponse<String> badBody =
        post(port, "/toys/" + id + "/greet", "{\"name\":\"far too long a name\"}");
    assertThat(badBody.body()).contains("\"field\":\"/name\"", "at most 10 characters");
  }

  @Test
  void aStreamedOperationNamesAStreamEndpointOfItsDirection() {
    OpenApi streamed = OpenApi.load(vertx.fileSystem(), "toy-stream-openapi.yaml");
    StreamEndpoint<Greet, Void> export =
        StreamEndpoint.download("test.toys.export", Greet.class, "toys:read");
    assertThatThrownBy(
            () ->
                new OperationBinder(
                        streamed,
                        new BusExchange(vertx, 1000),
                        List.of(export.endpoint()),
                        List.of())
                    .mount(Router.router(vertx)))
        .hasMessageContaining("exportToys: no download stream endpoint");
    assertThatThrownBy(
            () ->
                new OperationBinder(
                        streamed,
                        new BusExchange(vertx, 1000),
                        List.of(),
                        List.of(
                            StreamEndpoint.upload(
                                "test.toys.export", Greet.class, Greeting.class, "toys:read")))
                    .mount(Router.router(vertx)))
        .hasMessageContaining("exportToys: no download stream endpoint");
    Router router = Router.router(vertx);
    new OperationBinder(streamed, new BusExchange(vertx, 1000), List.of(), List.of(export))
        .mount(router);
    assertThat(router.getRoutes())
        .anySatisfy(route -> assertThat(route.getPath()).isEqualTo("/api/v1/toys/export"));
  }

  private int serve(OperationBinder binder) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false)).handler(new StrictJson(32));
    binder
        .security(
            "bearerAuth",
            ctx -> {
              ctx.put(RequestScope.TENANT, CALLER)
                  .put(RequestScope.REQUEST_ID, RequestScope.newRequestId());
              ctx.next();
            })
        .mount(router);
    router.route().failureHandler(ErrorResponses::handle);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    return server.actualPort();
  }

  private static HttpResponse<String> post(int port, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
            .header("Content-Type", "application/json")
            .header("If-Match", "\"7\"")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
