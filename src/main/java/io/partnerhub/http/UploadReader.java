package io.partnerhub.http;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.stream.StreamBus;
import io.partnerhub.stream.StreamEndpoint;
import io.partnerhub.stream.UploadStream;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Function;

/**
 * Takes a streamed upload ({@code x-stream: upload}) and answers the operation's result: the body
 * goes to the service in chunks of at most {@link StreamBus#CHUNK_BYTES}, and more is read from the
 * client only once the service has taken the previous chunk, so a fast client waits for the service
 * instead of filling memory. A body over the declared {@code x-max-body-bytes} is 413 (at once when
 * Content-Length says so) and the service discards what it got; so does a client that goes away.
 * The route has no BodyHandler, and {@link #hold} pauses the request before any asynchronous step
 * (authentication), or its first bytes are lost.
 */
final class UploadReader<Q, R> implements Handler<RoutingContext> {
  private final BusExchange api;
  private final StreamEndpoint<Q, R> endpoint;
  private final StreamDeclaration declaration;
  private final Function<RoutingContext, Q> requests;

  UploadReader(
      BusExchange api,
      StreamEndpoint<Q, R> endpoint,
      StreamDeclaration declaration,
      Function<RoutingContext, Q> requests) {
    this.api = api;
    this.endpoint = endpoint;
    this.declaration = declaration;
    this.requests = requests;
  }

  /** The upload route's first handler: no body byte is read until the reader is ready for it. */
  static void hold(RoutingContext ctx) {
    ctx.request().pause();
    ctx.next();
  }

  @Override
  public void handle(RoutingContext ctx) {
    // an answer before the whole body (413, a failure) leaves the rest unread: only closing ends
    // the exchange
    ctx.addEndHandler(
        done -> {
          if (!ctx.request().isEnded()) {
            ctx.request().connection().close();
          }
        });
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith(declaration.mediaType())) {
      throw ServiceException.invalidParameter("Content-Type", declaration.mediaType());
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && Long.parseLong(length.trim()) > declaration.maxBodyBytes()) {
      throw tooLarge();
    }
    StreamBus.upload(
            ctx.vertx(), endpoint, requests.apply(ctx), api.authorized(ctx, endpoint.endpoint()))
        .onSuccess(upload -> new Transfer(ctx, upload).start())
        .onFailure(ctx::fail);
  }

  private ServiceException tooLarge() {
    return new ServiceException(
        FailureCode.PAYLOAD_TOO_LARGE,
        "The request body is larger than " + declaration.maxBodyBytes() + " bytes");
  }

  /** One request's body on its way: what is read but not yet sent, and how much came in all. */
  private final class Transfer {
    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final UploadStream<R> upload;
    private Buffer pending = Buffer.buffer();
    private long received;

    Transfer(RoutingContext ctx, UploadStream<R> upload) {
      this.ctx = ctx;
      this.request = ctx.request();
      this.upload = upload;
    }

    void start() {
      // after the result this is a no-op; before it, the client is gone or the upload failed
      ctx.addEndHandler(done -> upload.cancel());
      request.handler(this::take).endHandler(ended -> finish());
      request.resume();
    }

    private void take(Buffer data) {
      received += data.length();
      if (received > declaration.maxBodyBytes()) {
        request.pause();
        upload.cancel();
        ctx.fail(tooLarge());
        return;
      }
      pending.appendBuffer(data);
      if (pending.length() >= StreamBus.CHUNK_BYTES) {
        request.pause();
        sendFullChunks();
      }
    }

    private void sendFullChunks() {
      Buffer chunk = pending.getBuffer(0, StreamBus.CHUNK_BYTES);
      pending = pending.getBuffer(StreamBus.CHUNK_BYTES, pending.length());
      upload
          .write(chunk)
          .onSuccess(
              taken -> {
                if (pending.length() >= StreamBus.CHUNK_BYTES) {
                  sendFullChunks();
                } else {
                  request.resume();
                }
              })
          .onFailure(ctx::fail);
    }

    private void finish() {
      (pending.length() == 0 ? upload.end() : upload.write(pending).compose(taken -> upload.end()))
          .onSuccess(result -> api.respond(ctx, 200, result))
          .onFailure(ctx::fail);
    }
  }
}
