package io.partnerhub.http;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * One HTTP request's trip over the bus: the request sent to a service endpoint, its reply sent back
 * as JSON.
 */
final class BusExchange {
  private final Vertx vertx;
  private final long busTimeoutMs;
  private final RecentBodies recentBodies = new RecentBodies();

  BusExchange(Vertx vertx, long busTimeoutMs) {
    this.vertx = vertx;
    this.busTimeoutMs = busTimeoutMs;
  }

  /**
   * Sends a request to a service. The caller's permission is checked here first (same rule as the
   * service applies), so a forbidden request costs no bus hop.
   */
  <Q, R> Future<R> call(RoutingContext ctx, Endpoint<Q, R> endpoint, Q request) {
    return ServiceBus.request(vertx, endpoint, request, authorized(ctx, endpoint));
  }

  /**
   * Delivery options (timeout, request id) for a request the caller's permission allows; FORBIDDEN
   * otherwise.
   */
  DeliveryOptions authorized(RoutingContext ctx, Endpoint<?, ?> endpoint) {
    if (endpoint.isTenantScoped()) {
      RequestScope.tenant(ctx).require(endpoint.permission());
    }
    return new DeliveryOptions()
        .setSendTimeout(busTimeoutMs)
        .addHeader(ServiceBus.REQUEST_ID_HEADER, ctx.get(RequestScope.REQUEST_ID));
  }

  /**
   * Sends {@code body} as JSON (remembered for a repeated record, see RecentBodies), once an
   * idempotent request's response is stored: a replay sent right after this answer finds it, not
   * "in progress".
   */
  void respond(RoutingContext ctx, int status, Object body) {
    Buffer json = recentBodies.encode(body);
    Idempotency.completed(ctx, status, json)
        .onComplete(
            stored ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(json));
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
