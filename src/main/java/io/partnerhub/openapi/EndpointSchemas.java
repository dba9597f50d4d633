package io.partnerhub.openapi;

import io.partnerhub.input.JsonSchemas;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The bounds of each event-bus endpoint's request, read from the operation of openapi.yaml that
 * names it ({@code x-endpoint}, {@code x-endpoint-when}): its path and query parameter schemas and
 * its body schema, compiled once per JVM. The event-bus API is public, so a request record is
 * checked against them as the binder checks an HTTP request (parameters first, then the body; each
 * problem under the same name or pointer), and a bus caller gets the same 400. Only what the record
 * carries is looked at: components that are null are absent, as they would be from a body.
 */
public final class EndpointSchemas {
  /** Each record type's component accessors by name. */
  private static final ClassValue<Map<String, Method>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
          Map<String, Method> accessors = new HashMap<>();
          if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
              Method accessor = component.getAccessor();
              accessor.trySetAccessible();
              accessors.put(component.getName(), accessor);
            }
          }
          return accessors;
        }
      };

  private static final class Served {
    static final EndpointSchemas SCHEMAS = of(OpenApi.fromClasspath());
  }

  private final Map<String, RequestSchema> byAddress;

  private EndpointSchemas(Map<String, RequestSchema> byAddress) {
    this.byAddress = byAddress;
  }

  /** The schemas of the served openapi.yaml. */
  public static EndpointSchemas served() {
    return Served.SCHEMAS;
  }

  static EndpointSchemas of(OpenApi openApi) {
    Map<String, RequestSchema> byAddress = new HashMap<>();
    for (Operation operation : openApi.described()) {
      if (operation.endpoint() == null) {
        continue;
      }
      RequestSchema schema = RequestSchema.of(operation);
      byAddress.put(operation.endpoint(), schema);
      operation
          .endpointWhen()
          .forEach(variant -> byAddress.put((String) variant.getValue(), schema));
    }
    return new EndpointSchemas(byAddress);
  }

  /**
   * Fails with VALIDATION, as the binder would, when {@code request} breaks its endpoint's bounds.
   */
  public void check(String address, Object request) {
    RequestSchema schema = byAddress.get(address);
    if (schema != null) {
      schema.check(request);
    }
  }

  /**
   * {@code anyUuid}: the schema asks only for a canonical UUID, which a UUID component always is.
   */
  private record Parameter(String name, boolean required, Validator schema, boolean anyUuid) {
    private static final JsonObject UUID_ONLY =
        new JsonObject().put("type", "string").put("format", "uuid");

    static Parameter of(JsonObject declared) {
      JsonObject schema = declared.getJsonObject("schema", new JsonObject());
      return new Parameter(
          declared.getString("name"),
          declared.getBoolean("required", false),
          JsonSchemas.compile(schema),
          UUID_ONLY.equals(schema));
    }
  }

  /**
   * One operation's bounds: its parameters (by the record components of the same names) and its
   * body.
   */
  private record RequestSchema(
      List<Parameter> parameters, Validator body, Set<String> bodyFields, String bodyComponent) {
    static RequestSchema of(Operation operation) {
      List<Parameter> parameters =
          operation.parameters().stream()
              .filter(parameter -> !"header".equals(parameter.getString("in")))
              .map(Parameter::of)
              .toList();
      JsonObject body = operation.bodySchema();
      return new RequestSchema(
          parameters,
          body == null ? null : JsonSchemas.compile(body),
          body == null ? Set.of() : body.getJsonObject("properties", new JsonObject()).fieldNames(),
          operation.bodyComponent());
    }

    void check(Object request) {
      Map<String, String> invalid = new LinkedHashMap<>();
      for (Parameter parameter : parameters) {
        Object typed = typed(request, parameter.name());
        if (parameter.anyUuid() && typed instanceof UUID) {
          continue; // GET /partners/{id} and its kind, the hot path: nothing to look at
        }
        Object value = json(typed);
        String problem =
            value == null
                ? (parameter.required() ? "required" : null)
                : JsonSchemas.problems(parameter.schema(), value);
        if (problem != null) {
          invalid.put(parameter.name(), problem);
        }
      }
      if (!invalid.isEmpty()) {
        throw ServiceException.invalidParameters(invalid);
      }
      if (body == null) {
        return;
      }
      JsonObject problems = JsonSchemas.problems(body, body(request), "");
      if (!problems.isEmpty()) {
        throw ServiceException.validation(ServiceException.INVALID_BODY, problems);
      }
    }

    /**
     * The body the record stands for: its {@code x-body} component, or its components the body
     * declares.
     */
    private Object body(Object request) {
      if (bodyComponent != null) {
        Object whole = component(request, bodyComponent);
        return whole == null ? new JsonObject() : whole;
      }
      JsonObject fields = new JsonObject();
      for (String field : bodyFields) {
        Object value = component(request, field);
        if (value != null) {
          fields.put(field, value);
        }
      }
      return fields;
    }
  }

  /** A record component as the record holds it, or null when the record has no such component. */
  private static Object typed(Object request, String name) {
    Method accessor = COMPONENTS.get(request.getClass()).get(name);
    if (accessor == null) {
      return null;
    }
    try {
      return accessor.invoke(request);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "Cannot read " + name + " of " + request.getClass().getSimpleName(), e);
    }
  }

  /**
   * A record component as JSON holds it (a UUID as its text, a list as an array), or null when
   * absent.
   */
  private static Object component(Object request, String name) {
    return json(typed(request, name));
  }

  private static Object json(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof JsonObject
        || value instanceof JsonArray) {
      return value;
    }
    if (value instanceof UUID id) {
      return id.toString(); // what Jackson would write, without its cost
    }
    return Jsons.wrap(Jsons.mapper().convertValue(value, Object.class));
  }
}
