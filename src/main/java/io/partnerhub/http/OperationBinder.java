package io.partnerhub.http;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.StreamEndpoint;
import io.partnerhub.bus.StreamEndpoint.Direction;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.openapi.OpenApi;
import io.partnerhub.openapi.Operation;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Mounts /api/v1 from openapi.yaml: the spec is the routes. Each operation gets, in this order, the
 * handler of its security scheme (none when {@code security: []}), {@link Idempotency} when it
 * declares an {@code Idempotency-Key} header, then its input read and checked by {@link
 * OperationInput} and, for an operation naming an {@code x-endpoint}, one bus request: the
 * endpoint's request record built from that input plus the caller's TenantContext (set here, never
 * from the body: {@link RequestRecordReader}), answered by the operation's {@link ReplyPolicy}.
 *
 * <p>Adding an operation is a spec entry naming its {@code x-endpoint}, an {@code Endpoint}
 * constant and a service method. The few operations that are not "a record in, a reply out" are
 * registered by operationId ({@link #handle}: login needs the client address, logout the session).
 * An operation marked {@code x-stream: download|upload} ({@link StreamDeclaration}) names a {@link
 * StreamEndpoint} of that direction in its {@code x-endpoint} and is answered by {@link
 * DownloadWriter} or {@link UploadReader}, its request record built as for any operation. Every
 * route starts with the {@link #body} handler but a streamed upload's, which starts with {@link
 * UploadReader#hold} and reads the body only as the service takes it. Starting fails when an
 * operation is bound to nothing, or to an unknown endpoint.
 */
final class OperationBinder {
  private final OpenApi openApi;
  private final BusExchange exchange;
  private final Map<String, Endpoint<?, ?>> endpoints;
  private final Map<String, StreamEndpoint<?, ?>> streams;
  private final Map<String, Handler<RoutingContext>> securitySchemes = new HashMap<>();
  private final Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
  private Handler<RoutingContext> body = RoutingContext::next;
  private Handler<RoutingContext> idempotency = RoutingContext::next;

  /** {@code endpoints} and {@code streams}: those the operations may name in {@code x-endpoint}. */
  OperationBinder(
      OpenApi openApi,
      BusExchange exchange,
      Collection<Endpoint<?, ?>> endpoints,
      Collection<StreamEndpoint<?, ?>> streams) {
    this.openApi = openApi;
    this.exchange = exchange;
    this.endpoints =
        endpoints.stream().collect(Collectors.toMap(Endpoint::address, Function.identity()));
    this.streams =
        streams.stream().collect(Collectors.toMap(StreamEndpoint::address, Function.identity()));
  }

  /**
   * The handler that reads a request body (BodyHandler), first on every route but a streamed
   * upload's.
   */
  OperationBinder body(Handler<RoutingContext> handler) {
    body = handler;
    return this;
  }

  /**
   * The handler that authorizes requests under a security scheme of the spec; a scheme without one
   * is not served.
   */
  OperationBinder security(String scheme, Handler<RoutingContext> handler) {
    securitySchemes.put(scheme, handler);
    return this;
  }

  OperationBinder idempotency(Handler<RoutingContext> handler) {
    idempotency = handler;
    return this;
  }

  /**
   * A hand-written handler for one operation; it finds the validated input at {@link
   * RequestScope#INPUT}.
   */
  OperationBinder handle(String operationId, Handler<RoutingContext> handler) {
    handlers.put(operationId, handler);
    return this;
  }

  /** Mounts every operation; fails when one is bound to nothing or to an unknown endpoint. */
  void mount(Router router) {
    List<Operation> operations =
        openApi.described().stream().sorted(Comparator.comparing(Operation::matchOrder)).toList();
    Set<String> unused = new HashSet<>(handlers.keySet());
    for (Operation operation : operations) {
      unused.remove(operation.id());
      Optional<StreamDeclaration> stream = StreamDeclaration.of(operation.id(), operation.spec());
      Handler<RoutingContext> handler =
          stream.map(declared -> bindStream(operation, declared)).orElseGet(() -> bind(operation));
      List<String> schemes = operation.securitySchemes();
      if (!schemes.isEmpty() && schemes.stream().noneMatch(securitySchemes::containsKey)) {
        continue; // e.g. POST /organizations on a node without a platform key
      }
      Route route = router.route(HttpMethod.valueOf(operation.method()), operation.routePath());
      boolean upload =
          stream.filter(declared -> declared.direction() == Direction.UPLOAD).isPresent();
      route.handler(upload ? UploadReader::hold : body);
      schemes.stream()
          .filter(securitySchemes::containsKey)
          .findFirst()
          .ifPresent(scheme -> route.handler(securitySchemes.get(scheme)));
      if (operation.hasHeader(Idempotency.HEADER)) {
        route.handler(idempotency);
      }
      route.handler(handler);
    }
    if (!unused.isEmpty()) {
      throw new IllegalStateException(
          "Handlers for operations openapi.yaml does not have: " + unused);
    }
  }

  @SuppressWarnings("unchecked")
  private Handler<RoutingContext> bindStream(Operation operation, StreamDeclaration declaration) {
    StreamEndpoint<?, ?> stream = streams.get(operation.endpoint());
    if (stream == null || stream.direction() != declaration.direction()) {
      throw new IllegalStateException(
          operation.id()
              + ": no "
              + declaration.direction().name().toLowerCase(Locale.ROOT)
              + " stream endpoint "
              + operation.endpoint());
    }
    OperationInput input = new OperationInput(operation);
    Class<Object> requestType = (Class<Object>) stream.endpoint().requestType();
    RequestRecordReader<Object> records = new RequestRecordReader<>(requestType);
    Function<RoutingContext, Object> requests =
        ctx -> records.read(input.read(ctx), context(ctx, requestType));
    return declaration.direction() == Direction.DOWNLOAD
        ? new DownloadWriter<>(
            exchange, (StreamEndpoint<Object, Void>) stream, declaration, requests)
        : new UploadReader<>(
            exchange, (StreamEndpoint<Object, Object>) stream, declaration, requests);
  }

  private Handler<RoutingContext> bind(Operation operation) {
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
    List<Variant> variants =
        operation.endpointWhen().stream()
            .map(
                when -> {
                  String[] parameterAndValue = when.getKey().split("=", 2);
                  return new Variant(
                      parameterAndValue[0],
                      parameterAndValue[1],
                      new Call(endpoint(operation, (String) when.getValue()), operation));
                })
            .toList();
    return ctx -> {
      JsonObject components = input.read(ctx);
      variants.stream()
          .filter(variant -> variant.value().equals(ctx.request().getParam(variant.parameter())))
          .map(Variant::call)
          .findFirst()
          .orElse(call)
          .send(ctx, components);
    };
  }

  /**
   * Another endpoint for the operation when a query parameter has a value ({@code
   * x-endpoint-when}).
   */
  private record Variant(String parameter, String value, Call call) {}

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
    private final RequestRecordReader<Object> records;
    private final ReplyPolicy reply;

    @SuppressWarnings("unchecked")
    Call(Endpoint<?, ?> endpoint, Operation operation) {
      this.endpoint = (Endpoint<Object, Object>) endpoint;
      this.records = new RequestRecordReader<>(this.endpoint.requestType());
      this.reply = new ReplyPolicy(operation, endpoint.replyType());
    }

    void send(RoutingContext ctx, JsonObject components) {
      exchange
          .call(ctx, endpoint, records.read(components, context(ctx, endpoint.requestType())))
          .onSuccess(result -> reply.answer(ctx, exchange, result))
          .onFailure(ctx::fail);
    }
  }

  /** The caller's context for a request type that carries one: never from the input. */
  private static TenantContext context(RoutingContext ctx, Class<?> requestType) {
    return TenantRequest.class.isAssignableFrom(requestType) ? RequestScope.tenant(ctx) : null;
  }
}
