package io.partnerhub.auth;

import io.partnerhub.auth.AuthApi.LoginResult;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.cache.SessionStore.Session;
import io.partnerhub.user.Roles;
import io.partnerhub.user.UserApi.UserView;
import io.vertx.core.Future;

/**
 * Logging a user in once its identity is proven (a password, an accepted invitation): a token and
 * its Redis session, holding the role's permissions in the tenant as resolved now.
 */
public final class LoginSessions {
  private final TokenService tokens;
  private final SessionStore sessions;

  public LoginSessions(TokenService tokens, SessionStore sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  /** {@code roleOverride}: the tenant's override of the user's role (category roles), or null. */
  public Future<LoginResult> open(UserView user, Object roleOverride) {
    TokenService.IssuedToken issued = tokens.issue(user.id(), user.organizationId());
    Session session =
        new Session(
            issued.sessionId(),
            user.id(),
            user.organizationId(),
            user.email(),
            user.role(),
            user.partnerId(),
            Roles.effectivePermissions(user.role(), roleOverride),
            issued.expiresAt().getEpochSecond());
    return sessions
        .create(session, tokens.ttlSeconds())
        .map(created -> new LoginResult(issued.token(), issued.expiresAt(), user));
  }
}
