package io.partnerhub.http;

import io.partnerhub.stream.DownloadStream;
import io.partnerhub.stream.StreamBus;
import io.partnerhub.stream.StreamEndpoint;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a streamed download ({@code x-stream: download}): opens the service's stream and copies
 * it to the response one chunk at a time, asking for the next chunk only once the socket has taken
 * the previous one, so a slow client slows the service down instead of filling memory on either
 * node. A client that goes away cancels the stream. A failure before the first byte is an ordinary
 * error response; after it the connection is closed without the final chunk, so no client takes a
 * cut-off file for a whole one.
 */
final class DownloadWriter<Q> implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadWriter.class);
  private final BusExchange api;
  private final StreamEndpoint<Q, Void> endpoint;
  private final String mediaType;
  private final Function<RoutingContext, Q> requests;

  DownloadWriter(
      BusExchange api,
      StreamEndpoint<Q, Void> endpoint,
      StreamDeclaration declaration,
      Function<RoutingContext, Q> requests) {
    this.api = api;
    this.endpoint = endpoint;
    this.mediaType = declaration.mediaType();
    this.requests = requests;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StreamBus.download(
            ctx.vertx(), endpoint, requests.apply(ctx), api.authorized(ctx, endpoint.endpoint()))
        .onSuccess(
            stream -> {
              // after the end this is a no-op; before it, the client is gone
              ctx.addEndHandler(done -> stream.cancel());
              ctx.response()
                  .setStatusCode(200)
                  .setChunked(true)
                  .putHeader(HttpHeaders.CONTENT_TYPE, mediaType);
              copy(ctx, stream);
            })
        .onFailure(ctx::fail);
  }

  private void copy(RoutingContext ctx, DownloadStream stream) {
    HttpServerResponse response = ctx.response();
    stream
        .read()
        .onComplete(
            read -> {
              if (response.closed()) {
                return;
              }
              if (read.failed()) {
                LOG.warn(
                    "Download on {} broke off (requestId {}): {}",
                    endpoint.address(),
                    ctx.get(RequestScope.REQUEST_ID),
                    read.cause().getMessage());
                ctx.request().connection().close();
              } else if (!stream.hasMore()) {
                response.end(read.result());
              } else {
                // once the socket has taken this chunk: Vert.x's write queue counts messages, not
                // bytes, so waiting
                // for drain alone would let about 16 chunks pile up here
                response.write(read.result()).onSuccess(written -> copy(ctx, stream));
              }
            });
  }
}
