package io.partnerhub.auth;

import io.partnerhub.auth.AuthApi.LoginRequest;
import io.partnerhub.auth.AuthApi.LoginResult;
import io.partnerhub.bus.FailureCode;
import io.partnerhub.bus.ServiceException;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.cache.SessionStore.Session;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.user.Roles;
import io.partnerhub.user.UserView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

/**
 * Login: a throttle slot (given back on success), password check off the event loop (a decoy check when
 * the account is unknown), then a token and its Redis session. Unknown organization, unknown e-mail,
 * inactive user, a user of a suspended or terminated partner and wrong password all give the same
 * UNAUTHENTICATED answer.
 */
final class AuthService {
  private final AuthRepository repository;
  private final Passwords passwords;
  private final TokenService tokens;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final Counter failures;

  AuthService(AuthRepository repository, Passwords passwords, TokenService tokens, SessionStore sessions,
              LoginThrottle throttle, MeterRegistry metrics) {
    this.failures = Counter.builder("partnerhub.login.failures").description("Logins refused for bad credentials")
        .register(metrics);
    this.repository = repository;
    this.passwords = passwords;
    this.tokens = tokens;
    this.sessions = sessions;
    this.throttle = throttle;
  }

  Future<LoginResult> login(LoginRequest request) {
    if (request.email() == null || request.password() == null || request.subdomain() == null) {
      throw ServiceException.validation("email, password and subdomain are required", null);
    }
    String accountKey = LoginThrottle.accountKey(request.subdomain(), request.email());
    return throttle.acquire(accountKey, request.clientIp())
        .compose(ok -> repository.find(request.subdomain(), request.email()))
        .compose(user -> passwords.verify(request.password(), user == null ? null : user.passwordHash())
            .compose(matches -> {
              if (matches && mayLogIn(user)) {
                return throttle.release(accountKey, request.clientIp()).compose(released -> startSession(user));
              }
              failures.increment();
              return Future.failedFuture(
                  new ServiceException(FailureCode.UNAUTHENTICATED, "Invalid email, password or organization"));
            }));
  }

  /** An active user, and for a partner user a partner that is not suspended or terminated. */
  private static boolean mayLogIn(AuthRepository.Credentials user) {
    return "active".equals(user.status())
        && (user.partnerStatus() == null || !PartnerApi.BARRED.contains(user.partnerStatus()));
  }

  private Future<LoginResult> startSession(AuthRepository.Credentials user) {
    TokenService.IssuedToken issued = tokens.issue(user.userId(), user.organizationId());
    Session session = new Session(issued.sessionId(), user.userId(), user.organizationId(), user.email(), user.role(),
        user.partnerId(), Roles.effectivePermissions(user.role(), user.roleOverride()), issued.expiresAt().getEpochSecond());
    UserView view = new UserView(user.userId(), user.organizationId(), user.email(), user.role(), user.status(),
        user.partnerId());
    return sessions.create(session, tokens.ttlSeconds())
        .map(created -> new LoginResult(issued.token(), issued.expiresAt(), view));
  }
}
