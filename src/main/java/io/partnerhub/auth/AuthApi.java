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

  public static final Endpoint<LoginRequest, LoginResult> LOGIN =
      Endpoint.of("partnerhub.auth.login", LoginRequest.class, LoginResult.class, null);
  public static final Endpoint<ChangePassword, Void> CHANGE_PASSWORD =
      Endpoint.of("partnerhub.auth.change-password", ChangePassword.class, Void.class, null);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(LOGIN, CHANGE_PASSWORD);
}
