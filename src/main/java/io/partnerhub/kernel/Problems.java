package io.partnerhub.kernel;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one shape of a VALIDATION failure's details: {@code {"problems": [{"field", "problem"}]}}. A
 * body field is a JSON Pointer ({@code /password}, {@code /customFields/vat}, {@code ""} for the
 * whole body); a query, path or header parameter is its bare name ({@code limit}, {@code id},
 * {@code If-Match}), which a pointer, always empty or starting with '/', can never be mistaken for.
 * Services keep building a {@code JsonObject} of field to problem; {@link ServiceException} turns
 * it into this shape.
 */
public final class Problems {
  private static final String PROBLEMS = "problems";

  private Problems() {}

  /** Details naming one query, path or header parameter (kept as its name, not made a pointer). */
  public static JsonObject parameter(String name, String problem) {
    return parameters(java.util.Map.of(name, problem));
  }

  /**
   * Details naming query, path or header parameters, each kept as its name, with what is wrong with
   * it.
   */
  public static JsonObject parameters(java.util.Map<String, String> problemsByName) {
    JsonArray problems = new JsonArray();
    problemsByName.forEach((name, problem) -> problems.add(problem(name, problem)));
    return new JsonObject().put(PROBLEMS, problems);
  }

  /**
   * The details of a VALIDATION failure in the one shape: already shaped details stay as they are
   * (a failure crossing the bus is shaped again); a map of field to problem becomes pointers (a
   * dotted field such as {@code customFields.vat} is nested); no details at all is a problem of the
   * whole body.
   */
  static JsonObject shape(String message, JsonObject details) {
    if (details != null && details.getValue(PROBLEMS) instanceof JsonArray) {
      return details;
    }
    JsonArray problems = new JsonArray();
    if (details == null || details.isEmpty()) {
      problems.add(problem("", message));
    } else {
      details.forEach(
          entry ->
              problems.add(problem(pointer(entry.getKey()), String.valueOf(entry.getValue()))));
    }
    return new JsonObject().put(PROBLEMS, problems);
  }

  /**
   * A field name or dotted path as a JSON Pointer; a pointer (empty or starting with '/') stays as
   * is.
   */
  static String pointer(String field) {
    if (field.isEmpty() || field.startsWith("/")) {
      return field;
    }
    StringBuilder pointer = new StringBuilder();
    for (String segment : field.split("\\.", -1)) {
      pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private static JsonObject problem(String field, String problem) {
    return new JsonObject().put("field", field).put("problem", problem);
  }
}
