package io.partnerhub.http;

import io.partnerhub.auth.TokenService;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.config.AppConfig;
import io.partnerhub.config.Setting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.ServiceException;
import io.partnerhub.health.HealthApi;
import io.partnerhub.logging.RequestLogContext;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/**
 * The REST edge: request ids, read timeouts and body limits, authentication, then one bus request per call. It never
 * touches SQL; its only store is the Redis session lookup.
 */
public final class HttpVerticle extends VerticleBase {
  private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("io.partnerhub.access");
  private static final String SWAGGER_UI_VERSION = "5.32.6";
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private final AppConfig config;
  private final PrometheusMeterRegistry metrics;
  private RedisStore redis;
  private HttpServer server;
  private volatile boolean draining;

  public HttpVerticle(AppConfig config, PrometheusMeterRegistry metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    redis = RedisStore.shared(vertx, config.require(Setting.REDIS_URL), config.integer(Setting.REDIS_POOL_SIZE),
        config.flag(Setting.REDIS_KEY_WATCH));
    SessionStore sessions = new SessionStore(redis, redis.watch(List.of(SessionStore.KEY_PREFIX)));
    Api api = new Api(vertx, config.integer(Setting.BUS_TIMEOUT_MS));

    // read once per instance at start, before any request: a small classpath file
    OpenApi openApi = OpenApi.load(vertx.fileSystem());
    Router router = Router.router(vertx);
    ReadTimeouts readTimeouts = new ReadTimeouts(vertx, config.integer(Setting.HTTP_READ_TIMEOUT_MS));
    router.route().handler(HttpVerticle::assignRequestId);
    router.route().handler(readTimeouts);
    router.route().handler(HttpVerticle::rejectUndecodableTarget);
    mountOperations(router, openApi);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.integer(Setting.HTTP_BODY_LIMIT_BYTES)))
        .handler(new StrictJson(config.integer(Setting.JSON_MAX_DEPTH)));
    mountApi(router, openApi, api, sessions);
    openApi.verify(router, Set.of("POST /organizations"));
    router.route().failureHandler(ErrorResponses::handle);
    // Vert.x answers 400 itself when a route cannot decode the request; it sets no status or failure to map
    router.errorHandler(400, ctx -> ErrorResponses.write(ctx, ServiceException.validation("Bad request", null)));
    router.errorHandler(404, ErrorResponses::handle);
    router.errorHandler(405, ErrorResponses::handle);

    HttpServerOptions options = new HttpServerOptions().setHost(config.require(Setting.HTTP_HOST))
        .setPort(config.integer(Setting.HTTP_PORT)).setCompressionSupported(true)
        .setIdleTimeout(config.integer(Setting.HTTP_IDLE_TIMEOUT_SECONDS)).setIdleTimeoutUnit(TimeUnit.SECONDS)
        // HTTP/1.1 only: with h2c detection a connection reaches the connection handler only once a whole
        // request head has arrived, which is exactly what ReadTimeouts must be able to wait for
        .setHttp2ClearTextEnabled(false);
    server = vertx.createHttpServer(options).connectionHandler(readTimeouts::connected)
        .invalidRequestHandler(ErrorResponses::invalidRequest).requestHandler(router);
    return server.listen();
  }

  /** Health, metrics, and the API description with Swagger UI (served offline from the webjar). */
  private void mountOperations(Router router, OpenApi openApi) {
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .end(openApi.text()));
    // "/docs" matches "/docs/" too; the page links its assets by absolute path
    router.get("/docs").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .sendFile("swagger/index.html"));
    router.get("/docs/partnerhub-swagger.js").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/javascript; charset=utf-8").sendFile("swagger/partnerhub-swagger.js"));
    router.get("/docs/*").handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("process", promise -> promise.complete(Status.OK()))));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness()));
  }

  /** /api/v1: a wrong method (405), public routes, then authentication, then every authenticated route. */
  private void mountApi(Router router, OpenApi openApi, Api api, SessionStore sessions) {
    router.route("/api/v1/*").handler(new AllowedMethods(openApi));
    Idempotency idempotency = new Idempotency(redis);
    AuthRoutes auth = new AuthRoutes(api, sessions, openApi.requestSchema("Login"),
        openApi.requestSchema("ChangePassword"));
    auth.mountPublic(router);
    router.post("/api/v1/organizations").handler(idempotency);
    config.string(Setting.PLATFORM_KEY).ifPresent(key ->
        new OrganizationRoutes(api, key, openApi.requestSchema("ProvisionOrganization")).mount(router));

    router.route("/api/v1/*").handler(new Authenticator(TokenService.fromConfig(vertx, config), sessions));
    auth.mountAuthenticated(router);
    for (String creating : List.of("/api/v1/users", "/api/v1/partners", "/api/v1/opportunities")) {
      router.post(creating).handler(idempotency);
    }
    new ConfigurationRoutes(api, openApi.requestSchema("UpsertConfiguration")).mount(router);
    new UserRoutes(api, openApi.requestSchema("CreateUser"), openApi.requestSchema("UpdateUser")).mount(router);
    new PartnerRoutes(api, openApi.requestSchema("CreatePartner"), openApi.requestSchema("UpdatePartner")).mount(router);
    new OpportunityRoutes(api, openApi.requestSchema("RegisterOpportunity"), openApi.requestSchema("UpdateOpportunity"),
        openApi.requestSchema("RejectOpportunity")).mount(router);
    new CommissionRoutes(api, openApi.requestSchema("PreviewCommission")).mount(router);
    new DashboardRoutes(api).mount(router);
  }

  /** Ready: not shutting down, Redis answers, and a services node reaches PostgreSQL and Redis. */
  private HealthChecks readiness() {
    return HealthChecks.create(vertx)
        .register("accepting", promise -> promise.complete(draining ? Status.KO() : Status.OK()))
        .register("redis", 2000, promise -> redis.api().ping(List.of())
            .onComplete(ping -> promise.complete(ping.succeeded() ? Status.OK() : Status.KO())))
        .register("services", 2500, promise -> ServiceBus.request(vertx, HealthApi.CHECK, new HealthApi.Probe(),
                new DeliveryOptions().setSendTimeout(2000))
            .onComplete(reply -> promise.complete(reply.succeeded() && reply.result().database() && reply.result().redis()
                ? Status.OK() : Status.KO(new JsonObject().put("services",
                    reply.succeeded() ? JsonObject.mapFrom(reply.result()) : "unreachable")))));
  }

  private static void assignRequestId(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String requestId = given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : Api.newRequestId();
    ctx.put(Api.REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    RequestLogContext.put("requestId", requestId);
    long started = System.nanoTime();
    ctx.addEndHandler(done -> ACCESS.info("{} {} {} {}ms", ctx.request().method(), ctx.request().path(),
        ctx.response().getStatusCode(), (System.nanoTime() - started) / 1_000_000));
    ctx.next();
  }

  /**
   * A path or query string that does not decode (a bad % escape) or decodes to a NUL is the client's
   * mistake: 400 here, before a route matches a path parameter or a handler reads a query parameter
   * and fails on it (or PostgreSQL does).
   */
  private static void rejectUndecodableTarget(RoutingContext ctx) {
    boolean storable;
    try {
      storable = StorableText.isStorable(QueryStringDecoder.decodeComponent(ctx.request().path()))
          && ctx.request().params().entries().stream().allMatch(param ->
              StorableText.isStorable(param.getKey()) && StorableText.isStorable(param.getValue()));
    } catch (IllegalArgumentException e) {
      storable = false;
    }
    if (!storable) {
      throw ServiceException.validation("The request path or query string is malformed", null);
    }
    ctx.next();
  }

  /**
   * Graceful stop: readiness turns DOWN, no new requests are taken, and in-flight ones get up to
   * SHUTDOWN_GRACE_SECONDS to finish (their services are still deployed: the HTTP verticle goes first).
   */
  @Override
  public Future<?> stop() {
    draining = true;
    return server.shutdown(config.integer(Setting.SHUTDOWN_GRACE_SECONDS), TimeUnit.SECONDS)
        .eventually(() -> {
          redis.close();
          return Future.succeededFuture();
        });
  }
}
