package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The document and the code cannot drift: a route missing from either side stops the HTTP verticle. */
class OpenApiTest {
  private Vertx vertx;
  private OpenApi openApi;

  @BeforeEach
  void load() {
    vertx = Vertx.vertx();
    openApi = OpenApi.load(vertx.fileSystem());
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private Router documentedRoutes() {
    Router router = Router.router(vertx);
    for (String operation : openApi.operations()) {
      String[] parts = operation.split(" ");
      router.route(io.vertx.core.http.HttpMethod.valueOf(parts[0]),
          OpenApi.PREFIX + parts[1].replaceAll("\\{([A-Za-z]+)}", ":$1")).handler(ctx -> ctx.end());
    }
    return router;
  }

  @Test
  void everyDocumentedOperationHasARequestSchemaWhereItTakesABody() {
    assertThat(openApi.operations()).contains("POST /auth/login", "GET /dashboard", "PATCH /opportunities/{id}");
    for (String schema : new String[] {"Login", "ProvisionOrganization", "UpsertConfiguration", "CreateUser", "UpdateUser",
        "CreatePartner", "UpdatePartner", "RegisterOpportunity", "UpdateOpportunity", "RejectOpportunity",
        "PreviewCommission"}) {
      assertThat(openApi.requestSchema(schema)).isNotNull();
    }
    openApi.verify(documentedRoutes(), Set.of());
  }

  @Test
  void anUndocumentedRouteIsRefused() {
    Router router = documentedRoutes();
    router.get(OpenApi.PREFIX + "/secret-admin").handler(ctx -> ctx.end());
    assertThatThrownBy(() -> openApi.verify(router, Set.of())).hasMessageContaining("GET /secret-admin");
  }

  @Test
  void aDocumentedButUnservedOperationIsRefused() {
    Router router = Router.router(vertx);
    router.get(OpenApi.PREFIX + "/dashboard").handler(ctx -> ctx.end());
    assertThatThrownBy(() -> openApi.verify(router, Set.of())).hasMessageContaining("POST /auth/login");
  }
}
