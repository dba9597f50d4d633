package io.partnerhub.http;

import io.partnerhub.kernel.JsonSchemas;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;

/** Checks a request body against its schema from openapi.yaml: types, required and unknown fields. */
final class RequestSchemas {
  private RequestSchemas() {
  }

  /** Fails with VALIDATION, listing every problem at its JSON pointer, unless {@code body} is valid. */
  static void check(Validator validator, JsonObject body) {
    check(validator, body, "The request body is invalid");
  }

  /** As {@link #check(Validator, JsonObject)}, with {@code message} saying what is wrong as a whole. */
  static void check(Validator validator, JsonObject body, String message) {
    JsonObject problems = JsonSchemas.problems(validator, body, "");
    if (!problems.isEmpty()) {
      throw ServiceException.validation(message, problems);
    }
  }
}
