package io.partnerhub.openapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document (src/main/resources/openapi.yaml), the one description of the REST API: the
 * binder mounts its operations, it is served at /openapi.yaml as written, and read here with every
 * local {@code $ref} inlined, so each operation is self-contained.
 */
public final class OpenApi {
  public static final String PREFIX = "/api/v1";
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private final Buffer text;
  private final JsonObject document;

  private OpenApi(Buffer text, JsonObject document) {
    this.text = text;
    this.document = document;
  }

  public static OpenApi load(FileSystem fileSystem) {
    return load(fileSystem, "openapi.yaml");
  }

  /**
   * A document by its path (a classpath resource name works): tests bind documents of their own.
   */
  public static OpenApi load(FileSystem fileSystem, String path) {
    return parse(fileSystem.readFileBlocking(path));
  }

  /**
   * The document as the classpath holds it, for a node that serves the bus without a Vert.x file
   * system at hand.
   */
  static OpenApi fromClasspath() {
    try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is not on the classpath");
      }
      return parse(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static OpenApi parse(Buffer text) {
    Map<String, Object> yaml =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(text.toString());
    return new OpenApi(text, new JsonObject(yaml));
  }

  public Buffer text() {
    return text;
  }

  /** Every "METHOD /path" the document describes, paths in OpenAPI form ({id}). */
  public Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    described().forEach(operation -> operations.add(operation.toString()));
    return operations;
  }

  /**
   * Every operation, path-level parameters merged into its own and every local reference inlined.
   */
  public List<Operation> described() {
    List<Operation> operations = new ArrayList<>();
    document
        .getJsonObject("paths")
        .forEach(
            path -> {
              JsonObject item = (JsonObject) path.getValue();
              for (String method : item.fieldNames()) {
                if (!METHODS.contains(method)) {
                  continue;
                }
                JsonObject spec = (JsonObject) inline(item.getJsonObject(method));
                JsonArray parameters = new JsonArray();
                for (JsonArray declared :
                    new JsonArray[] {
                      item.getJsonArray("parameters"), spec.getJsonArray("parameters")
                    }) {
                  if (declared != null) {
                    ((JsonArray) inline(declared)).forEach(parameters::add);
                  }
                }
                spec.put("parameters", parameters);
                if (!spec.containsKey("security")) {
                  spec.put("security", document.getJsonArray("security", new JsonArray()).copy());
                }
                operations.add(new Operation(method.toUpperCase(), path.getKey(), spec));
              }
            });
    return operations;
  }

  /**
   * {@code node} with each {@code {"$ref": "#/..."}} replaced by a copy of what it names (the
   * document has no cycle).
   */
  private Object inline(Object node) {
    if (node instanceof JsonObject object) {
      if (object.getValue("$ref") instanceof String ref && ref.startsWith("#/")) {
        return inline(resolve(ref));
      }
      JsonObject copy = new JsonObject();
      object.forEach(entry -> copy.put(entry.getKey(), inline(entry.getValue())));
      return copy;
    }
    if (node instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(inline(item)));
      return copy;
    }
    return node;
  }

  private Object resolve(String ref) {
    Object node = document;
    for (String segment : ref.substring(2).split("/")) {
      node = ((JsonObject) node).getValue(segment.replace("~1", "/").replace("~0", "~"));
    }
    if (node == null) {
      throw new IllegalStateException("openapi.yaml: " + ref + " names nothing");
    }
    return node;
  }
}
