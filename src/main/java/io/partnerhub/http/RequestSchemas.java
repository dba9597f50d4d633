package io.partnerhub.http;

import io.partnerhub.bus.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/** Checks a request body against its schema from openapi.yaml: types, required and unknown fields. */
final class RequestSchemas {
  private RequestSchemas() {
  }

  /** Fails with VALIDATION, listing each problem by its JSON pointer, unless {@code body} is valid. */
  static void check(Validator validator, JsonObject body) {
    check(validator, body, "The request body is invalid");
  }

  /** As {@link #check(Validator, JsonObject)}, with {@code message} saying what is wrong as a whole. */
  static void check(Validator validator, JsonObject body, String message) {
    OutputUnit result = validator.validate(body);
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    JsonArray problems = new JsonArray();
    if (result.getErrors() != null) {
      for (OutputUnit error : result.getErrors()) {
        problems.add(new JsonObject().put("field", error.getInstanceLocation()).put("problem", error.getError()));
      }
    }
    throw ServiceException.validation(message, new JsonObject().put("problems", problems));
  }
}
