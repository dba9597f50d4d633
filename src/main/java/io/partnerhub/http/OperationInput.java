package io.partnerhub.http;

import io.partnerhub.input.JsonSchemas;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.openapi.Operation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input of one operation, read as its spec declares it: every path, query and header parameter
 * checked against its schema (all problems at once, each under the parameter's name), then the body
 * against its schema. The result is one JSON object of the request record's components; the
 * caller's context is never among them (see OperationBinder).
 */
final class OperationInput {
  /**
   * Header parameters that are request record components, and how their text becomes the
   * component's value.
   */
  private static final Map<String, HeaderComponent> HEADER_COMPONENTS =
      Map.of("if-match", new HeaderComponent("expectedVersion", OperationInput::version));

  private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?(\\d{1,9})\"?");

  private record HeaderComponent(String name, Function<String, Object> value) {}

  private record Parameter(
      String name, String in, boolean required, String type, Validator schema) {
    static Parameter of(JsonObject declared) {
      JsonObject schema = declared.getJsonObject("schema", new JsonObject());
      return new Parameter(
          declared.getString("name"),
          declared.getString("in"),
          declared.getBoolean("required", false),
          schema.getString("type", "string"),
          JsonSchemas.compile(schema));
    }

    String raw(RoutingContext ctx) {
      return switch (in) {
        case "path" -> ctx.pathParam(name);
        case "header" -> ctx.request().getHeader(name);
        default -> ctx.request().getParam(name);
      };
    }

    String typeProblem() {
      return "integer".equals(type) ? "an integer" : "a " + type;
    }

    /** The text as the schema's type (the schema then checks it); null when it cannot be one. */
    Object typed(String text) {
      try {
        return switch (type) {
          case "integer" -> Integer.valueOf(text);
          case "number" -> new BigDecimal(text);
          case "boolean" ->
              "true".equals(text) || "false".equals(text) ? Boolean.valueOf(text) : null;
          default -> text;
        };
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  private final List<Parameter> parameters;
  private final Validator body;
  private final String bodyComponent;

  OperationInput(Operation operation) {
    this.parameters = operation.parameters().stream().map(Parameter::of).toList();
    this.body = operation.bodySchema() == null ? null : JsonSchemas.compile(operation.bodySchema());
    this.bodyComponent = operation.bodyComponent();
  }

  /**
   * The validated input as record components; VALIDATION naming every bad parameter, or the body's
   * problems.
   */
  JsonObject read(RoutingContext ctx) {
    JsonObject input = new JsonObject();
    Map<String, String> problems = new LinkedHashMap<>();
    for (Parameter parameter : parameters) {
      String text = parameter.raw(ctx);
      if (text == null) {
        if (parameter.required()) {
          problems.put(parameter.name(), "required");
        }
        continue;
      }
      Object value = parameter.typed(text);
      String problem =
          value == null ? parameter.typeProblem() : JsonSchemas.problems(parameter.schema(), value);
      if (problem != null) {
        problems.put(parameter.name(), problem);
      } else if (!"header".equals(parameter.in())) {
        input.put(parameter.name(), value);
      } else if (HEADER_COMPONENTS.containsKey(parameter.name().toLowerCase())) {
        HeaderComponent component = HEADER_COMPONENTS.get(parameter.name().toLowerCase());
        input.put(component.name(), component.value().apply(text));
      }
    }
    if (!problems.isEmpty()) {
      throw ServiceException.invalidParameters(problems);
    }
    if (body == null) {
      return input;
    }
    JsonObject fields = RequestBody.read(ctx, body);
    // parameters win over a body field of the same name
    return (bodyComponent == null ? fields : new JsonObject().put(bodyComponent, fields))
        .mergeIn(input);
  }

  /**
   * The version an If-Match header names ("3", "\"3\"" or W/"3"); its schema has already checked
   * the form.
   */
  private static Object version(String header) {
    Matcher matcher = IF_MATCH.matcher(header.trim());
    if (!matcher.matches()) {
      throw ServiceException.invalidParameter("If-Match", "a version such as \"3\"");
    }
    return Integer.valueOf(matcher.group(1));
  }
}
