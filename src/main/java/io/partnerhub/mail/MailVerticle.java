package io.partnerhub.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.db.DbUrl;
import io.partnerhub.jobs.RetrySchedule;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Serves the dead letters and sends the mail queue, on the one node of the cluster that holds the
 * {@code mail} lease (unless PARTNERHUB_MAIL_DISPATCH is off here).
 */
public final class MailVerticle extends ServiceVerticle {
  private MailSender sender;

  public MailVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    DeadLetters deadLetters = new DeadLetters(database);
    serve(MailApi.DEAD_LETTERS, deadLetters::list);
    serve(MailApi.RESEND, deadLetters::resend);
    if (!config.flag(Setting.MAIL_DISPATCH)) {
      return;
    }
    long timeout = config.integer(Setting.MAIL_TIMEOUT_MS);
    sender =
        new MailSender(
            vertx,
            SmtpUrl.parse(config.require(Setting.SMTP_URL)),
            config.require(Setting.MAIL_FROM),
            timeout);
    DbUrl url = DbUrl.parse(config.require(Setting.DB_URL));
    MailDispatcher dispatcher =
        new MailDispatcher(
            vertx,
            database,
            sender,
            new RetrySchedule(
                config.integer(Setting.MAIL_RETRY_BASE_MS),
                config.integer(Setting.MAIL_RETRY_MAX_DELAY_MS),
                config.integer(Setting.MAIL_MAX_ATTEMPTS)),
            MailLinks.base(config),
            timeout,
            Duration.ofDays(config.integer(Setting.MAIL_RETENTION_DAYS)),
            url.connectOptions()
                .addProperty(
                    "application_name", config.require(Setting.DB_APPLICATION_NAME) + "-mail"));
    int poll = config.integer(Setting.MAIL_POLL_MS);
    whileHolding("mail", () -> dispatcher.start(poll), dispatcher::stop);
  }

  @Override
  public Future<?> stop() {
    return super.stop()
        .eventually(
            () -> {
              if (sender != null) {
                sender.close();
              }
              return Future.succeededFuture();
            });
  }
}
