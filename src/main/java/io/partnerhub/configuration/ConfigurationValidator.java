package io.partnerhub.configuration;

import io.partnerhub.bus.ServiceException;
import io.partnerhub.configuration.ConfigurationApi.UpsertConfiguration;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Checks a configuration before anything is written: names, dataType, the value and default against
 * the dataType, and against validationRules, a JSON Schema (draft 2020-12) that must itself be valid.
 */
final class ConfigurationValidator {
  static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("urn:partnerhub:configuration").setOutputFormat(OutputFormat.Basic);

  private final Validator metaSchema;

  ConfigurationValidator(FileSystem fileSystem) {
    this.metaSchema = SchemaRepository.create(OPTIONS).preloadMetaSchema(fileSystem, Draft.DRAFT202012)
        .validator(META_SCHEMA);
  }

  static void checkName(String category, String key) {
    JsonObject problems = new JsonObject();
    if (category == null || !CATEGORY.matcher(category).matches()) {
      problems.put("category", "1 to 63 characters: lowercase letters, digits, '_', '.', '-', starting with a letter");
    }
    if (key == null || !KEY.matcher(key).matches()) {
      problems.put("key", "1 to 128 characters: letters, digits, '_', '.', '-', starting with a letter or digit");
    }
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid configuration name", problems);
    }
  }

  void check(UpsertConfiguration request) {
    checkName(request.category(), request.key());
    JsonObject problems = new JsonObject();
    DataType type = DataType.parse(request.dataType());
    if (type == null) {
      problems.put("dataType", "one of string, number, integer, boolean, json, array");
    }
    if (Boolean.TRUE.equals(request.isRequired()) && request.value() == null) {
      problems.put("value", "required: isRequired is true");
    }
    Validator rules = null;
    if (request.validationRules() != null) {
      rules = compileRules(request.validationRules(), problems);
    }
    if (type != null) {
      checkValue("value", request.value(), type, rules, problems);
      checkValue("defaultValue", request.defaultValue(), type, rules, problems);
    }
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid configuration", problems);
    }
  }

  private Validator compileRules(Object rules, JsonObject problems) {
    if (!(rules instanceof JsonObject schema)) {
      problems.put("validationRules", "a JSON Schema object");
      return null;
    }
    try {
      OutputUnit result = metaSchema.validate(schema.copy());
      if (!Boolean.TRUE.equals(result.getValid())) {
        problems.put("validationRules", "not a valid JSON Schema: " + describe(result));
        return null;
      }
      return Validator.create(JsonSchema.of(schema.copy()), OPTIONS);  // of() annotates its argument
    } catch (RuntimeException e) {
      problems.put("validationRules", "not a usable JSON Schema: " + e.getMessage());
      return null;
    }
  }

  private static void checkValue(String field, Object value, DataType type, Validator rules, JsonObject problems) {
    if (value == null) {
      return;
    }
    if (!type.accepts(value)) {
      problems.put(field, "must be of dataType " + type.name().toLowerCase());
      return;
    }
    if (rules != null) {
      try {
        OutputUnit result = rules.validate(value);
        if (!Boolean.TRUE.equals(result.getValid())) {
          problems.put(field, "does not satisfy validationRules: " + describe(result));
        }
      } catch (RuntimeException e) {
        problems.put(field, "cannot be checked against validationRules: " + e.getMessage());
      }
    }
  }

  /** The schema errors as readable text, most specific first. */
  private static String describe(OutputUnit result) {
    if (result.getErrors() == null || result.getErrors().isEmpty()) {
      return result.getError() == null ? "invalid" : result.getError();
    }
    StringBuilder text = new StringBuilder();
    for (OutputUnit error : result.getErrors()) {
      if (text.length() > 0) {
        text.append("; ");
      }
      String at = error.getInstanceLocation();
      text.append(at == null || at.isEmpty() ? "" : at + ": ").append(error.getError());
    }
    return text.toString();
  }

  enum DataType {
    STRING, NUMBER, INTEGER, BOOLEAN, JSON, ARRAY;

    static DataType parse(String name) {
      for (DataType type : values()) {
        if (type.name().toLowerCase().equals(name)) {
          return type;
        }
      }
      return null;
    }

    boolean accepts(Object value) {
      return switch (this) {
        case STRING -> value instanceof String;
        case NUMBER -> value instanceof Number;
        case INTEGER -> isInteger(value);
        case BOOLEAN -> value instanceof Boolean;
        case JSON -> value instanceof JsonObject;
        case ARRAY -> value instanceof JsonArray;
      };
    }

    private static boolean isInteger(Object value) {
      if (value instanceof Integer || value instanceof Long || value instanceof BigInteger || value instanceof Short) {
        return true;
      }
      return value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0;
    }
  }
}
