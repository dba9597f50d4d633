package io.partnerhub.http;

import io.partnerhub.kernel.JsonSchemas;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.json.schema.Validator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document (src/main/resources/openapi.yaml) is the one description of the REST API:
 * request bodies are validated with its component schemas, it is served at /openapi.yaml, and the HTTP
 * verticle refuses to start when its routes and the document's operations differ.
 */
final class OpenApi {
  static final String PREFIX = "/api/v1";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private final Buffer text;
  private final JsonObject document;

  private OpenApi(Buffer text, JsonObject document) {
    this.text = text;
    this.document = document;
  }

  @SuppressWarnings("unchecked")
  static OpenApi load(io.vertx.core.file.FileSystem fileSystem) {
    Buffer text = fileSystem.readFileBlocking("openapi.yaml");
    Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(text.toString());
    return new OpenApi(text, new JsonObject(yaml));
  }

  Buffer text() {
    return text;
  }

  /** The parsed document, for code that walks its operations (a copy: the loaded one stays as served). */
  JsonObject document() {
    return document.copy();
  }

  /** A validator for a request body schema of components.schemas. */
  Validator requestSchema(String name) {
    JsonObject schema = document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    if (schema == null) {
      throw new IllegalStateException("openapi.yaml has no components.schemas." + name);
    }
    return JsonSchemas.compile(schema);
  }

  /** Every "METHOD /path" the document describes, paths in OpenAPI form ({id}). */
  Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames().stream()
        .filter(METHODS::contains)
        .forEach(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
    return operations;
  }

  /** Every "METHOD /path" the router serves below /api/v1, in OpenAPI form. */
  static Set<String> routes(Router router) {
    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || !path.startsWith(PREFIX + "/") || route.methods() == null) {
        continue;
      }
      String openApiPath = path.substring(PREFIX.length()).replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        routes.add(method.name() + " " + openApiPath);
      }
    }
    return routes;
  }

  /** Fails unless the router serves exactly the documented operations ({@code optional} may be absent). */
  void verify(Router router, Set<String> optional) {
    Set<String> served = routes(router);
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(operations());
    Set<String> unserved = new TreeSet<>(operations());
    unserved.removeAll(served);
    unserved.removeAll(optional);
    if (!undocumented.isEmpty() || !unserved.isEmpty()) {
      throw new IllegalStateException("openapi.yaml and the routes differ: undocumented " + undocumented
          + ", documented but not served " + unserved);
    }
  }
}
