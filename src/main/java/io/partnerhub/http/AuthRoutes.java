package io.partnerhub.http;

import io.partnerhub.auth.AuthApi;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.cache.SessionStore.Session;
import io.partnerhub.user.UserView;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;
import java.util.TreeSet;

/** POST /auth/login (public), POST /auth/logout and GET /auth/me (authenticated). */
final class AuthRoutes {
  private final Api api;
  private final SessionStore sessions;
  private final Validator loginSchema;

  AuthRoutes(Api api, SessionStore sessions, Validator loginSchema) {
    this.api = api;
    this.sessions = sessions;
    this.loginSchema = loginSchema;
  }

  void mountPublic(Router router) {
    router.post("/api/v1/auth/login").handler(this::login);
  }

  void mountAuthenticated(Router router) {
    router.post("/api/v1/auth/logout").handler(this::logout);
    router.get("/api/v1/auth/me").handler(this::me);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, loginSchema);
    AuthApi.LoginRequest request = new AuthApi.LoginRequest(body.getString("email"), body.getString("password"),
        body.getString("subdomain"), ctx.request().remoteAddress().hostAddress());
    api.call(ctx, AuthApi.LOGIN, request).onSuccess(result -> api.respond(ctx, 200, result)).onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    Session session = ctx.get(Api.SESSION);
    sessions.delete(session).onSuccess(done -> Api.noContent(ctx)).onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Session session = ctx.get(Api.SESSION);
    TenantContext tenant = Api.tenant(ctx);
    UserView user = new UserView(session.userId(), session.organizationId(), session.email(), session.role(), "active",
        session.partnerId());
    api.respond(ctx, 200, new JsonObject().put("user", JsonObject.mapFrom(user))
        .put("permissions", new TreeSet<>(tenant.permissions()).stream().toList()));
  }
}
