package io.partnerhub.partner;

import io.partnerhub.configuration.ReservedCategory;
import io.partnerhub.configuration.ReservedKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The keys of configuration category {@code partners} that the partner service reads, and their
 * built-in values.
 */
public final class PartnerConfiguration {
  private static final JsonObject NAME_LIST =
      new JsonObject()
          .put("type", "array")
          .put("minItems", 1)
          .put("uniqueItems", true)
          .put(
              "items",
              new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", 64));

  public static final ReservedCategory CATEGORY =
      new ReservedCategory(
          "partners",
          Map.of(
              "types",
                  new ReservedKey(
                      "array",
                      NAME_LIST,
                      new JsonArray().add("reseller").add("referral").add("distributor")),
              "tiers",
                  new ReservedKey(
                      "array",
                      NAME_LIST,
                      new JsonArray().add("registered").add("silver").add("gold").add("platinum")),
              "customFieldsSchema",
                  new ReservedKey(
                      "json",
                      new JsonObject().put("type", "object"),
                      new JsonObject().put("type", "object"))));

  private PartnerConfiguration() {}
}
