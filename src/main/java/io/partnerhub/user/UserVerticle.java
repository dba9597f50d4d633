package io.partnerhub.user;

import io.micrometer.core.instrument.MeterRegistry;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;

/** Serves user management on the bus. */
public final class UserVerticle extends ServiceVerticle {
  private Passwords passwords;

  public UserVerticle(Settings config, MeterRegistry metrics) {
    super(config, metrics);
  }

  @Override
  protected void serveEndpoints() {
    passwords = new Passwords(vertx, config);
    UserService service = new UserService(database, passwords, new SessionStore(redis));
    serve(UserApi.LIST, service::list);
    serve(UserApi.GET, service::get);
    serve(UserApi.CREATE, service::create);
    serve(UserApi.UPDATE, service::update);
    serve(UserApi.DEACTIVATE, service::deactivate);
    TeamService team = new TeamService(database, service);
    serve(UserApi.TEAM_LIST, team::list);
    serve(UserApi.TEAM_GET, team::get);
    serve(UserApi.TEAM_UPDATE, team::update);
    serve(UserApi.TEAM_DEACTIVATE, team::deactivate);
  }

  @Override
  public Future<?> stop() {
    return passwords.close().compose(closed -> super.stop());
  }
}
