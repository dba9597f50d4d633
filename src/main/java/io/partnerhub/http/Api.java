package io.partnerhub.http;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.FailureCode;
import io.partnerhub.bus.Ids;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.ServiceException;
import io.partnerhub.bus.TenantContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every route handler needs: the caller's context, parsed input, a bus call, a JSON response. */
final class Api {
  static final String TENANT = "partnerhub.tenant";
  static final String SESSION = "partnerhub.session";
  static final String REQUEST_ID = "partnerhub.requestId";
  private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?(\\d{1,9})\"?");

  private final Vertx vertx;
  private final long busTimeoutMs;
  private final RecentBodies recentBodies = new RecentBodies();

  Api(Vertx vertx, long busTimeoutMs) {
    this.vertx = vertx;
    this.busTimeoutMs = busTimeoutMs;
  }

  /** A random (version 4) UUID without SecureRandom, whose shared lock every request would contend on. */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }

  static TenantContext tenant(RoutingContext ctx) {
    return ctx.get(TENANT);
  }

  /**
   * Sends a request to a service. The caller's permission is checked here first (same rule as the
   * service applies), so a forbidden request costs no bus hop.
   */
  <Q, R> Future<R> call(RoutingContext ctx, Endpoint<Q, R> endpoint, Q request) {
    return ServiceBus.request(vertx, endpoint, request, authorized(ctx, endpoint));
  }

  /** Delivery options (timeout, request id) for a request the caller's permission allows; FORBIDDEN otherwise. */
  DeliveryOptions authorized(RoutingContext ctx, Endpoint<?, ?> endpoint) {
    if (endpoint.isTenantScoped()) {
      tenant(ctx).require(endpoint.permission());
    }
    return new DeliveryOptions().setSendTimeout(busTimeoutMs).addHeader(ServiceBus.REQUEST_ID_HEADER, ctx.get(REQUEST_ID));
  }

  /** The body as one strictly parsed JSON object checked against its schema; VALIDATION for anything else. */
  static JsonObject body(RoutingContext ctx, Validator schema) {
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      // say what the body must hold (reject: "reason"), not only that it is missing
      RequestSchemas.check(schema, new JsonObject(), "A JSON body is required");
      throw ServiceException.validation("A JSON body is required", null);
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw ServiceException.invalidParameter("Content-Type", "application/json");
    }
    byte[] bytes = buffer.getBytes();
    if (!StorableText.isUtf8(bytes)) {
      throw ServiceException.validation("The body is not valid UTF-8", null);
    }
    Object parsed = StrictJson.of(ctx).parse(bytes);
    if (!(parsed instanceof JsonObject object)) {
      throw ServiceException.validation("The body must be a JSON object", null);
    }
    if (!StorableText.isStorable(object)) {
      throw ServiceException.validation("Text may not contain NUL or unpaired surrogate characters", null);
    }
    RequestSchemas.check(schema, object);
    return object;
  }

  static Integer queryInt(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw ServiceException.invalidParameter(name, "an integer");
    }
  }

  /** The {@code :id} path parameter as a UUID; VALIDATION when it is not one. */
  static UUID pathId(RoutingContext ctx) {
    return queryOrPathId(ctx.pathParam("id"), "id");
  }

  /** A UUID query parameter; absent is null, anything but a canonical UUID is VALIDATION. */
  static UUID queryId(RoutingContext ctx, String name) {
    return queryOrPathId(ctx.request().getParam(name), name);
  }

  private static UUID queryOrPathId(String value, String name) {
    UUID id = Ids.parse(value);
    if (id == null && value != null) {
      throw ServiceException.invalidParameter(name, Ids.PROBLEM);
    }
    return id;
  }

  /** A UUID body field; absent or null is null, anything but a canonical UUID is VALIDATION. */
  static UUID bodyId(JsonObject body, String field) {
    UUID id = Ids.parse(body.getString(field));
    if (id == null && body.getValue(field) != null) {
      throw ServiceException.validation("The request body is invalid", new JsonObject().put(field, Ids.PROBLEM));
    }
    return id;
  }

  /** A money amount sent as a JSON number or a decimal string, as an exact BigDecimal. */
  static BigDecimal money(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value.toString());
    } catch (NumberFormatException e) {
      throw ServiceException.validation("amount must be a decimal", new JsonObject().put("amount", "a decimal"));
    }
  }

  /** The version an If-Match header names ("3", "\"3\"" or W/"3"), or null without the header. */
  static Integer ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null) {
      return null;
    }
    Matcher matcher = IF_MATCH.matcher(header.trim());
    if (!matcher.matches()) {
      throw ServiceException.invalidParameter("If-Match", "a version such as \"3\"");
    }
    return Integer.valueOf(matcher.group(1));
  }

  /**
   * Sends {@code body} as JSON (remembered for a repeated record, see RecentBodies), once an idempotent
   * request's response is stored: a replay sent right after this answer finds it, not "in progress".
   */
  void respond(RoutingContext ctx, int status, Object body) {
    Buffer json = recentBodies.encode(body);
    Idempotency.completed(ctx, status, json).onComplete(stored ->
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json));
  }

  /** Sends a versioned resource, its version repeated in the ETag header that If-Match takes back. */
  void respondVersioned(RoutingContext ctx, int status, Object body, int version) {
    ctx.response().putHeader("ETag", "\"" + version + "\"");
    respond(ctx, status, body);
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
