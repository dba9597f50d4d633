package io.partnerhub.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.partnerhub.auth.TokenService;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.StreamEndpoint;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.health.HealthApi;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.logging.RequestLogContext;
import io.partnerhub.openapi.OpenApi;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The REST edge: request ids, read timeouts, then the operations of openapi.yaml (OperationBinder):
 * body limits, authentication, input checks and one bus request per call. It never touches SQL; its
 * only store is the Redis session lookup.
 */
public final class HttpVerticle extends VerticleBase {
  private static final org.slf4j.Logger ACCESS =
      org.slf4j.LoggerFactory.getLogger("io.partnerhub.access");
  private static final String SWAGGER_UI_VERSION = "5.32.6";
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private final Settings config;
  private final PrometheusMeterRegistry metrics;
  private final Collection<Endpoint<?, ?>> endpoints;
  private final Collection<StreamEndpoint<?, ?>> streams;
  private RedisStore redis;
  private HttpServer server;
  private volatile boolean draining;

  /**
   * {@code endpoints} and {@code streams}: the bus endpoints the operations of openapi.yaml name.
   */
  public HttpVerticle(
      Settings config,
      PrometheusMeterRegistry metrics,
      Collection<Endpoint<?, ?>> endpoints,
      Collection<StreamEndpoint<?, ?>> streams) {
    this.config = config;
    this.metrics = metrics;
    this.endpoints = endpoints;
    this.streams = streams;
  }

