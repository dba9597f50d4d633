package io.partnerhub.user;

import java.util.Map;
import java.util.Set;

/**
 * Built-in roles and their permissions ({@code <resource>:<read|write|approve>}). A tenant may override
 * them through configuration category {@code roles}; these are the defaults.
 */
public final class Roles {
  public static final String ADMIN = "admin";
  public static final String MANAGER = "manager";
  public static final String PARTNER_USER = "partner_user";
  public static final String VIEWER = "viewer";

  private static final Map<String, Set<String>> BUILT_IN = Map.of(
      ADMIN, Set.of("configurations:read", "configurations:write", "users:read", "users:write",
          "partners:read", "partners:write", "opportunities:read", "opportunities:write", "opportunities:approve",
          "commissions:read", "commissions:approve", "dashboard:read"),
      MANAGER, Set.of("configurations:read", "users:read", "partners:read", "partners:write",
          "opportunities:read", "opportunities:write", "opportunities:approve", "commissions:read", "dashboard:read"),
      PARTNER_USER, Set.of("partners:read", "opportunities:read", "opportunities:write", "commissions:read",
          "dashboard:read"),
      VIEWER, Set.of("configurations:read", "partners:read", "opportunities:read", "commissions:read", "dashboard:read"));

  private Roles() {
  }

  public static boolean isBuiltIn(String role) {
    return BUILT_IN.containsKey(role);
  }

  /** The role's permissions; an unknown role has none. */
  public static Set<String> permissionsOf(String role) {
    return BUILT_IN.getOrDefault(role, Set.of());
  }
}
