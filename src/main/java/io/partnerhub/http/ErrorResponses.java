package io.partnerhub.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every failure in the one error shape {error, message, details?, requestId}. Unexpected
 * exceptions are logged with their stack trace and answered as a bare INTERNAL: no trace, SQL or
 * SQLSTATE reaches a client.
 */
final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    write(ctx, toServiceException(ctx));
  }

  /**
   * A request the HTTP decoder refused (request line or headers too long, not HTTP at all): it
   * never reaches the router, but still gets the error shape. The connection cannot be read
   * further: closed.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ServiceException error;
    if (cause instanceof TooLongHttpLineException) {
      error = new ServiceException(FailureCode.URI_TOO_LONG, "The request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error =
          new ServiceException(FailureCode.HEADERS_TOO_LARGE, "The request headers are too large");
    } else {
      error = ServiceException.validation("Malformed HTTP request", null);
    }
    String requestId = RequestScope.newRequestId();
    HttpServerResponse response =
        request
            .response()
            .putHeader("X-Request-Id", requestId)
            .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    write(response, requestId, error).onComplete(written -> request.connection().close());
  }

  private static ServiceException toServiceException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ServiceException known) {
      return known;
    }
    int status = ctx.statusCode();
    // a 4xx from Vert.x itself (no route, wrong method, body limit, a body that does not decode) is
    // the client's
    if (status >= 400 && status < 500) {
      FailureCode code = FailureCode.fromStatus(status);
      return new ServiceException(
          code,
          switch (code) {
            case NOT_FOUND -> "No such resource";
            case METHOD_NOT_ALLOWED -> "Method not allowed on this resource";
            case PAYLOAD_TOO_LARGE -> "The request body is too large";
            default -> "Bad request";
          });
    }
    if (!ctx.request().isEnded()) {
      // the request stream broke while its body was read (a malformed chunk, a reset): the client's
      // doing,
      // and Vert.x closes the connection anyway
      LOG.debug(
          "Request body unreadable on {} {} (requestId {})",
          ctx.request().method(),
          ctx.request().path(),
          ctx.get(RequestScope.REQUEST_ID),
          failure);
      return ServiceException.validation("The request body could not be read", null);
    }
    LOG.error(
        "Unexpected failure on {} {} (requestId {})",
        ctx.request().method(),
        ctx.request().path(),
        ctx.get(RequestScope.REQUEST_ID),
        failure);
    return new ServiceException(FailureCode.INTERNAL, "Internal error");
  }

  static Future<Void> write(RoutingContext ctx, ServiceException error) {
    if (error.code() == FailureCode.PAYLOAD_TOO_LARGE && !ctx.request().isEnded()) {
      // the rest of the body is not wanted: the client should stop sending and not reuse the
      // connection
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    // the Idempotency-Key is free before the client hears of the failure, so its corrected retry
    // may use it
    return Idempotency.released(ctx)
        .transform(released -> write(ctx.response(), ctx.get(RequestScope.REQUEST_ID), error));
  }

  private static Future<Void> write(
      HttpServerResponse response, String requestId, ServiceException error) {
    JsonObject body = error.toJson().put("requestId", requestId);
    if (error.code() == FailureCode.RATE_LIMITED && error.details() != null) {
      response.putHeader(
          "Retry-After", String.valueOf(error.details().getValue("retryAfterSeconds")));
    }
    if (error.code() == FailureCode.UNAUTHENTICATED) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    return response
        .setStatusCode(error.code().status())
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
