package io.partnerhub.http;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Cuts off clients that send too slowly (slowloris): a connection must deliver a request's headers
 * within the read timeout of opening or of its previous response, and then the body within the read
 * timeout of the headers. Headers too slow: the connection is closed. Body too slow: 408
 * REQUEST_TIMEOUT and the connection is closed. A trickle of bytes keeps an idle timeout happy;
 * these deadlines do not move. Waiting costs a timer, never a thread. One instance per HTTP
 * verticle: its connections and requests are all handled on that verticle's event loop, so the map
 * needs no locking.
 */
final class ReadTimeouts implements Handler<RoutingContext> {
  private final Vertx vertx;
  private final long timeoutMs;
  private final Map<HttpConnection, Long> headerDeadlines = new HashMap<>();

  ReadTimeouts(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /** For HttpServer.connectionHandler: the first request's headers are due. */
  void connected(HttpConnection connection) {
    awaitHeaders(connection);
    connection.closeHandler(closed -> cancelHeaderDeadline(connection));
  }

  /**
   * First route: the headers are here; the body is due, and after the response the next headers.
   */
  @Override
  public void handle(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    cancelHeaderDeadline(connection);
    long bodyDeadline = vertx.setTimer(timeoutMs, fired -> bodyTooSlow(ctx));
    ctx.addEndHandler(
        done -> {
          vertx.cancelTimer(bodyDeadline);
          if (done.succeeded()) {
            awaitHeaders(connection);
          }
        });
    ctx.next();
  }

  private void awaitHeaders(HttpConnection connection) {
    cancelHeaderDeadline(connection);
    headerDeadlines.put(
        connection,
        vertx.setTimer(
            timeoutMs,
            fired -> {
              headerDeadlines.remove(connection);
              connection.close();
            }));
  }

  private void cancelHeaderDeadline(HttpConnection connection) {
    Long timer = headerDeadlines.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  private void bodyTooSlow(RoutingContext ctx) {
    if (ctx.request().isEnded() || ctx.response().ended()) {
      return; // the body is here: what remains is the service's time, bounded by the bus timeout
    }
    HttpConnection connection = ctx.request().connection();
    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    ErrorResponses.write(
            ctx,
            new ServiceException(
                FailureCode.REQUEST_TIMEOUT, "The request body did not arrive in time"))
        .onComplete(written -> connection.close());
  }
}
