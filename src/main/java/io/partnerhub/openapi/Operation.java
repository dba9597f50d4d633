package io.partnerhub.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One operation of openapi.yaml, self-contained (references inlined, path-level parameters merged).
 * Besides standard OpenAPI it reads the binder's extensions:
 *
 * <ul>
 *   <li>{@code x-endpoint}: the address of the bus {@code Endpoint} that serves it;
 *   <li>{@code x-endpoint-when}: {@code {"param=value": address}}, another endpoint when a query
 *       parameter has that value (one path, two replies: stored configurations or effective
 *       values);
 *   <li>{@code x-body}: the request record component that takes the whole body (a PATCH's {@code
 *       changes}); without it the body's fields are the record's own;
 *   <li>{@code x-reply}: {@code {body: component, created: component}}, the reply component sent as
 *       the body and the boolean one that makes the answer 201 rather than 200;
 *   <li>{@code x-stream}: {@code download} or {@code upload}, an operation that is not one JSON
 *       body in and one JSON reply out; its {@code x-endpoint} names a stream endpoint (read by the
 *       binder's {@code StreamDeclaration}).
 * </ul>
 */
public record Operation(String method, String path, JsonObject spec) {

  public String id() {
    return spec.getString("operationId");
  }

  public String endpoint() {
    return spec.getString("x-endpoint");
  }

  public JsonObject endpointWhen() {
    return spec.getJsonObject("x-endpoint-when", new JsonObject());
  }

  public String bodyComponent() {
    return spec.getString("x-body");
  }

  public JsonObject reply() {
    return spec.getJsonObject("x-reply", new JsonObject());
  }

  public List<JsonObject> parameters() {
    return spec.getJsonArray("parameters").stream().map(JsonObject.class::cast).toList();
  }

  public boolean hasHeader(String name) {
    return parameters().stream()
        .anyMatch(
            parameter ->
                "header".equals(parameter.getString("in"))
                    && name.equalsIgnoreCase(parameter.getString("name")));
  }

  /**
   * The JSON schema of the request body, or null when the operation takes no JSON body (none, or a
   * streamed upload).
   */
  public JsonObject bodySchema() {
    JsonObject body = spec.getJsonObject("requestBody");
    JsonObject json =
        body == null ? null : body.getJsonObject("content").getJsonObject("application/json");
    return json == null ? null : json.getJsonObject("schema");
  }

  /** The security scheme names that may authorize the operation; empty when it is public. */
  public List<String> securitySchemes() {
    JsonArray security = spec.getJsonArray("security");
    return security.stream()
        .flatMap(requirement -> ((JsonObject) requirement).fieldNames().stream())
        .toList();
  }

  /** The declared success response (2xx) with this status, or null. */
  public JsonObject success(int status) {
    return spec.getJsonObject("responses").getJsonObject(Integer.toString(status));
  }

  /** The route path Vert.x understands: /api/v1/partners/:id for /partners/{id}. */
  public String routePath() {
    return OpenApi.PREFIX + path.replaceAll("\\{([A-Za-z0-9_]+)}", ":$1");
  }

  /**
   * Literal segments before parameters, as OpenAPI asks: /commissions/statement is tried before
   * /commissions/{id}. Paths without parameters come first of all: the router compares those as
   * text, while each templated path tried before the match costs a regular expression.
   */
  public String matchOrder() {
    return (path.contains("{") ? "1" : "0") + path.replace('{', '\uffff');
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
