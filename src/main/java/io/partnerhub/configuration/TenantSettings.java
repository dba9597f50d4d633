package io.partnerhub.configuration;

import io.partnerhub.kernel.Jsons;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.partnerhub.commission.CommissionRules;
import io.partnerhub.configuration.ConfigurationApi.ConfigurationValue;
import io.partnerhub.user.Roles;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The configuration keys PartnerHub itself reads (categories {@code partners}, {@code opportunities} and
 * {@code roles}), each with its dataType, a JSON Schema its value must meet, and a built-in default.
 * Services read them with {@link #read} inside their own transaction, so a decision and the settings it
 * used are consistent; clients read the same effective values through {@link #effective}.
 */
public final class TenantSettings {
  public static final String PARTNERS = "partners";
  public static final String OPPORTUNITIES = "opportunities";
  public static final String ROLES = "roles";
  public static final String COMMISSIONS = "commissions";

  /**
   * One reserved key: its dataType, the schema its value must satisfy, its default, and optionally a
   * check beyond what a schema can say (returns the problem, or null).
   */
  record Reserved(String dataType, JsonObject schema, Object defaultValue, Function<Object, String> check) {
    Reserved(String dataType, JsonObject schema, Object defaultValue) {
      this(dataType, schema, defaultValue, null);
    }
  }

  private static final JsonObject NAME_LIST = new JsonObject().put("type", "array").put("minItems", 1)
      .put("uniqueItems", true).put("items", new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", 64));

  private static final Map<String, Map<String, Reserved>> RESERVED = Map.of(
      PARTNERS, Map.of(
          "types", new Reserved("array", NAME_LIST, new JsonArray().add("reseller").add("referral").add("distributor")),
          "tiers", new Reserved("array", NAME_LIST,
              new JsonArray().add("registered").add("silver").add("gold").add("platinum")),
          "customFieldsSchema", new Reserved("json", new JsonObject().put("type", "object"),
              new JsonObject().put("type", "object"))),
      OPPORTUNITIES, Map.of(
          "stages", new Reserved("array", stagesSchema(), defaultStages(), TenantSettings::stageProblems),
          "conflictPolicy", new Reserved("string", new JsonObject().put("enum", new JsonArray().add("review").add("reject")),
              "review"),
          "protectionDays", new Reserved("integer", new JsonObject().put("type", "integer").put("minimum", 1)
              .put("maximum", 3650), 90)),
      COMMISSIONS, Map.of(
          "rules", new Reserved("array", new JsonObject().put("type", "array"), CommissionRules.DEFAULT,
              CommissionRules::problems)));

  private TenantSettings() {
  }

  private static JsonObject stagesSchema() {
    JsonObject stage = new JsonObject().put("type", "object").put("additionalProperties", false)
        .put("required", new JsonArray().add("name").add("probability"))
        .put("properties", new JsonObject()
            .put("name", new JsonObject().put("type", "string").put("pattern", "^[a-z][a-z0-9_]{0,62}$"))
            .put("probability", new JsonObject().put("type", "number").put("minimum", 0).put("maximum", 100)));
    return new JsonObject().put("type", "array").put("minItems", 2).put("items", stage)
        .put("allOf", new JsonArray().add(containsStage("closed_won")).add(containsStage("closed_lost")));
  }

  /** What a schema cannot say of stages: names are unique, and a deal cannot start closed. */
  private static String stageProblems(Object value) {
    List<String> names = ((JsonArray) value).stream().map(stage -> ((JsonObject) stage).getString("name")).toList();
    if (names.stream().distinct().count() != names.size()) {
      return "stage names must be unique";
    }
    return names.get(0).startsWith("closed_") ? "the first stage (where deals start) cannot be closed_won or closed_lost"
        : null;
  }

  private static JsonObject containsStage(String name) {
    return new JsonObject().put("contains", new JsonObject().put("properties",
        new JsonObject().put("name", new JsonObject().put("const", name))));
  }

  /** Role overrides: key = role name (admin cannot be overridden), value = its permissions. */
  static Reserved role(String key) {
    JsonObject schema = new JsonObject().put("type", "array").put("uniqueItems", true)
        .put("items", new JsonObject().put("enum", new JsonArray(List.copyOf(Roles.ALL_PERMISSIONS))));
    return new Reserved("array", schema, null);
  }

  private static JsonArray defaultStages() {
    JsonArray stages = new JsonArray();
    String[] names = {"prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"};
    int[] probabilities = {10, 25, 50, 75, 100, 0};
    for (int i = 0; i < names.length; i++) {
      stages.add(new JsonObject().put("name", names[i]).put("probability", probabilities[i]));
    }
    return stages;
  }

  /** The reserved key's definition, or null when the category/key is free-form. */
  static Reserved reserved(String category, String key) {
    if (ROLES.equals(category)) {
      return role(key);
    }
    Map<String, Reserved> keys = RESERVED.get(category);
    return keys == null ? null : keys.get(key);
  }

  static boolean isReservedCategory(String category) {
    return RESERVED.containsKey(category) || ROLES.equals(category);
  }

  /** PartnerHub's own value of each key it reads in {@code category} (roles: the built-in roles' permissions). */
  static Map<String, Object> builtIns(String category) {
    Map<String, Object> values = new TreeMap<>();
    if (ROLES.equals(category)) {
      for (String role : List.of(Roles.ADMIN, Roles.MANAGER, Roles.PARTNER_USER, Roles.VIEWER)) {
        values.put(role, new JsonArray(List.copyOf(new TreeSet<>(Roles.permissionsOf(role)))));
      }
    }
    // copies: a caller may change what it gets, never the built-in itself
    RESERVED.getOrDefault(category, Map.of()).forEach((key, reserved) -> values.put(key, copy(reserved.defaultValue())));
    return values;
  }

  private static Object copy(Object value) {
    return value instanceof JsonArray array ? array.copy() : value instanceof JsonObject object ? object.copy() : value;
  }

  /**
   * The effective value of one key, by precedence: the tenant's value, its stored default, the built-in
   * value; null when none applies. Every read of a setting, by a service or by a client, resolves here.
   */
  static ConfigurationValue effective(String category, String key, Object value, Object storedDefault) {
    if (value != null) {
      return new ConfigurationValue(category, key, value, "value");
    }
    if (storedDefault != null) {
      return new ConfigurationValue(category, key, storedDefault, "default");
    }
    Object builtIn = builtIns(category).get(key);
    return builtIn == null ? null : new ConfigurationValue(category, key, builtIn, "builtin");
  }

  /**
   * A category's effective settings in key order (byte order, like Java's), after {@code afterKey}, at most
   * {@code limit} of them (null: all): the stored keys over the built-ins. Runs on the caller's tenant
   * transaction.
   */
  static Future<List<ConfigurationValue>> effective(SqlConnection conn, String category, String afterKey, Integer limit) {
    return conn.preparedQuery("SELECT key, value::text AS value, default_value::text AS default_value FROM configurations"
            + " WHERE category = $1 AND key COLLATE \"C\" > $2 AND (value IS NOT NULL OR default_value IS NOT NULL)"
            + " ORDER BY key COLLATE \"C\" LIMIT $3")
        .execute(Tuple.of(category, afterKey, limit))
        .map(rows -> {
          TreeMap<String, ConfigurationValue> settings = new TreeMap<>();
          builtIns(category).forEach((key, value) -> {
            if (key.compareTo(afterKey) > 0) {
              settings.put(key, new ConfigurationValue(category, key, value, "builtin"));
            }
          });
          for (Row row : rows) {
            settings.put(row.getString("key"), effective(category, row.getString("key"),
                Jsons.decode(row.getString("value")), Jsons.decode(row.getString("default_value"))));
          }
          List<ConfigurationValue> items = List.copyOf(settings.values());
          // stored keys past the limit were not read: the first `limit` of this merge are the true first ones
          return limit == null || items.size() <= limit ? items : items.subList(0, limit);
        });
  }

  /** A category's effective settings as one object, key to value: what a service decides with. */
  public static Future<JsonObject> read(SqlConnection conn, String category) {
    return effective(conn, category, "", null).map(settings -> {
      JsonObject values = new JsonObject();
      settings.forEach(setting -> values.put(setting.key(), setting.value()));
      return values;
    });
  }
}
