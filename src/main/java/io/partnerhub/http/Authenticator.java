package io.partnerhub.http;

import io.partnerhub.auth.TokenService;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.logging.RequestLogContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards /api/v1: a valid bearer JWT whose session is still live in Redis. On success the request
 * carries its {@link TenantContext}; a dead session is 401 and an unreachable Redis is 503 (fail
 * closed).
 */
final class Authenticator implements Handler<RoutingContext> {
  private final TokenService tokens;
  private final SessionStore sessions;

  Authenticator(TokenService tokens, SessionStore sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      ctx.fail(new ServiceException(FailureCode.UNAUTHENTICATED, "A bearer token is required"));
      return;
    }
    tokens
        .verify(header.substring(7).trim())
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
                          return session;
                        }))
        .onSuccess(
            session -> {
              RequestLogContext.put("organizationId", session.organizationId());
              RequestLogContext.put("userId", session.userId());
              ctx.put(RequestScope.SESSION, session);
              ctx.put(
                  RequestScope.TENANT,
                  new TenantContext(
                      session.organizationId(),
                      session.userId(),
                      session.role(),
                      session.permissions(),
                      session.partnerId()));
              ctx.next();
            })
        .onFailure(ctx::fail);
  }
}
