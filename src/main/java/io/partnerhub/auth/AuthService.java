package io.partnerhub.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.auth.AuthApi.ChangePassword;
import io.partnerhub.auth.AuthApi.LoginRequest;
import io.partnerhub.auth.AuthApi.LoginResult;
import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.input.Emails;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.user.Passwords;
import io.partnerhub.user.UserApi.UserStatus;
import io.partnerhub.user.UserApi.UserView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Login: a throttle slot (given back on success), password check off the event loop (a decoy check
 * when the account is unknown), then a token and its Redis session. Unknown organization, unknown
 * e-mail, inactive user, a user of a suspended or terminated partner and wrong password all give
 * the same UNAUTHENTICATED answer.
 */
final class AuthService {
  private final AuthRepository repository;
  private final Passwords passwords;
  private final LoginSessions logins;
  private final SessionStore sessions;
  private final AttemptThrottle throttle;
  private final Counter failures;

  AuthService(
      AuthRepository repository,
      Passwords passwords,
      LoginSessions logins,
      SessionStore sessions,
      AttemptThrottle throttle,
      MeterRegistry metrics) {
    this.failures =
        Counter.builder("partnerhub.login.failures")
            .description("Logins refused for bad credentials")
            .register(metrics);
    this.repository = repository;
    this.passwords = passwords;
    this.logins = logins;
    this.sessions = sessions;
    this.throttle = throttle;
  }

  Future<LoginResult> login(LoginRequest request) {
    // the address as stored: an upper-case or fullwidth variant is the same account, and the same
    // throttle
    String email = Emails.normalize(request.email());
    String accountKey = throttle.accountKey(request.subdomain(), email);
    return throttle
        .acquire(accountKey, request.clientIp())
        .compose(ok -> repository.find(request.subdomain(), email))
        .compose(
            user ->
                passwords
                    .verify(request.password(), user == null ? null : user.passwordHash())
                    .compose(
                        matches -> {
                          if (matches && mayLogIn(user)) {
                            return throttle
                                .release(accountKey, request.clientIp())
                                .compose(released -> startSession(user));
                          }
                          failures.increment();
                          return Future.failedFuture(
                              new ServiceException(
                                  FailureCode.UNAUTHENTICATED,
                                  "Invalid email, password or organization"));
                        }));
  }

  /**
   * The current password is checked like a login guess (same throttle slot for the account and the
   * client IP), so a stolen session cannot be used to guess it faster than a login could. A wrong
   * one is 400 on currentPassword, never 401: the session is fine and the client must not take it
   * for an expired token.
   */
  Future<Void> changePassword(ChangePassword request) {
    TenantContext context = request.context();
    if (context == null || !context.isComplete()) {
      throw new ServiceException(
          FailureCode.UNAUTHENTICATED, "A complete TenantContext is required");
    }
    // no permission is needed, so ServiceBus checks nothing: only an issued context changes a
    // password
    Contexts.verify(context);
    context.requireUser("change passwords");
    return repository
        .account(context)
        .compose(
            account -> {
              if (account == null) {
                return Future.failedFuture(
                    new ServiceException(FailureCode.UNAUTHENTICATED, "No such active user"));
              }
              String accountKey = throttle.accountKey(account.subdomain(), account.email());
              return throttle
                  .acquire(accountKey, request.clientIp())
                  .compose(
                      ok -> passwords.verify(request.currentPassword(), account.passwordHash()))
                  .compose(
                      matches -> {
                        if (!matches) {
                          failures.increment();
                          return Future.failedFuture(
                              ServiceException.validation(
                                  "The current password is not correct",
                                  new JsonObject()
                                      .put(
                                          "currentPassword",
                                          "does not match the current password")));
                        }
                        return throttle
                            .release(accountKey, request.clientIp())
                            .compose(
                                released -> passwords.hashNew("newPassword", request.newPassword()))
                            .compose(hash -> repository.setPasswordHash(context, hash))
                            .compose(
                                saved ->
                                    sessions.revokeOtherSessions(
                                        context.userId(), request.sessionId()));
                      });
            });
  }

  /** An active user, and for a partner user a partner that is not suspended or terminated. */
  private static boolean mayLogIn(AuthRepository.Credentials user) {
    return user.status() == UserStatus.ACTIVE
        && (user.partnerStatus() == null || !user.partnerStatus().barred());
  }

  private Future<LoginResult> startSession(AuthRepository.Credentials user) {
    return logins.open(
        new UserView(
            user.userId(),
            user.organizationId(),
            user.email(),
            user.role(),
            user.status(),
            user.partnerId()),
        user.roleOverride());
  }
}
