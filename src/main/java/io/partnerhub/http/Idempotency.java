package io.partnerhub.http;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Hashes;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Idempotency-Key on POSTs that create things, with Stripe's semantics: the same key and body
 * replay the stored response; the same key with another body is 422; a duplicate while the first is
 * still running is 409. Records live in Redis for 24 hours, per caller (a key is never shared
 * across users or tenants). Only successful responses are kept: after a failure the key may be used
 * again, and it is free before the failure answer is sent.
 */
final class Idempotency implements Handler<RoutingContext> {
  static final String HEADER = "Idempotency-Key";
  private static final String CLAIM = "partnerhub.idempotency";
  private static final String TTL = Integer.toString(24 * 3600);
  private final RedisStore redis;

  Idempotency(RedisStore redis) {
    this.redis = redis;
  }

  /**
   * A claimed key, settled once: completing it stores the response for replays, releasing it frees
   * the key. Either happens before the response goes out, so a client's next request always sees
   * the outcome.
   */
  final class Claim {
    private final String key;
    private final String fingerprint;
    private boolean settled;

    private Claim(String key, String fingerprint) {
      this.key = key;
      this.fingerprint = fingerprint;
    }

    private Future<Void> complete(int status, Buffer body, String etag) {
      settled = true;
      JsonObject stored =
          new JsonObject()
              .put("state", "done")
              .put("fingerprint", fingerprint)
              .put("status", status)
              .put("body", body.toString(StandardCharsets.UTF_8))
              .put("etag", etag);
      return redis.api().send(Command.SET, key, stored.encode(), "EX", TTL).mapEmpty();
    }

    private Future<Void> release() {
      if (settled) {
        return Future.succeededFuture();
      }
      settled = true;
      return redis.api().del(List.of(key)).mapEmpty();
    }
  }

  /**
   * Stores a successful response for replays (a request without a claim, or a failure, stores
   * nothing).
   */
  static Future<Void> completed(RoutingContext ctx, int status, Buffer body) {
    Claim claim = ctx.get(CLAIM);
    if (claim == null || status >= 300) {
      return Future.succeededFuture();
    }
    return claim.complete(status, body, ctx.response().headers().get("ETag"));
  }

  /**
   * Frees the request's key, if it claimed one, so the client may retry it as soon as it hears of
   * the failure.
   */
  static Future<Void> released(RoutingContext ctx) {
    Claim claim = ctx.get(CLAIM);
    return claim == null ? Future.succeededFuture() : claim.release();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    if (given == null) {
      ctx.next();
      return;
    }
    if (given.isBlank() || given.length() > 255) {
      throw ServiceException.invalidParameter(HEADER, "1 to 255 characters");
    }
    String key =
        "ph:idempotency:"
            + Hashes.sha256Hex(scope(ctx) + "\n" + ctx.request().path() + "\n" + given);
    Buffer body =
        ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    String fingerprint = Hashes.sha256Hex(body.toString(StandardCharsets.UTF_8));
    JsonObject pending = new JsonObject().put("state", "pending").put("fingerprint", fingerprint);
    redis
        .api()
        .send(Command.SET, key, pending.encode(), "NX", "EX", TTL)
        .compose(
            set -> {
              if (set != null) {
                Claim claim = new Claim(key, fingerprint);
                ctx.put(CLAIM, claim);
                // an abandoned request (the client went away before any answer) frees the key too
                ctx.addEndHandler(done -> claim.release());
                ctx.next();
                return Future.succeededFuture();
              }
              return redis
                  .api()
                  .get(key)
                  .map(
                      existing -> {
                        replay(
                            ctx,
                            existing == null ? null : new JsonObject(existing.toString()),
                            fingerprint);
                        return null;
                      });
            })
        .onFailure(
            failure ->
                ctx.fail(
                    failure instanceof ServiceException
                        ? failure
                        : new ServiceException(
                            FailureCode.UNAVAILABLE, "Idempotency store unavailable, try again")));
  }

  private static void replay(RoutingContext ctx, JsonObject stored, String fingerprint) {
    if (stored == null || !fingerprint.equals(stored.getString("fingerprint"))) {
      throw new ServiceException(
          FailureCode.UNPROCESSABLE, "This " + HEADER + " was used with another request body");
    }
    if (!"done".equals(stored.getString("state"))) {
      throw new ServiceException(
          FailureCode.CONFLICT, "A request with this " + HEADER + " is still in progress");
    }
    if (stored.getString("etag") != null) {
      ctx.response().putHeader("ETag", stored.getString("etag"));
    }
    ctx.response()
        .setStatusCode(stored.getInteger("status"))
        .putHeader("Content-Type", "application/json")
        .putHeader("Idempotent-Replayed", "true")
        .end(stored.getString("body"));
  }

  /** Keys are per caller: the user in its tenant, or the holder of the platform key. */
  private static String scope(RoutingContext ctx) {
    TenantContext tenant = RequestScope.tenant(ctx);
    if (tenant != null) {
      return tenant.organizationId() + ":" + tenant.userId();
    }
    String platformKey = ctx.request().getHeader("X-Platform-Key");
    return "platform:" + Hashes.sha256Hex(platformKey == null ? "" : platformKey);
  }
}
