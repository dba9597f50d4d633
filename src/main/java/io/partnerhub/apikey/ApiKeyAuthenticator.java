package io.partnerhub.apikey;

import io.partnerhub.apikey.ApiKeyApi.ApiKeyPrincipal;
import io.partnerhub.bus.ContextIssuer;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.LruMap;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a presented {@code phk_} secret into the key's signed context, on an issuing node (the HTTP
 * edge, the TCP bridge): the key's entry from Redis (remembered while Redis pushes no change; from
 * the service on a miss), the secret's hash compared in constant time, expiry, then the key's rate
 * limit. The last-used time is sent to the service at most once a minute per key and instance
 * (decision 174). One instance per verticle instance: not thread-safe.
 */
public final class ApiKeyAuthenticator {
  private static final long WINDOW_SECONDS = 60;
  private static final long RECORD_USE_EVERY_MS = 60_000;
  private final Vertx vertx;
  private final ApiKeyStore store;
  private final ContextIssuer issuer;
  private final long limitPerMinute;
  private final DeliveryOptions busOptions;
  private final Map<UUID, Long> useRecorded = new LruMap<>(10_000);

  public ApiKeyAuthenticator(
      Vertx vertx,
      ApiKeyStore store,
      ContextIssuer issuer,
      long limitPerMinute,
      long busTimeoutMs) {
    this.vertx = vertx;
    this.store = store;
    this.issuer = issuer;
    this.limitPerMinute = limitPerMinute;
    this.busOptions = new DeliveryOptions().setSendTimeout(busTimeoutMs);
  }

  /**
   * The key's signed context; UNAUTHENTICATED, RATE_LIMITED (with retryAfterSeconds) or
   * UNAVAILABLE.
   */
  public Future<TenantContext> authenticate(String secret) {
    ApiKeySecrets.KeyRef ref = ApiKeySecrets.parse(secret);
    if (ref == null) {
      return Future.failedFuture(refused());
    }
    return store
        .find(ref.keyId())
        .compose(
            entry -> {
              if (entry == null) {
                return ServiceBus.request(
                    vertx, ApiKeyApi.AUTHENTICATE, new ApiKeyApi.Authenticate(secret), busOptions);
              }
              ApiKeyPrincipal principal = entry.principal();
              if (entry.revoked()
                  || !principal.organizationId().equals(ref.organizationId())
                  || !ApiKeySecrets.matches(secret, principal.secretHash())) {
                return Future.failedFuture(refused());
              }
              return Future.succeededFuture(principal);
            })
        .compose(
            principal -> {
              long now = System.currentTimeMillis();
              if (principal.isExpired(now)) {
                return Future.failedFuture(refused());
              }
              return withinLimit(principal, now).map(ok -> issue(principal, now));
            });
  }

  private Future<Void> withinLimit(ApiKeyPrincipal principal, long now) {
    long nowSeconds = now / 1000;
    return store
        .countUse(principal.id(), WINDOW_SECONDS, nowSeconds)
        .compose(
            count ->
                count <= limitPerMinute
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new ServiceException(
                            FailureCode.RATE_LIMITED,
                            "This API key made too many requests, retry later",
                            new JsonObject()
                                .put(
                                    "retryAfterSeconds",
                                    WINDOW_SECONDS - nowSeconds % WINDOW_SECONDS))));
  }

  private TenantContext issue(ApiKeyPrincipal principal, long now) {
    TenantContext context = issuer.issue(principal.context());
    Long recorded = useRecorded.get(principal.id());
    if (recorded == null || now - recorded >= RECORD_USE_EVERY_MS) {
      useRecorded.put(principal.id(), now);
      // best effort: a lost update leaves last-used a minute older, never fails the request
      ServiceBus.request(vertx, ApiKeyApi.RECORD_USE, new ApiKeyApi.RecordUse(context), busOptions);
    }
    return context;
  }

  private static ServiceException refused() {
    return new ServiceException(FailureCode.UNAUTHENTICATED, "Invalid API key");
  }
}
