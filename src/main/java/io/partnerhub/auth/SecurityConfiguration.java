package io.partnerhub.auth;

import io.partnerhub.configuration.ReservedCategory;
import io.partnerhub.configuration.ReservedKey;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Configuration category {@code security}: how long a tenant's one-time links live. An invitation
 * ({@code invitationTtlHours}, 1 to 720, default 168 = a week) and a password reset ({@code
 * resetTtlMinutes}, 5 to 1440, default 30).
 */
public final class SecurityConfiguration {
  public static final String INVITATION_TTL_HOURS = "invitationTtlHours";
  public static final String RESET_TTL_MINUTES = "resetTtlMinutes";

  public static final ReservedCategory CATEGORY =
      new ReservedCategory(
          "security",
          Map.of(
              INVITATION_TTL_HOURS,
              new ReservedKey("integer", range(1, 720), 168),
              RESET_TTL_MINUTES,
              new ReservedKey("integer", range(5, 1440), 30)));

  private SecurityConfiguration() {}

  private static JsonObject range(int min, int max) {
    return new JsonObject().put("type", "integer").put("minimum", min).put("maximum", max);
  }
}
