package io.partnerhub.http;

import io.partnerhub.openapi.OpenApi;
import io.partnerhub.openapi.Operation;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.bus.TenantRequest;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Mounts /api/v1 from openapi.yaml: the spec is the routes. Each operation gets, in this order, the handler
 * of its security scheme (none when {@code security: []}), {@link Idempotency} when it declares an
 * {@code Idempotency-Key} header, then its input read and checked by {@link OperationInput} and, for an
 * operation naming an {@code x-endpoint}, one bus request: the endpoint's request record decoded by Jackson
 * from that input plus the caller's TenantContext (set here, never from the body), answered by the
 * operation's {@link ReplyPolicy}.
 *
 * <p>Adding an operation is a spec entry naming its {@code x-endpoint}, an {@code Endpoint} constant and a
 * service method. The few operations that are not "a record in, a reply out" are registered by operationId
 * ({@link #handle}: login needs the client address, logout the session); operations marked
 * {@code x-stream: <kind>} are bound by the {@link StreamBinding} registered for that kind ({@link #stream}).
 * Starting fails when an operation is bound to nothing, or to an unknown endpoint.
 */
final class OperationBinder {
  /** Binds a streamed operation (a CSV upload or download) to its route handler. */
  interface StreamBinding {
    Handler<RoutingContext> bind(Operation operation, Endpoint<?, ?> endpoint);
  }

  private final OpenApi openApi;
  private final BusExchange exchange;
  private final Map<String, Endpoint<?, ?>> endpoints;
  private final Map<String, Handler<RoutingContext>> securitySchemes = new HashMap<>();
  private final Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
  private final Map<String, StreamBinding> streams = new HashMap<>();
  private Handler<RoutingContext> idempotency = RoutingContext::next;

  OperationBinder(OpenApi openApi, BusExchange exchange, Collection<Endpoint<?, ?>> endpoints) {
    this.openApi = openApi;
    this.exchange = exchange;
    this.endpoints = endpoints.stream().collect(Collectors.toMap(Endpoint::address, Function.identity()));
  }

  /** The handler that authorizes requests under a security scheme of the spec; a scheme without one is not served. */
  OperationBinder security(String scheme, Handler<RoutingContext> handler) {
    securitySchemes.put(scheme, handler);
    return this;
  }

  OperationBinder idempotency(Handler<RoutingContext> handler) {
    idempotency = handler;
    return this;
  }

  /** A hand-written handler for one operation; it finds the validated input at {@link RequestScope#INPUT}. */
  OperationBinder handle(String operationId, Handler<RoutingContext> handler) {
    handlers.put(operationId, handler);
    return this;
  }

  /** The binding of every operation marked {@code x-stream: kind}. */
  OperationBinder stream(String kind, StreamBinding binding) {
    streams.put(kind, binding);
    return this;
  }

  /** Mounts every operation; fails when one is bound to nothing or to an unknown endpoint. */
  void mount(Router router) {
    List<Operation> operations = openApi.described().stream().sorted(Comparator.comparing(Operation::matchOrder))
        .toList();
    Set<String> unused = new HashSet<>(handlers.keySet());
    for (Operation operation : operations) {
      unused.remove(operation.id());
      Handler<RoutingContext> handler = bind(operation);
      List<String> schemes = operation.securitySchemes();
      if (!schemes.isEmpty() && schemes.stream().noneMatch(securitySchemes::containsKey)) {
        continue; // e.g. POST /organizations on a node without a platform key
      }
      Route route = router.route(HttpMethod.valueOf(operation.method()), operation.routePath());
      schemes.stream().filter(securitySchemes::containsKey).findFirst()
          .ifPresent(scheme -> route.handler(securitySchemes.get(scheme)));
      if (operation.hasHeader(Idempotency.HEADER)) {
        route.handler(idempotency);
      }
      route.handler(handler);
    }
    if (!unused.isEmpty()) {
      throw new IllegalStateException("Handlers for operations openapi.yaml does not have: " + unused);
    }
  }

  private Handler<RoutingContext> bind(Operation operation) {
    if (operation.stream() != null) {
      StreamBinding binding = streams.get(operation.stream());
      if (binding == null) {
        throw new IllegalStateException(operation.id() + ": no binding for x-stream " + operation.stream());
      }
      return binding.bind(operation, endpoint(operation, operation.endpoint()));
    }
    OperationInput input = new OperationInput(operation);
    Handler<RoutingContext> handler = handlers.get(operation.id());
    if (handler != null) {
      return ctx -> {
        ctx.put(RequestScope.INPUT, input.read(ctx));
        handler.handle(ctx);
      };
    }
    if (operation.endpoint() == null) {
      throw new IllegalStateException(operation.id() + " names no x-endpoint and has no handler");
    }
    Call call = new Call(endpoint(operation, operation.endpoint()), operation);
    List<Variant> variants = operation.endpointWhen().stream().map(when -> {
      String[] parameterAndValue = when.getKey().split("=", 2);
      return new Variant(parameterAndValue[0], parameterAndValue[1],
          new Call(endpoint(operation, (String) when.getValue()), operation));
    }).toList();
    return ctx -> {
      JsonObject components = input.read(ctx);
      variants.stream().filter(variant -> variant.value().equals(ctx.request().getParam(variant.parameter())))
          .map(Variant::call).findFirst().orElse(call).send(ctx, components);
    };
  }

  /** Another endpoint for the operation when a query parameter has a value ({@code x-endpoint-when}). */
  private record Variant(String parameter, String value, Call call) {
  }

  private Endpoint<?, ?> endpoint(Operation operation, String address) {
    Endpoint<?, ?> endpoint = endpoints.get(address);
    if (endpoint == null) {
      throw new IllegalStateException(operation.id() + ": no endpoint " + address);
    }
    return endpoint;
  }

  /** One endpoint as an operation calls it. */
  private final class Call {
    private final Endpoint<Object, Object> endpoint;
    private final ReplyPolicy reply;

    @SuppressWarnings("unchecked")
    Call(Endpoint<?, ?> endpoint, Operation operation) {
      this.endpoint = (Endpoint<Object, Object>) endpoint;
      this.reply = new ReplyPolicy(operation, endpoint.replyType());
    }

    void send(RoutingContext ctx, JsonObject components) {
      exchange.call(ctx, endpoint, request(ctx, components))
          .onSuccess(result -> reply.answer(ctx, exchange, result)).onFailure(ctx::fail);
    }

    /** The request record: the validated input, and the caller's context, which no input can set. */
    private Object request(RoutingContext ctx, JsonObject components) {
      Map<String, Object> values = new HashMap<>(components.getMap());
      values.remove("context");
      if (TenantRequest.class.isAssignableFrom(endpoint.requestType())) {
        values.put("context", RequestScope.tenant(ctx));
      }
      try {
        return Jsons.mapper().convertValue(values, endpoint.requestType());
      } catch (IllegalArgumentException e) {
        // the spec let through a value the record cannot hold: still the client's input, named where it is
        throw Jsons.refusal(e.getCause());
      }
    }
  }
}
