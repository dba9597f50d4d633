package io.partnerhub.opportunity;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.jobs.RunLoop;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the opportunity API on the bus and, on the node holding the {@code opportunity-expiry}
 * lease, runs the expiry sweep; on the node holding {@code opportunity-reminders}, the reminders.
 */
public final class OpportunityVerticle extends ServiceVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(OpportunityVerticle.class);

  public OpportunityVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    OpportunityService service = new OpportunityService(database);
    serve(OpportunityApi.REGISTER, service::register);
    serve(OpportunityApi.LIST, service::list);
    serve(OpportunityApi.GET, service::get);
    serve(OpportunityApi.UPDATE, service::update);
    serve(OpportunityApi.APPROVE_REGISTRATION, service::approve);
    serve(OpportunityApi.REJECT_REGISTRATION, service::reject);
    serve(OpportunityApi.STAGE_HISTORY, service::stageHistory);
    serve(OpportunityApi.EXPIRE_REGISTRATIONS, sweep -> service.expireRegistrations());
    serve(OpportunityApi.SEND_REMINDERS, run -> service.sendReminders());
    long reminders = config.integer(Setting.REMINDER_INTERVAL_SECONDS) * 1000L;
    if (reminders > 0) {
      RunLoop loop =
          new RunLoop(
              vertx, "Reminders", () -> service.sendReminders().map(run -> RunLoop.WHEN_WOKEN));
      whileHolding("opportunity-reminders", () -> loop.start(reminders), loop::stop);
    }
    long interval = config.integer(Setting.EXPIRY_INTERVAL_SECONDS) * 1000L;
    if (interval > 0) {
      long[] timer = {-1};
      whileHolding(
          "opportunity-expiry",
          () ->
              timer[0] =
                  vertx.setPeriodic(
                      interval,
                      interval,
                      tick ->
                          service
                              .expireRegistrations()
                              .onSuccess(
                                  run ->
                                      LOG.debug(
                                          "Expiry sweep: {} registrations expired", run.expired()))
                              .onFailure(
                                  failure ->
                                      LOG.warn("Expiry sweep failed: {}", failure.getMessage()))),
          () -> vertx.cancelTimer(timer[0]));
    }
  }
}
