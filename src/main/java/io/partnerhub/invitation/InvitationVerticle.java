package io.partnerhub.invitation;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.auth.AttemptThrottle;
import io.partnerhub.auth.LoginSessions;
import io.partnerhub.auth.TokenService;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.user.Passwords;
import io.partnerhub.user.UserService;
import io.vertx.core.Future;

/** Serves invitations on the bus. */
public final class InvitationVerticle extends ServiceVerticle {
  private Passwords passwords;

  public InvitationVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    passwords = new Passwords(vertx, config);
    SessionStore sessions = new SessionStore(redis);
    InvitationService service =
        new InvitationService(
            database,
            new Inviter(new UserService(database, passwords, sessions), new MailLinks(config)),
            passwords,
            new LoginSessions(TokenService.fromConfig(vertx, config), sessions),
            new AttemptThrottle(
                redis,
                "invitations",
                "Too many invitations to this address or from you, retry later",
                config.integer(Setting.INVITATIONS_MAX_PER_ADDRESS),
                config.integer(Setting.INVITATIONS_MAX_PER_INVITER),
                config.integer(Setting.SELF_SERVICE_WINDOW_SECONDS)));
    serve(InvitationApi.CREATE, service::create);
    serve(InvitationApi.LIST, service::list);
    serve(InvitationApi.GET, service::get);
    serve(InvitationApi.REVOKE, service::revoke);
    serve(InvitationApi.RESEND, service::resend);
    serve(InvitationApi.ACCEPT, service::accept);
  }

  @Override
  public Future<?> stop() {
    return passwords.close().compose(closed -> super.stop());
  }
}
