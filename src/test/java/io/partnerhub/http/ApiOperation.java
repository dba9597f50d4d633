package io.partnerhub.http;

import io.partnerhub.openapi.OpenApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One operation of openapi.yaml as a client sees it: method, path, its parameters by location, its
 * request body schema (with the schema's name) and how it is authorized. Read from the document, so
 * a new operation is covered by whatever walks {@link #all}.
 */
record ApiOperation(
    String method,
    String path,
    List<Parameter> parameters,
    String bodySchemaName,
    JsonObject bodySchema,
    Auth auth) {
  enum Auth {
    NONE,
    BEARER,
    PLATFORM_KEY
  }

  record Parameter(String name, String in, boolean required, JsonObject schema) {}

  /** The document as written ($refs kept), read as a client reads it. */
  @SuppressWarnings("unchecked")
  private static JsonObject document() {
    try {
      String text = Files.readString(Path.of("src/main/resources/openapi.yaml"));
      return new JsonObject(
          (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ApiOperation> all(OpenApi openApi) {
    JsonObject document = document();
    List<ApiOperation> operations = new ArrayList<>();
    for (String operation : openApi.operations()) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(method.length() + 1);
      JsonObject pathItem = document.getJsonObject("paths").getJsonObject(path);
      JsonObject spec = pathItem.getJsonObject(method.toLowerCase());
      List<Parameter> parameters = new ArrayList<>();
      for (JsonArray declared :
          new JsonArray[] {pathItem.getJsonArray("parameters"), spec.getJsonArray("parameters")}) {
        if (declared != null) {
          declared.forEach(
              parameter -> parameters.add(parameter(document, (JsonObject) parameter)));
        }
      }
      String schemaRef =
          spec.getJsonObject("requestBody") == null
              ? null
              : spec.getJsonObject("requestBody")
                  .getJsonObject("content")
                  .getJsonObject("application/json")
                  .getJsonObject("schema")
                  .getString("$ref");
      String schemaName =
          schemaRef == null ? null : schemaRef.substring(schemaRef.lastIndexOf('/') + 1);
      JsonObject schema = schemaName == null ? null : resolve(document, schemaRef);
      operations.add(new ApiOperation(method, path, parameters, schemaName, schema, auth(spec)));
    }
    return operations;
  }

  List<Parameter> parameters(String in) {
    return parameters.stream().filter(parameter -> parameter.in().equals(in)).toList();
  }

  boolean hasHeader(String name) {
    return parameters("header").stream()
        .anyMatch(parameter -> parameter.name().equalsIgnoreCase(name));
  }

  @Override
  public String toString() {
    return method + " " + path;
  }

  private static Parameter parameter(JsonObject document, JsonObject declared) {
    JsonObject parameter =
        declared.containsKey("$ref") ? resolve(document, declared.getString("$ref")) : declared;
    return new Parameter(
        parameter.getString("name"),
        parameter.getString("in"),
        parameter.getBoolean("required", false),
        parameter.getJsonObject("schema", new JsonObject()));
  }

  /**
   * An operation without {@code security} inherits the document's bearer auth; {@code security: []}
   * is public.
   */
  private static Auth auth(JsonObject spec) {
    JsonArray security = spec.getJsonArray("security");
    if (security == null) {
      return Auth.BEARER;
    }
    if (security.isEmpty()) {
      return Auth.NONE;
    }
    return security.getJsonObject(0).containsKey("platformKey") ? Auth.PLATFORM_KEY : Auth.BEARER;
  }

  private static JsonObject resolve(JsonObject document, String ref) {
    JsonObject node = document;
    for (String segment : ref.substring(2).split("/")) {
      node = node.getJsonObject(segment);
    }
    return node;
  }
}
