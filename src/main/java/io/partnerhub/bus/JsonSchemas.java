package io.partnerhub.bus;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/** JSON Schema (draft 2020-12, vertx-json-schema) compilation and readable errors, shared by all checks. */
public final class JsonSchemas {
  public static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("urn:partnerhub:schema").setOutputFormat(OutputFormat.Basic);

  private JsonSchemas() {
  }

  /** Compiles a schema; the argument is copied because compiling annotates the object it is given. */
  public static Validator compile(JsonObject schema) {
    return Validator.create(JsonSchema.of(schema.copy()), OPTIONS);
  }

  /** Null when {@code value} is valid, else the errors as one readable line. */
  public static String problems(Validator validator, Object value) {
    OutputUnit result = validator.validate(value);
    return Boolean.TRUE.equals(result.getValid()) ? null : describe(result);
  }

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
}
