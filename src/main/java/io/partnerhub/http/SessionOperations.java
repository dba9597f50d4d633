package io.partnerhub.http;

import io.partnerhub.auth.AuthApi;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.cache.SessionStore.Session;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.recruitment.RecruitmentApi;
import io.partnerhub.user.UserApi.UserStatus;
import io.partnerhub.user.UserApi.UserView;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The operations that are not "a record in, a reply out", bound by operationId: login, password
 * change, password-reset requests and partner applications need the client's address, logout and
 * /auth/me the session itself.
 */
final class SessionOperations {
  private final BusExchange exchange;
  private final SessionStore sessions;

  SessionOperations(BusExchange exchange, SessionStore sessions) {
    this.exchange = exchange;
    this.sessions = sessions;
  }

  void bind(OperationBinder binder) {
    binder
        .handle("login", this::login)
        .handle("logout", this::logout)
        .handle("me", this::me)
        .handle("changePassword", this::changePassword)
        .handle("requestPasswordReset", this::requestPasswordReset)
        .handle("submitPartnerApplication", this::submitPartnerApplication);
  }

  private void login(RoutingContext ctx) {
    fromAddress(
        ctx,
        AuthApi.LOGIN,
        200,
        (body, address) ->
            new AuthApi.LoginRequest(
                body.getString("email"),
                body.getString("password"),
                body.getString("subdomain"),
                address));
  }

  private void requestPasswordReset(RoutingContext ctx) {
    fromAddress(
        ctx,
        AuthApi.PASSWORD_RESET,
        202,
        (body, address) ->
            new AuthApi.RequestPasswordReset(
                body.getString("email"), body.getString("subdomain"), address));
  }

  private void submitPartnerApplication(RoutingContext ctx) {
    fromAddress(
        ctx,
        RecruitmentApi.SUBMIT,
        202,
        (body, address) ->
            new RecruitmentApi.SubmitApplication(
                body.getString("subdomain"),
                body.getString("companyName"),
                body.getString("contactName"),
                body.getString("contactEmail"),
                body.getString("partnerType"),
                body.getString("website"),
                body.getString("message"),
                body.getJsonObject("customFields"),
                body.getString("nickname"),
                address));
  }

  /**
   * A public operation throttled per client address: its record from the body and that address,
   * answered with {@code status}.
   */
  private <Q, R> void fromAddress(
      RoutingContext ctx,
      Endpoint<Q, R> endpoint,
      int status,
      BiFunction<JsonObject, String, Q> request) {
    JsonObject body = ctx.get(RequestScope.INPUT);
    exchange
        .call(ctx, endpoint, request.apply(body, ctx.request().remoteAddress().hostAddress()))
        .onSuccess(result -> exchange.respond(ctx, status, result))
        .onFailure(ctx::fail);
  }

  private void changePassword(RoutingContext ctx) {
    JsonObject body = ctx.get(RequestScope.INPUT);
    Session session = session(ctx);
    var request =
        new AuthApi.ChangePassword(
            RequestScope.tenant(ctx),
            session.id(),
            body.getString("currentPassword"),
            body.getString("newPassword"),
            ctx.request().remoteAddress().hostAddress());
    exchange
        .call(ctx, AuthApi.CHANGE_PASSWORD, request)
        .onSuccess(changed -> BusExchange.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    Session session = session(ctx);
    sessions.delete(session).onSuccess(done -> BusExchange.noContent(ctx)).onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Session session = session(ctx);
    TenantContext tenant = RequestScope.tenant(ctx);
    UserView user =
        new UserView(
            session.userId(),
            session.organizationId(),
            session.email(),
            session.role(),
            UserStatus.ACTIVE,
            session.partnerId());
    exchange.respond(
        ctx,
        200,
        new JsonObject()
            .put("user", JsonObject.mapFrom(user))
            .put("permissions", new TreeSet<>(tenant.permissions()).stream().toList()));
  }

  /** The caller's login session; an API key has none (it cannot log out or change a password). */
  private static Session session(RoutingContext ctx) {
    Session session = ctx.get(RequestScope.SESSION);
    if (session == null) {
      throw new ServiceException(FailureCode.FORBIDDEN, "An API key has no login session");
    }
    return session;
  }
}
