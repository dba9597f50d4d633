package io.partnerhub.configuration;

import io.partnerhub.configuration.ConfigurationApi.UpsertConfiguration;
import io.partnerhub.input.JsonSchemas;
import io.partnerhub.input.TenantSchemas;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.user.Roles;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Checks a configuration before anything is written, beyond its fields' bounds (openapi.yaml's):
 * the value and default against the dataType, and against validationRules, a JSON Schema (draft
 * 2020-12) that must itself be valid, and a reserved key against what PartnerHub reads.
 */
final class ConfigurationValidator {
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  private final Validator metaSchema;
  private final int maxDepth;
  private final TenantConfiguration tenantConfiguration;

  ConfigurationValidator(
      FileSystem fileSystem, int maxDepth, TenantConfiguration tenantConfiguration) {
    this.maxDepth = maxDepth;
    this.tenantConfiguration = tenantConfiguration;
    this.metaSchema =
        SchemaRepository.create(JsonSchemas.OPTIONS)
            .preloadMetaSchema(fileSystem, Draft.DRAFT202012)
            .validator(META_SCHEMA);
  }

  void check(UpsertConfiguration request) {
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
      rules = compileRules(request.validationRules(), "validationRules", problems);
    }
    if (type != null) {
      checkValue("value", request.value(), type, rules, problems);
      checkValue("defaultValue", request.defaultValue(), type, rules, problems);
    }
    if (problems.isEmpty() && tenantConfiguration.isReservedCategory(request.category())) {
      checkReserved(request, problems);
    }
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid configuration", problems);
    }
  }

  /**
   * A key PartnerHub reads must have its dataType and meet its built-in schema, whatever else it
   * says.
   */
  private void checkReserved(UpsertConfiguration request, JsonObject problems) {
    if (TenantConfiguration.ROLES.equals(request.category())
        && (!Roles.isValidName(request.key()) || Roles.ADMIN.equals(request.key()))) {
      problems.put(
          "key",
          "a role name (lowercase letters, digits, '_'); the admin role cannot be overridden");
      return;
    }
    ReservedKey reserved = tenantConfiguration.reserved(request.category(), request.key());
    if (reserved == null) {
      problems.put("key", "category " + request.category() + " has no key " + request.key());
      return;
    }
    if (!reserved.dataType().equals(request.dataType())) {
      problems.put(
          "dataType",
          "must be " + reserved.dataType() + " for " + request.category() + "/" + request.key());
      return;
    }
    Validator schema = JsonSchemas.compile(reserved.schema());
    checkValue("value", request.value(), DataType.parse(reserved.dataType()), schema, problems);
    checkValue(
        "defaultValue",
        request.defaultValue(),
        DataType.parse(reserved.dataType()),
        schema,
        problems);
    if (problems.isEmpty() && reserved.check() != null) {
      for (String field : new String[] {"value", "defaultValue"}) {
        Object value = "value".equals(field) ? request.value() : request.defaultValue();
        String problem = value == null ? null : reserved.check().apply(value);
        if (problem != null) {
          problems.put(field, problem);
        }
      }
    }
    if (problems.isEmpty() && "customFieldsSchema".equals(request.key())) {
      if (request.value() != null) {
        compileRules(request.value(), "value", problems);
      }
      if (request.defaultValue() != null) {
        compileRules(request.defaultValue(), "defaultValue", problems);
      }
    }
  }

  /**
   * A tenant's JSON Schema, within the bounds of TenantSchemas and valid against the meta-schema,
   * compiled.
   */
  private Validator compileRules(Object rules, String field, JsonObject problems) {
    if (!(rules instanceof JsonObject schema)) {
      problems.put(field, "a JSON Schema object");
      return null;
    }
    String outOfBounds = TenantSchemas.problem(schema, maxDepth);
    if (outOfBounds != null) {
      problems.put(field, "not an accepted JSON Schema: " + outOfBounds);
      return null;
    }
    try {
      String invalid = JsonSchemas.problems(metaSchema, schema.copy());
      if (invalid != null) {
        problems.put(field, "not a valid JSON Schema: " + invalid);
        return null;
      }
      return TenantSchemas.compile(schema, field);
    } catch (RuntimeException e) {
      problems.put(field, "not a usable JSON Schema: " + e.getMessage());
      return null;
    }
  }

  private static void checkValue(
      String field, Object value, DataType type, Validator rules, JsonObject problems) {
    if (value == null) {
      return;
    }
    if (!type.accepts(value)) {
      problems.put(field, "must be of dataType " + type.name().toLowerCase());
      return;
    }
    if (rules != null) {
      try {
        String invalid = JsonSchemas.problems(rules, value);
        if (invalid != null) {
          problems.put(field, "does not satisfy validationRules: " + invalid);
        }
      } catch (RuntimeException e) {
        problems.put(field, "cannot be checked against validationRules: " + e.getMessage());
      }
    }
  }

  enum DataType {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    JSON,
    ARRAY;

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
      if (value instanceof Integer
          || value instanceof Long
          || value instanceof BigInteger
          || value instanceof Short) {
        return true;
      }
      return value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0;
    }
  }
}