  @Override
  public Future<?> start() {
    redis =
        RedisStore.shared(
            vertx,
            config.require(Setting.REDIS_URL),
            config.integer(Setting.REDIS_POOL_SIZE),
            config.flag(Setting.REDIS_KEY_WATCH));
    SessionStore sessions = new SessionStore(redis, redis.watch(List.of(SessionStore.KEY_PREFIX)));
    BusExchange exchange = new BusExchange(vertx, config.integer(Setting.BUS_TIMEOUT_MS));

    // read once per instance at start, before any request: a small classpath file
    OpenApi openApi = OpenApi.load(vertx.fileSystem());
    Router router = Router.router(vertx);
    ReadTimeouts readTimeouts =
        new ReadTimeouts(vertx, config.integer(Setting.HTTP_READ_TIMEOUT_MS));
    router.route().handler(HttpVerticle::assignRequestId);
    router.route().handler(readTimeouts);
    router.route().handler(HttpVerticle::rejectUndecodableTarget);
    mountOperations(router, openApi);
    router.route("/api/*").handler(new StrictJson(config.integer(Setting.JSON_MAX_DEPTH)));
    mountApi(router, openApi, exchange, sessions);
    router.route().failureHandler(ErrorResponses::handle);
    // Vert.x answers 400 itself when a route cannot decode the request; it sets no status or
    // failure to map
    router.errorHandler(
        400, ctx -> ErrorResponses.write(ctx, ServiceException.validation("Bad request", null)));
    router.errorHandler(404, ErrorResponses::handle);
    router.errorHandler(405, ErrorResponses::handle);

    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.require(Setting.HTTP_HOST))
            .setPort(config.integer(Setting.HTTP_PORT))
            .setCompressionSupported(true)
            .setIdleTimeout(config.integer(Setting.HTTP_IDLE_TIMEOUT_SECONDS))
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            // HTTP/1.1 only: with h2c detection a connection reaches the connection handler only
            // once a whole
            // request head has arrived, which is exactly what ReadTimeouts must be able to wait for
            .setHttp2ClearTextEnabled(false);
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(readTimeouts::connected)
            .invalidRequestHandler(ErrorResponses::invalidRequest)
            .requestHandler(router);
    return server.listen();
  }

  /** Health, metrics, and the API description with Swagger UI (served offline from the webjar). */
  private void mountOperations(Router router, OpenApi openApi) {
    router
        .get("/openapi.yaml")
        .handler(
            ctx ->
                ctx.response().putHeader("Content-Type", "application/yaml").end(openApi.text()));
    // "/docs" matches "/docs/" too; the page links its assets by absolute path
    router
        .get("/docs")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .sendFile("swagger/index.html"));
    router
        .get("/docs/partnerhub-swagger.js")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/javascript; charset=utf-8")
                    .sendFile("swagger/partnerhub-swagger.js"));
    router
        .get("/docs/*")
        .handler(
            StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    router
        .get("/health/live")
        .handler(
            HealthCheckHandler.createWithHealthChecks(
                HealthChecks.create(vertx)
                    .register("process", promise -> promise.complete(Status.OK()))));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness()));
  }

  /**
   * /api/v1 from openapi.yaml: a wrong method is 405 first; then each operation with its security
   * scheme's handler; what no operation matches is 401 without a valid token and 404 with one.
   */
  private void mountApi(
      Router router, OpenApi openApi, BusExchange exchange, SessionStore sessions) {
    router.route("/api/v1/*").handler(new AllowedMethods(openApi));
    Authenticator authenticator =
        new Authenticator(TokenService.fromConfig(vertx, config), sessions);
    // the body is read per operation, so a streamed upload's route reads it only as the service
    // takes it
    OperationBinder binder =
        new OperationBinder(openApi, exchange, endpoints, streams)
            .body(
                BodyHandler.create(false)
                    .setBodyLimit(config.integer(Setting.HTTP_BODY_LIMIT_BYTES)))
            .security("bearerAuth", authenticator)
            .idempotency(new Idempotency(redis));
    config
        .string(Setting.PLATFORM_KEY)
        .ifPresent(key -> binder.security("platformKey", new PlatformKeyCheck(key)));
    new SessionOperations(exchange, sessions).bind(binder);
    binder.mount(router);
    router.route("/api/v1/*").handler(authenticator);
  }

  /** Ready: not shutting down, Redis answers, and a services node reaches PostgreSQL and Redis. */
  private HealthChecks readiness() {
    return HealthChecks.create(vertx)
        .register("accepting", promise -> promise.complete(draining ? Status.KO() : Status.OK()))
        .register(
            "redis",
            2000,
            promise ->
                redis
                    .api()
                    .ping(List.of())
                    .onComplete(
                        ping -> promise.complete(ping.succeeded() ? Status.OK() : Status.KO())))
        .register(
            "services",
            2500,
            promise ->
                ServiceBus.request(
                        vertx,
                        HealthApi.CHECK,
                        new HealthApi.Probe(),
                        new DeliveryOptions().setSendTimeout(2000))
                    .onComplete(
                        reply ->
                            promise.complete(
                                reply.succeeded()
                                        && reply.result().database()
                                        && reply.result().redis()
                                    ? Status.OK()
                                    : Status.KO(
                                        new JsonObject()
                                            .put(
                                                "services",
                                                reply.succeeded()
                                                    ? JsonObject.mapFrom(reply.result())
                                                    : "unreachable")))));
  }

  private static void assignRequestId(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String requestId =
        given != null && SAFE_REQUEST_ID.matcher(given).matches()
            ? given
            : RequestScope.newRequestId();
    ctx.put(RequestScope.REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    RequestLogContext.put("requestId", requestId);
    long started = System.nanoTime();
    ctx.addEndHandler(
        done ->
            ACCESS.info(
                "{} {} {} {}ms",
                ctx.request().method(),
                ctx.request().path(),
                ctx.response().getStatusCode(),
                (System.nanoTime() - started) / 1_000_000));
    ctx.next();
  }

  /**
   * A path or query string that does not decode (a bad % escape) or decodes to a NUL is the
   * client's mistake: 400 here, before a route matches a path parameter or a handler reads a query
   * parameter and fails on it (or PostgreSQL does).
   */
  private static void rejectUndecodableTarget(RoutingContext ctx) {
    boolean storable;
    try {
      String path = ctx.request().path();
      storable =
          StorableText.isStorable(
              path.indexOf('%') < 0 ? path : QueryStringDecoder.decodeComponent(path));
      for (Map.Entry<String, String> param : ctx.request().params()) {
        storable &=
            StorableText.isStorable(param.getKey()) && StorableText.isStorable(param.getValue());
      }
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
   * SHUTDOWN_GRACE_SECONDS to finish (their services are still deployed: the HTTP verticle goes
   * first).
   */
  @Override
  public Future<?> stop() {
    draining = true;
    return server
        .shutdown(config.integer(Setting.SHUTDOWN_GRACE_SECONDS), TimeUnit.SECONDS)
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }
}
