package io.partnerhub.http;

import io.partnerhub.input.JsonSchemas;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;

/**
 * A request body: one strictly parsed JSON object, checked against its schema from openapi.yaml.
 */
final class RequestBody {
  private RequestBody() {}

  /**
   * The body as a JSON object valid against {@code schema}; VALIDATION, every problem at its
   * pointer, otherwise.
   */
  static JsonObject read(RoutingContext ctx, Validator schema) {
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      // say what the body must hold (reject: "reason"), not only that it is missing
      check(schema, new JsonObject(), "A JSON body is required");
      throw ServiceException.validation("A JSON body is required", null);
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw ServiceException.invalidParameter("Content-Type", "application/json");
    }
    byte[] bytes = buffer.getBytes();
    if (!StorableText.isUtf8(bytes)) {
      throw ServiceException.validation("The body is not valid UTF-8", null);
    }
    Object parsed = StrictJson.of(ctx).parse(bytes);
    if (!(parsed instanceof JsonObject object)) {
      throw ServiceException.validation("The body must be a JSON object", null);
    }
    if (!StorableText.isStorable(object)) {
      throw ServiceException.validation(
          "Text may not contain NUL or unpaired surrogate characters", null);
    }
    check(schema, object, ServiceException.INVALID_BODY);
    return object;
  }

  private static void check(Validator schema, JsonObject body, String message) {
    JsonObject problems = JsonSchemas.problems(schema, body, "");
    if (!problems.isEmpty()) {
      throw ServiceException.validation(message, problems);
    }
  }
}
