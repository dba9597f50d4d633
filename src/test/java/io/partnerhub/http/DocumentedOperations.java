package io.partnerhub.http;

import io.partnerhub.openapi.OpenApi;
import io.vertx.core.Vertx;
import java.util.Set;

/** Test access to the operations of openapi.yaml, the document the routes are mounted from. */
public final class DocumentedOperations {
  private DocumentedOperations() {}

  /** Every "METHOD /path" of the document, paths in OpenAPI form ({id}), below /api/v1. */
  public static Set<String> all(Vertx vertx) {
    return OpenApi.load(vertx.fileSystem()).operations();
  }
}
