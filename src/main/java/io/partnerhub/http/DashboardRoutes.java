package io.partnerhub.http;

import io.partnerhub.dashboard.DashboardApi;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** GET /dashboard?from=&to=: the tenant's (or a partner user's own) figures for a period. */
final class DashboardRoutes {
  private final Api api;

  DashboardRoutes(Api api) {
    this.api = api;
  }

  void mount(Router router) {
    router.get("/api/v1/dashboard").handler(this::get);
  }

  private void get(RoutingContext ctx) {
    var params = ctx.request().params();
    api.call(ctx, DashboardApi.GET, new DashboardApi.GetDashboard(Api.tenant(ctx), params.get("from"), params.get("to")))
        .onSuccess(dashboard -> api.respond(ctx, 200, dashboard)).onFailure(ctx::fail);
  }
}
