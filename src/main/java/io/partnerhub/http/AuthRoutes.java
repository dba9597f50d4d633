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

/** POST /auth/login (public), POST /auth/logout, GET /auth/me and POST /auth/password (authenticated). */
final class AuthRoutes {
  private final Api api;
  private final SessionStore sessions;
  private final Validator loginSchema;
  private final Validator passwordSchema;

  AuthRoutes(Api api, SessionStore sessions, Validator loginSchema, Validator passwordSchema) {
    this.api = api;
    this.sessions = sessions;
    this.loginSchema = loginSchema;
    this.passwordSchema = passwordSchema;
  }

  void mountPublic(Router router) {
    router.post("/api/v1/auth/login").handler(this::login);
  }

  void mountAuthenticated(Router router) {
    router.post("/api/v1/auth/logout").handler(this::logout);
    router.get("/api/v1/auth/me").handler(this::me);
    router.post("/api/v1/auth/password").handler(this::changePassword);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, loginSchema);
    AuthApi.LoginRequest request = new AuthApi.LoginRequest(body.getString("email"), body.getString("password"),
        body.getString("subdomain"), ctx.request().remoteAddress().hostAddress());
    api.call(ctx, AuthApi.LOGIN, request).onSuccess(result -> api.respond(ctx, 200, result)).onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, passwordSchema);
    Session session = ctx.get(Api.SESSION);
    var request = new AuthApi.ChangePassword(Api.tenant(ctx), session.id(), body.getString("currentPassword"),
        body.getString("newPassword"), ctx.request().remoteAddress().hostAddress());
    api.call(ctx, AuthApi.CHANGE_PASSWORD, request).onSuccess(changed -> Api.noContent(ctx)).onFailure(ctx::fail);
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
