package io.partnerhub.recruitment;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.auth.AttemptThrottle;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.invitation.Inviter;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.organization.OrganizationService;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.user.Passwords;
import io.partnerhub.user.UserService;
import io.vertx.core.Future;

/** Serves partner recruitment on the bus. */
public final class RecruitmentVerticle extends ServiceVerticle {
  private Passwords passwords;

  public RecruitmentVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    passwords = new Passwords(vertx, config);
    RecruitmentService service =
        new RecruitmentService(
            database,
            new OrganizationService(database, passwords),
            new Inviter(
                new UserService(database, passwords, new SessionStore(redis)),
                new MailLinks(config)),
            new AttemptThrottle(
                redis,
                "applications",
                "Too many applications, retry later",
                1,
                config.integer(Setting.APPLICATIONS_MAX_PER_IP),
                config.integer(Setting.SELF_SERVICE_WINDOW_SECONDS)));
    serve(RecruitmentApi.SUBMIT, service::submit);
    serve(RecruitmentApi.LIST, service::list);
    serve(RecruitmentApi.GET, service::get);
    serve(RecruitmentApi.APPROVE, service::approve);
    serve(RecruitmentApi.REJECT, service::reject);
    serve(RecruitmentApi.AGREEMENT, service::agreement);
    serve(RecruitmentApi.ACCEPT_AGREEMENT, service::acceptAgreement);
  }

  @Override
  public Future<?> stop() {
    return passwords.close().compose(closed -> super.stop());
  }
}
