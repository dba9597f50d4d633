package io.partnerhub.bus;

import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The typed event bus as a caller sees it: codec registration and requesting an {@link Endpoint}.
 * Serving one is the service's side (the service package's {@code Serving}).
 */
public final class ServiceBus {
  public static final String REQUEST_ID_HEADER = "x-request-id";

  private ServiceBus() {}

  /**
   * Registers a JSON codec for every request and reply type and for events; every node of a cluster
   * must.
   */
  public static void registerCodecs(Vertx vertx, Collection<Endpoint<?, ?>> endpoints) {
    Set<Class<?>> types = new HashSet<>();
    types.add(DomainEvent.class);
    for (Endpoint<?, ?> endpoint : endpoints) {
      types.add(endpoint.requestType());
      types.add(endpoint.replyType());
    }
    types.remove(Void.class);
    for (Class<?> type : types) {
      register(vertx.eventBus(), type);
    }
  }

  private static <T> void register(EventBus bus, Class<T> type) {
    try {
      bus.registerDefaultCodec(type, new RecordCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // a second PartnerHub on the same Vertx (tests) shares the codecs registered by the first
    }
  }

  public static <Q, R> Future<R> request(
      Vertx vertx, Endpoint<Q, R> endpoint, Q request, DeliveryOptions options) {
    return vertx
        .eventBus()
        .<R>request(endpoint.address(), request, options)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(ServiceException.from(failure)));
  }
}
