package io.partnerhub.http;

import io.partnerhub.auth.TokenService;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.settings.Settings;
import io.partnerhub.settings.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Stands in for the binder: mounts the toy streamed operations of streams-openapi.yaml with the real
 * authenticator and the stream adapters, as the binder mounts an {@code x-stream} operation. Small socket
 * buffers make a slow reader's backpressure reach the server quickly.
 */
final class StreamRoutesVerticle extends VerticleBase {
  private final Settings config;
  private RedisStore redis;
  private HttpServer server;

  StreamRoutesVerticle(Settings config) {
    this.config = config;
  }

  /** An operation of streams-openapi.yaml, as the binder reads it from openapi.yaml. */
  @SuppressWarnings("unchecked")
  static JsonObject operation(String method) {
    try (InputStream in = StreamRoutesVerticle.class.getResourceAsStream("/streams-openapi.yaml")) {
      Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return new JsonObject(yaml).getJsonObject("paths").getJsonObject("/rows.csv").getJsonObject(method);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Future<?> start() {
    redis = RedisStore.connect(vertx, config.require(Setting.REDIS_URL), 2);
    Authenticator authenticator = new Authenticator(TokenService.fromConfig(vertx, config), new SessionStore(redis));
    BusExchange api = new BusExchange(vertx, config.integer(Setting.BUS_TIMEOUT_MS));
    StreamDeclaration download = StreamDeclaration.of("exportRows", operation("get")).orElseThrow();
    StreamDeclaration upload = StreamDeclaration.of("importRows", operation("post")).orElseThrow();

    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.put(RequestScope.REQUEST_ID, RequestScope.newRequestId());
      ctx.next();
    });
    router.get("/rows.csv").handler(authenticator).handler(new DownloadWriter<>(api, RowsService.EXPORT, download,
        ctx -> new RowsService.ExportRows(RequestScope.tenant(ctx), Integer.parseInt(ctx.queryParams().get("rows")),
            Integer.parseInt(ctx.queryParams().get("pieceBytes")))));
    router.post("/rows.csv").handler(UploadReader::hold).handler(authenticator).handler(new UploadReader<>(api,
        RowsService.IMPORT, upload, ctx -> new RowsService.ImportRows(RequestScope.tenant(ctx))));
    router.route().failureHandler(ErrorResponses::handle);
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSendBufferSize(32 * 1024))
        .requestHandler(router);
    return server.listen();
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    redis.close();
    return server.close();
  }
}
