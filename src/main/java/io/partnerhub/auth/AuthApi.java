package io.partnerhub.auth;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.user.UserView;
import java.time.Instant;
import java.util.List;

/** Event-bus API of authentication. */
public final class AuthApi {
  private AuthApi() {
  }

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

  public static final Endpoint<LoginRequest, LoginResult> LOGIN =
      Endpoint.of("partnerhub.auth.login", LoginRequest.class, LoginResult.class, null);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(LOGIN);
}
