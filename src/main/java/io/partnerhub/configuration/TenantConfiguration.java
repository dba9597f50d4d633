package io.partnerhub.configuration;

import io.partnerhub.configuration.ConfigurationApi.ConfigurationValue;
import io.partnerhub.user.Roles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration PartnerHub reads from a tenant: the reserved categories the features declare
 * ({@link ReservedCategory}), plus category {@code roles} (role overrides, keyed by role name), and
 * the precedence by which a key's effective value is found. Every read of a configuration value, by
 * a service or by a client, resolves here.
 */
final class TenantConfiguration {
  static final String ROLES = "roles";
  private static final ConfigurationRepository REPOSITORY = new ConfigurationRepository();

  private final Map<String, ReservedCategory> categories;

  TenantConfiguration(List<ReservedCategory> categories) {
    this.categories =
        categories.stream()
            .collect(Collectors.toUnmodifiableMap(ReservedCategory::name, Function.identity()));
  }

  /** Role overrides: key = role name (admin cannot be overridden), value = its permissions. */
  private static ReservedKey role() {
    JsonObject schema =
        new JsonObject()
            .put("type", "array")
            .put("uniqueItems", true)
            .put(
                "items",
                new JsonObject().put("enum", new JsonArray(List.copyOf(Roles.ALL_PERMISSIONS))));
    return new ReservedKey("array", schema, null);
  }

  /** The reserved key's definition, or null when the category/key is free-form. */
  ReservedKey reserved(String category, String key) {
    if (ROLES.equals(category)) {
      return role();
    }
    ReservedCategory reserved = categories.get(category);
    return reserved == null ? null : reserved.keys().get(key);
  }

  boolean isReservedCategory(String category) {
    return categories.containsKey(category) || ROLES.equals(category);
  }

  /**
   * PartnerHub's own value of each key it reads in {@code category} (roles: the built-in roles'
   * permissions).
   */
  Map<String, Object> builtIns(String category) {
    if (ROLES.equals(category)) {
      Map<String, Object> values = new TreeMap<>();
      for (String role : Roles.BUILT_IN_ROLES) {
        values.put(role, new JsonArray(List.copyOf(new TreeSet<>(Roles.permissionsOf(role)))));
      }
      return values;
    }
    ReservedCategory reserved = categories.get(category);
    return reserved == null ? Map.of() : reserved.builtIns();
  }

  /**
   * The effective value of one key, by precedence: the tenant's value, its stored default, the
   * built-in value; null when none applies.
   */
  ConfigurationValue effective(String category, String key, Object value, Object storedDefault) {
    return effective(category, key, value, storedDefault, builtIns(category));
  }

  private static ConfigurationValue effective(
      String category,
      String key,
      Object value,
      Object storedDefault,
      Map<String, Object> builtIns) {
    if (value != null) {
      return new ConfigurationValue(category, key, value, "value");
    }
    if (storedDefault != null) {
      return new ConfigurationValue(category, key, storedDefault, "default");
    }
    Object builtIn = builtIns.get(key);
    return builtIn == null ? null : new ConfigurationValue(category, key, builtIn, "builtin");
  }

  /**
   * A category's effective values in key order after {@code afterKey}, at most {@code limit} (null:
   * all).
   */
  Future<List<ConfigurationValue>> effective(
      SqlConnection conn, String category, String afterKey, Integer limit) {
    return effective(conn, category, builtIns(category), afterKey, limit);
  }

  /**
   * A category's effective values in key order (byte order, like Java's), after {@code afterKey},
   * at most {@code limit} of them (null: all): the stored keys over the built-ins. Runs on the
   * caller's tenant transaction.
   */
  static Future<List<ConfigurationValue>> effective(
      SqlConnection conn,
      String category,
      Map<String, Object> builtIns,
      String afterKey,
      Integer limit) {
    return REPOSITORY
        .storedValues(conn, category, afterKey, limit)
        .map(
            stored -> {
              TreeMap<String, ConfigurationValue> values = new TreeMap<>();
              builtIns.forEach(
                  (key, value) -> {
                    if (key.compareTo(afterKey) > 0) {
                      values.put(key, new ConfigurationValue(category, key, value, "builtin"));
                    }
                  });
              stored.forEach(
                  row ->
                      values.put(
                          row.key(),
                          effective(
                              category, row.key(), row.value(), row.defaultValue(), builtIns)));
              List<ConfigurationValue> items = List.copyOf(values.values());
              // stored keys past the limit were not read: the first `limit` of this merge are the
              // true first ones
              return limit == null || items.size() <= limit ? items : items.subList(0, limit);
            });
  }
}
