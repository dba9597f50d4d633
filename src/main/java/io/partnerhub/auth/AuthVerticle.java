package io.partnerhub.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.user.Passwords;
import io.vertx.core.Future;

/**
 * Serves login and password changes on the bus: checks credentials and opens (or ends) sessions.
 */
public final class AuthVerticle extends ServiceVerticle {
  private Passwords passwords;

  public AuthVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    passwords = new Passwords(vertx, config);
    TokenService tokens = TokenService.fromConfig(vertx, config);
    AttemptThrottle throttle =
        new AttemptThrottle(
            redis,
            "login-failures",
            "Too many failed logins, retry later",
            config.integer(Setting.LOGIN_MAX_FAILURES_PER_ACCOUNT),
            config.integer(Setting.LOGIN_MAX_FAILURES_PER_IP),
            config.integer(Setting.LOGIN_WINDOW_SECONDS));
    AuthService service =
        new AuthService(
            new AuthRepository(database),
            passwords,
            new LoginSessions(tokens, new SessionStore(redis)),
            new SessionStore(redis),
            throttle,
            metrics);
    PasswordResetService resets =
        new PasswordResetService(
            database,
            new AuthRepository(database),
            passwords,
            new SessionStore(redis),
            new AttemptThrottle(
                redis,
                "password-resets",
                "Too many password-reset requests, retry later",
                config.integer(Setting.RESET_MAX_PER_ACCOUNT),
                config.integer(Setting.RESET_MAX_PER_IP),
                config.integer(Setting.SELF_SERVICE_WINDOW_SECONDS)),
            new MailLinks(config));
    serve(AuthApi.PASSWORD_RESET, resets::request);
    serve(AuthApi.PASSWORD_RESET_CONFIRM, resets::confirm);
    serve(AuthApi.LOGIN, service::login);
    serve(AuthApi.CHANGE_PASSWORD, service::changePassword);
  }

  @Override
  public Future<?> stop() {
    return passwords.close().compose(closed -> super.stop());
  }
}
