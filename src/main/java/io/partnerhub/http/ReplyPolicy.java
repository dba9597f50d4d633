package io.partnerhub.http;

import io.partnerhub.openapi.Operation;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * How one operation answers, read from its spec once at start: the success status (the one 2xx it
 * declares, 201 or 200 by the reply's {@code x-reply.created} component, 204 for no body), {@code
 * ETag} from the body's {@code version} where the response declares that header, {@code Location}
 * from its {@code id} where it declares that one, and the body ({@code x-reply.body}, or the whole
 * reply).
 */
final class ReplyPolicy {
  private final Operation operation;
  private final Method body;
  private final Method created;
  private final int status;
  private final Method version;
  private final Method id;

  ReplyPolicy(Operation operation, Class<?> replyType) {
    this.operation = operation;
    this.body =
        operation.reply().containsKey("body")
            ? accessor(replyType, operation.reply().getString("body"))
            : null;
    this.created =
        operation.reply().containsKey("created")
            ? accessor(replyType, operation.reply().getString("created"))
            : null;
    this.status =
        IntStream.of(200, 201, 204)
            .filter(code -> operation.success(code) != null)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        operation.id() + " declares no 200, 201 or 204 response"));
    Class<?> bodyType = body == null ? replyType : body.getReturnType();
    this.version = declares("ETag") ? accessor(bodyType, "version") : null;
    this.id = declares("Location") ? accessor(bodyType, "id") : null;
  }

  void answer(RoutingContext ctx, BusExchange exchange, Object reply) {
    Object sent = body == null ? reply : invoke(body, reply);
    if (sent == null && operation.success(204) != null) {
      BusExchange.noContent(ctx);
      return;
    }
    int answered = created == null ? status : (Boolean) invoke(created, reply) ? 201 : 200;
    if (version != null && hasHeader(answered, "ETag")) {
      ctx.response().putHeader("ETag", "\"" + invoke(version, sent) + "\"");
    }
    if (id != null && hasHeader(answered, "Location")) {
      ctx.response().putHeader("Location", ctx.request().path() + "/" + invoke(id, sent));
    }
    exchange.respond(ctx, answered, sent);
  }

  private boolean declares(String header) {
    return IntStream.of(200, 201).anyMatch(code -> hasHeader(code, header));
  }

  private boolean hasHeader(int code, String header) {
    return operation.success(code) != null
        && operation.success(code).getJsonObject("headers") != null
        && operation.success(code).getJsonObject("headers").containsKey(header);
  }

  private Method accessor(Class<?> type, String component) {
    RecordComponent[] components =
        Objects.requireNonNullElse(type.getRecordComponents(), new RecordComponent[0]);
    return Arrays.stream(components)
        .filter(candidate -> candidate.getName().equals(component))
        .findFirst()
        .map(RecordComponent::getAccessor)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    operation.id() + ": " + type.getSimpleName() + " has no " + component));
  }

  private static Object invoke(Method accessor, Object target) {
    try {
      return accessor.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("Cannot read " + accessor.getName(), e);
    }
  }
}
