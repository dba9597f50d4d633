package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every 400 has one shape, {"details": {"problems": [{"field", "problem"}]}}: body fields as JSON
 * Pointers ("" for the body as a whole), parameters by name; all problems of a request at once,
 * leaf causes only, each message naming its rule; schema and service checks alike.
 */
class ErrorShapeTest {
  private static Tenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = Tenant.create();
  }

  private static Http.Response provision(JsonObject body) {
    return Http.send(
        "POST", "/organizations", null, body, Map.of("X-Platform-Key", TestApp.PLATFORM_KEY));
  }

  @Test
  void aShortPasswordReportsOnlyItsRule() {
    Http.Response response =
        provision(
            new JsonObject()
                .put("name", "N")
                .put("subdomain", "short-pass")
                .put("adminEmail", "a@short-pass.test")
                .put("adminPassword", "abcde"));
    assertThat(response.status()).isEqualTo(400);
    JsonArray problems = response.json().getJsonObject("details").getJsonArray("problems");
    assertThat(problems)
        .as(response.text())
        .containsExactly(
            new JsonObject()
                .put("field", "/adminPassword")
                .put("problem", "at least 12 characters"));
  }

  @Test
  void everyProblemOfABodyIsReportedAtOnceAtItsOwnPointer() {
    Http.Response response =
        provision(
            new JsonObject().put("subdomain", "ab").put("adminPassword", 12345).put("extra", true));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.problems())
        .as(response.text())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "/name", "required",
                "/adminEmail", "required",
                "/subdomain", "at least 3 characters",
                "/adminPassword", "must be of type string",
                "/extra", "not an allowed field"));

    Http.Response items =
        Http.post(
            "/opportunities",
            tenant.token(),
            new JsonObject()
                .put("name", "N")
                .put("customerName", "C")
                .put("amount", "1.234")
                .put("currency", "EUR")
                .put("products", new JsonArray().add("ok").add("")));
    assertThat(items.problems()).as(items.text()).containsOnlyKeys("/amount", "/products/1");
    assertThat(items.problems().get("/amount")).contains("pattern ^[0-9]{1,16}(\\.[0-9]{1,2})?$");
    assertThat(items.problems().get("/products/1")).isEqualTo("at least 1 characters");

    Http.Response empty =
        Http.send(
            "PATCH", "/users/" + tenant.adminId(), tenant.token(), new JsonObject(), Map.of());
    assertThat(empty.problems()).as(empty.text()).containsOnlyKeys("");
  }

  @Test
  void serviceProblemsHaveTheSameShapeWithNestedFieldsAsPointers() {
    Http.Response user =
        Http.post(
            "/users",
            tenant.token(),
            new JsonObject()
                .put("email", "not-an-email")
                .put("password", "only letters here")
                .put("role", "viewer"));
    assertThat(user.status()).isEqualTo(400);
    assertThat(user.problems())
        .as(user.text())
        .containsKey("/email")
        .allSatisfy((field, problem) -> assertThat(field).startsWith("/"));

    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "partners")
            .put("key", "customFieldsSchema")
            .put("dataType", "json")
            .put(
                "value",
                new JsonObject()
                    .put("type", "object")
                    .put("required", new JsonArray().add("vat"))
                    .put(
                        "properties",
                        new JsonObject()
                            .put("vat", new JsonObject().put("type", "string").put("maxLength", 12))
                            .put(
                                "address",
                                new JsonObject()
                                    .put("type", "object")
                                    .put(
                                        "properties",
                                        new JsonObject()
                                            .put(
                                                "zip",
                                                new JsonObject()
                                                    .put("type", "string")
                                                    .put("pattern", "^[0-9]{5}$")))))));
    Http.Response partner =
        Http.post(
            "/partners",
            tenant.token(),
            new JsonObject()
                .put("name", "P")
                .put("type", "reseller")
                .put("tier", "nope")
                .put(
                    "customFields",
                    new JsonObject().put("address", new JsonObject().put("zip", "x"))));
    assertThat(partner.status()).isEqualTo(400);
    assertThat(partner.problems())
        .as(partner.text())
        .containsOnlyKeys("/tier", "/customFields/vat", "/customFields/address/zip");
    assertThat(partner.problems().get("/customFields/vat")).isEqualTo("required");
    assertThat(partner.problems().get("/customFields/address/zip"))
        .isEqualTo("must match the pattern ^[0-9]{5}$");
  }

  @Test
  void parametersAndHeadersAreNamedAsTheyAre() {
    assertThat(Http.get("/partners?limit=0", tenant.token()).problems()).containsOnlyKeys("limit");
    assertThat(Http.get("/partners?limit=ten", tenant.token()).problems())
        .containsEntry("limit", "an integer");
    assertThat(Http.get("/partners?sort=size", tenant.token()).problems()).containsOnlyKeys("sort");
    assertThat(Http.get("/partners?cursor=bm9wZQ", tenant.token()).problems())
        .containsOnlyKeys("cursor");
    assertThat(
            Http.send(
                    "PATCH",
                    "/users/" + tenant.adminId(),
                    tenant.token(),
                    new JsonObject().put("role", "admin"),
                    Map.of("If-Match", "abc"))
                .problems())
        .containsOnlyKeys("If-Match");
    assertThat(
            Http.send(
                    "PUT",
                    "/configurations",
                    tenant.token(),
                    "{}",
                    Map.of("Content-Type", "text/plain"))
                .problems())
        .containsOnlyKeys("Content-Type");
    assertThat(
            Http.send("PUT", "/configurations", tenant.token(), "{\"category\":", Map.of())
                .problems())
        .containsOnlyKeys("/category"); // malformed JSON is reported where the parser stopped
  }
}
