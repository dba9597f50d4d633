package io.partnerhub.http;

import io.partnerhub.apikey.ApiKeyAuthenticator;
import io.partnerhub.apikey.ApiKeySecrets;
import io.partnerhub.apikey.ApiKeyStore;
import io.partnerhub.auth.TokenService;
import io.partnerhub.bus.ContextIssuer;
import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.cache.SessionStore.Session;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.logging.RequestLogContext;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Guards /api/v1: a bearer JWT whose session is still live in Redis, or an API key ({@code
 * phk_...}). On success the request carries the {@link TenantContext} this node issues and signs; a
 * dead session or an unknown, revoked or expired key is 401, an unreachable Redis 503 (fail
 * closed).
 */
final class Authenticator implements Handler<RoutingContext> {
  private final TokenService tokens;
  private final SessionStore sessions;
  private final ApiKeyAuthenticator apiKeys;
  private final ContextIssuer issuer;

  Authenticator(
      TokenService tokens,
      SessionStore sessions,
      ApiKeyAuthenticator apiKeys,
      ContextIssuer issuer) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.apiKeys = apiKeys;
    this.issuer = issuer;
  }

  /**
   * The node's authenticator: sessions, API keys watched in Redis with the node's key watch, and
   * this node's context issuer.
   */
  static Authenticator create(
      Vertx vertx, Settings config, RedisStore redis, SessionStore sessions) {
    ContextIssuer issuer = Contexts.issuer(vertx);
    return new Authenticator(
        TokenService.fromConfig(vertx, config),
        sessions,
        new ApiKeyAuthenticator(
            vertx,
            new ApiKeyStore(redis, redis.watch(List.of(ApiKeyStore.KEY_PREFIX))),
            issuer,
            config.integer(Setting.API_KEY_RATE_LIMIT_PER_MINUTE),
            config.integer(Setting.BUS_TIMEOUT_MS)),
        issuer);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      ctx.fail(new ServiceException(FailureCode.UNAUTHENTICATED, "A bearer token is required"));
      return;
    }
    String token = header.substring(7).trim();
    (ApiKeySecrets.looksLikeKey(token) ? apiKeys.authenticate(token) : session(ctx, token))
        .onSuccess(
            context -> {
              RequestLogContext.put("organizationId", context.organizationId());
              RequestLogContext.put("userId", context.userId());
              ctx.put(RequestScope.TENANT, context);
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  private Future<TenantContext> session(RoutingContext ctx, String token) {
    return tokens
        .verify(token)
        .compose(
            claims ->
                sessions
                    .find(claims.sessionId())
                    .map(
                        session -> {
                          if (session == null
                              || !session.userId().equals(claims.userId())
                              || !session.organizationId().equals(claims.organizationId())) {
                            throw new ServiceException(
                                FailureCode.UNAUTHENTICATED, "The session has ended");
                          }
                          ctx.put(RequestScope.SESSION, session);
                          return issuer.issue(context(session));
                        }));
  }

  private static TenantContext context(Session session) {
    return new TenantContext(
        session.organizationId(),
        session.userId(),
        session.role(),
        session.permissions(),
        session.partnerId());
  }
}
