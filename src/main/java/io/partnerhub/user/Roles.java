package io.partnerhub.user;

import java.util.Map;
import java.util.Set;

/**
 * Built-in roles and their permissions ({@code <resource>:<read|write|approve>}). A tenant may
 * override them, or define roles of its own, through configuration category {@code roles}.
 */
public final class Roles {
  public static final String ADMIN = "admin";
  public static final String MANAGER = "manager";
  public static final String PARTNER_USER = "partner_user";

  /** A partner user who also manages its own partner's users ({@code team:*}). */
  public static final String PARTNER_ADMIN = "partner_admin";

  public static final String VIEWER = "viewer";

  /** The roles bound to a partner: their users act for that partner only (RLS). */
  public static final Set<String> PARTNER_ROLES = Set.of(PARTNER_USER, PARTNER_ADMIN);

  private static final Set<String> PARTNER_USER_PERMISSIONS =
      Set.of(
          "partners:read",
          "partners:write",
          "opportunities:read",
          "opportunities:write",
          "commissions:read",
          "dashboard:read",
          "events:read",
          "notifications:read",
          "notifications:write");

  private static final Map<String, Set<String>> BUILT_IN =
      Map.of(
          ADMIN,
              Set.of(
                  "configurations:read",
                  "configurations:write",
                  "users:read",
                  "users:write",
                  "partners:read",
                  "partners:write",
                  "opportunities:read",
                  "opportunities:write",
                  "opportunities:approve",
                  "commissions:read",
                  "commissions:approve",
                  "dashboard:read",
                  "api_keys:read",
                  "api_keys:write",
                  "events:read",
                  "notifications:read",
                  "notifications:write",
                  "webhooks:read",
                  "webhooks:write",
                  "mail:read",
                  "mail:write",
                  "team:read",
                  "team:write"),
          MANAGER,
              Set.of(
                  "configurations:read",
                  "users:read",
                  "partners:read",
                  "partners:write",
                  "opportunities:read",
                  "opportunities:write",
                  "opportunities:approve",
                  "commissions:read",
                  "dashboard:read",
                  "events:read",
                  "notifications:read",
                  "notifications:write"),
          PARTNER_USER, PARTNER_USER_PERMISSIONS,
          PARTNER_ADMIN, with(PARTNER_USER_PERMISSIONS, "team:read", "team:write"),
          VIEWER,
              Set.of(
                  "configurations:read",
                  "partners:read",
                  "opportunities:read",
                  "commissions:read",
                  "dashboard:read",
                  "events:read",
                  "notifications:read",
                  "notifications:write"));

  private static Set<String> with(Set<String> permissions, String... more) {
    Set<String> all = new java.util.HashSet<>(permissions);
    all.addAll(Set.of(more));
    return Set.copyOf(all);
  }

  /** Every permission there is: the admin's set. */
  public static final Set<String> ALL_PERMISSIONS = BUILT_IN.get(ADMIN);

  private static final java.util.regex.Pattern ROLE_NAME =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private Roles() {}

  /** The built-in roles, in a stable order. */
  public static final java.util.List<String> BUILT_IN_ROLES =
      java.util.List.of(ADMIN, MANAGER, PARTNER_USER, PARTNER_ADMIN, VIEWER);

  public static boolean isBuiltIn(String role) {
    return BUILT_IN.containsKey(role);
  }

  /** Whether users of {@code role} belong to a partner (and must name one). */
  public static boolean isPartnerRole(String role) {
    return PARTNER_ROLES.contains(role);
  }

  /**
   * Permissions no partner user may hold, whatever a tenant's override says: they act on the whole
   * tenant.
   */
  public static final Set<String> VENDOR_ONLY =
      Set.of(
          "configurations:write",
          "users:read",
          "users:write",
          "opportunities:approve",
          "commissions:approve",
          "api_keys:read",
          "api_keys:write",
          "webhooks:read",
          "webhooks:write",
          "mail:read",
          "mail:write");

  public static boolean isValidName(String role) {
    return role != null && ROLE_NAME.matcher(role).matches();
  }

  /** The built-in role's permissions; an unknown role has none. */
  public static Set<String> permissionsOf(String role) {
    return BUILT_IN.getOrDefault(role, Set.of());
  }

  /**
   * The permissions a role has in a tenant: the tenant's override from configuration category
   * {@code roles} (a JSON array of permission names) when there is one, else the built-in set. The
   * admin role is never overridden, so a tenant cannot lock itself out, and a partner user never
   * gets a {@link #VENDOR_ONLY} permission.
   */
  public static Set<String> effectivePermissions(String role, Object override) {
    if (ADMIN.equals(role) || !(override instanceof io.vertx.core.json.JsonArray list)) {
      return permissionsOf(role);
    }
    Set<String> permissions = new java.util.TreeSet<>();
    for (Object permission : list) {
      if (permission instanceof String name
          && ALL_PERMISSIONS.contains(name)
          && !(isPartnerRole(role) && VENDOR_ONLY.contains(name))) {
        permissions.add(name);
      }
    }
    return permissions;
  }
}
