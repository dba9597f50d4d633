package io.partnerhub.http;

import io.partnerhub.auth.TokenService;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.config.AppConfig;
import io.partnerhub.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The REST edge: request ids, body limits, authentication, then one bus request per call. It never
 * touches SQL; its only store is the Redis session lookup.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private final AppConfig config;
  private RedisStore redis;

  public HttpVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    redis = RedisStore.connect(vertx, config.require(Setting.REDIS_URL), config.integer(Setting.REDIS_POOL_SIZE));
    SessionStore sessions = new SessionStore(redis);
    Api api = new Api(vertx, config.integer(Setting.BUS_TIMEOUT_MS));

    Router router = Router.router(vertx);
    router.route().handler(HttpVerticle::assignRequestId);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.integer(Setting.HTTP_BODY_LIMIT_BYTES)));

    AuthRoutes auth = new AuthRoutes(api, sessions, schema("login"));
    auth.mountPublic(router);
    config.string(Setting.PLATFORM_KEY).ifPresent(key ->
        new OrganizationRoutes(api, key, schema("provision-organization")).mount(router));

    router.route("/api/v1/*").handler(new Authenticator(TokenService.fromConfig(vertx, config), sessions));
    auth.mountAuthenticated(router);
    new ConfigurationRoutes(api, schema("upsert-configuration")).mount(router);
    new UserRoutes(api, schema("create-user"), schema("update-user")).mount(router);
    new PartnerRoutes(api, schema("create-partner"), schema("update-partner")).mount(router);
    new OpportunityRoutes(api, schema("register-opportunity"), schema("update-opportunity"), schema("reject-opportunity"))
        .mount(router);
    new CommissionRoutes(api, schema("preview-commission")).mount(router);
    new DashboardRoutes(api).mount(router);

    router.route().failureHandler(ErrorResponses::handle);
    router.errorHandler(404, ErrorResponses::handle);
    router.errorHandler(405, ErrorResponses::handle);

    HttpServerOptions options = new HttpServerOptions().setHost(config.require(Setting.HTTP_HOST))
        .setPort(config.integer(Setting.HTTP_PORT)).setCompressionSupported(true);
    return vertx.createHttpServer(options).requestHandler(router).listen();
  }

  private io.vertx.json.schema.Validator schema(String name) {
    return RequestSchemas.load(vertx.fileSystem(), name);
  }

  private static void assignRequestId(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String requestId = given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(Api.REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.next();
  }

  @Override
  public Future<?> stop() {
    redis.close();
    return Future.succeededFuture();
  }
}
