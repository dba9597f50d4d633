package io.partnerhub.service;

import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.logging.RequestLogContext;
import io.partnerhub.openapi.EndpointSchemas;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of the typed event bus: serving an {@link Endpoint} (access check, the request's
 * bounds from openapi.yaml and failure mapping in one place). Callers need only {@link ServiceBus}.
 */
public final class Serving {
  private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

  private Serving() {}

  /**
   * Serves an endpoint: checks the caller's TenantContext and permission, runs the handler and
   * replies, or fails the message with the failure's code. Unexpected errors are logged here and
   * leave as INTERNAL.
   */
  public static <Q, R> MessageConsumer<Q> serve(
      Vertx vertx, Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    return vertx
        .eventBus()
        .consumer(
            endpoint.address(),
            (Message<Q> message) -> {
              long started = System.nanoTime();
              admit(endpoint, message, handler)
                  .onSuccess(message::reply)
                  .onFailure(failure -> fail(endpoint, message, failure))
                  .onComplete(
                      done ->
                          LOG.debug(
                              "Served {} in {} ms",
                              endpoint.address(),
                              (System.nanoTime() - started) / 1_000_000));
            });
  }

  /**
   * The start of every served request, streamed ones included: its ids into the log context, the
   * access check, the spec's bounds, then the handler (whose exceptions become its failure).
   */
  public static <Q, T> Future<T> admit(
      Endpoint<Q, ?> endpoint, Message<Q> message, Function<Q, Future<T>> handler) {
    RequestLogContext.put("requestId", message.headers().get(ServiceBus.REQUEST_ID_HEADER));
    try {
      // from another node the body is decoded here, and a message the record cannot hold fails as
      // VALIDATION
      Q body = message.body();
      if (body instanceof TenantRequest request && request.context() != null) {
        RequestLogContext.put("organizationId", request.context().organizationId());
        RequestLogContext.put("userId", request.context().userId());
      }
      checkAccess(endpoint, body);
      // the bus is public: its callers meet the bounds openapi.yaml gives HTTP clients
      EndpointSchemas.served().check(endpoint.address(), body);
      return handler.apply(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void checkAccess(Endpoint<?, ?> endpoint, Object body) {
    if (body == null || !endpoint.requestType().isInstance(body)) {
      throw ServiceException.validation(
          "Expected a " + endpoint.requestType().getSimpleName(), null);
    }
    if (!endpoint.isTenantScoped()) {
      return;
    }
    TenantContext context = body instanceof TenantRequest request ? request.context() : null;
    if (context == null || !context.isComplete()) {
      throw new ServiceException(
          FailureCode.UNAUTHENTICATED, "A complete TenantContext is required");
    }
    // the bus is open to every member: only a context PartnerHub issued and signed speaks for a
    // tenant
    Contexts.verify(context);
    context.require(endpoint.permission());
  }

  /**
   * Fails a served message with the failure's code; an unexpected failure is logged and leaves as
   * INTERNAL.
   */
  public static void fail(Endpoint<?, ?> endpoint, Message<?> message, Throwable failure) {
    ServiceException error = failure instanceof ServiceException known ? known : null;
    if (error == null) {
      error = ServiceException.from(failure);
      LOG.error(
          "Request on {} failed (requestId {})",
          endpoint.address(),
          message.headers().get(ServiceBus.REQUEST_ID_HEADER),
          failure);
    }
    message.fail(error.code().status(), error.toJson().encode());
  }
}
