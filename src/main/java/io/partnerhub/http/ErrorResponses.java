package io.partnerhub.http;

import io.partnerhub.bus.FailureCode;
import io.partnerhub.bus.ServiceException;
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

  private ErrorResponses() {
  }

  static void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    write(ctx, toServiceException(ctx));
  }

  private static ServiceException toServiceException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ServiceException known) {
      return known;
    }
    int status = ctx.statusCode();
    if (failure == null && status >= 400 && status < 500) {
      FailureCode code = FailureCode.fromStatus(status);
      return new ServiceException(code, switch (code) {
        case NOT_FOUND -> "No such resource";
        case METHOD_NOT_ALLOWED -> "Method not allowed on this resource";
        case PAYLOAD_TOO_LARGE -> "The request body is too large";
        default -> "Bad request";
      });
    }
    LOG.error("Unexpected failure on {} {} (requestId {})", ctx.request().method(), ctx.request().path(),
        ctx.get(Api.REQUEST_ID), failure);
    return new ServiceException(FailureCode.INTERNAL, "Internal error");
  }

  static void write(RoutingContext ctx, ServiceException error) {
    JsonObject body = error.toJson().put("requestId", ctx.get(Api.REQUEST_ID));
    if (error.code() == FailureCode.RATE_LIMITED && error.details() != null) {
      ctx.response().putHeader("Retry-After", String.valueOf(error.details().getValue("retryAfterSeconds")));
    }
    if (error.code() == FailureCode.UNAUTHENTICATED) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ctx.response().setStatusCode(error.code().status()).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
