package io.partnerhub.auth;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.user.UserApi.UserView;
import java.time.Instant;
import java.util.List;

/** Event-bus API of authentication. */
public final class AuthApi {
  private AuthApi() {}

  /** A login attempt; {@code clientIp} feeds per-IP throttling. */
  public record LoginRequest(String email, String password, String subdomain, String clientIp) {
    @Override
    public String toString() {
      return "LoginRequest[email=" + email + ", subdomain=" + subdomain + ", password=***]";
    }
  }

  public record LoginResult(String token, Instant expiresAt, UserView user) {
    @Override
    public String toString() {
      return "LoginResult[user=" + user + ", token=***]";
    }
  }

  /**
   * The logged-in user changes its own password; its other sessions end, {@code sessionId} (the one
   * asking) stays. No permission: any complete context may, for itself only.
   */
  public record ChangePassword(
      TenantContext context,
      String sessionId,
      String currentPassword,
      String newPassword,
      String clientIp)
      implements TenantRequest {
    @Override
    public String toString() {
      return "ChangePassword[userId="
          + (context == null ? null : context.userId())
          + ", passwords=***]";
    }
  }

  /** Mails a reset link when the account exists; the answer never says whether it does. */
  public record RequestPasswordReset(String email, String subdomain, String clientIp) {}

  /** The one answer to a reset request. */
  public record PasswordResetAccepted(String message) {}

  /** No tenant: the token names it. */
  public record ConfirmPasswordReset(String token, String password) {
    @Override
    public String toString() {
      return "ConfirmPasswordReset[token=***, password=***]";
    }
  }

  public static final Endpoint<LoginRequest, LoginResult> LOGIN =
      Endpoint.of("partnerhub.auth.login", LoginRequest.class, LoginResult.class, null);
  public static final Endpoint<ChangePassword, Void> CHANGE_PASSWORD =
      Endpoint.of("partnerhub.auth.change-password", ChangePassword.class, Void.class, null);

  public static final Endpoint<RequestPasswordReset, PasswordResetAccepted> PASSWORD_RESET =
      Endpoint.of(
          "partnerhub.auth.password-reset",
          RequestPasswordReset.class,
          PasswordResetAccepted.class,
          null);
  public static final Endpoint<ConfirmPasswordReset, Void> PASSWORD_RESET_CONFIRM =
      Endpoint.of(
          "partnerhub.auth.password-reset-confirm", ConfirmPasswordReset.class, Void.class, null);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(LOGIN, CHANGE_PASSWORD, PASSWORD_RESET, PASSWORD_RESET_CONFIRM);
}
