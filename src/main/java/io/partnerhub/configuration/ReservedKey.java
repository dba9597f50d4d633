package io.partnerhub.configuration;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * One configuration key PartnerHub itself reads: its dataType, the JSON Schema its value must meet,
 * its built-in value, and optionally a check beyond what a schema can say (returns the problem, or
 * null).
 */
public record ReservedKey(
    String dataType, JsonObject schema, Object builtIn, Function<Object, String> check) {

  public ReservedKey(String dataType, JsonObject schema, Object builtIn) {
    this(dataType, schema, builtIn, null);
  }
}
