package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of malformed requests: each gets a 4xx in the error shape, with no stack trace, SQL or
 * SQLSTATE in it, and not one row changes anywhere.
 */
class BadInputTest {
  private static Tenant tenant;

  @BeforeAll
  static void tenantWithOneConfiguration() {
    tenant = Tenant.create();
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "existing")
            .put("key", "k")
            .put("value", 5)
            .put("dataType", "integer")
            .put("validationRules", new JsonObject().put("maximum", 10)));
  }

  private static final String PLATFORM = "{platform}";

  static Stream<Arguments> badRequests() {
    String big = "x".repeat(70_000);
    return Stream.of(
        bad("malformed JSON", "PUT", "/configurations", "{\"category\": ", 400),
        bad("JSON array body", "PUT", "/configurations", "[1,2]", 400),
        bad("JSON string body", "PUT", "/configurations", "\"text\"", 400),
        bad("empty body", "PUT", "/configurations", "", 400),
        bad(
            "missing dataType",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":1}",
            400),
        bad(
            "unknown field",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":1,\"dataType\":\"integer\",\"organizationId\":\"x\"}",
            400),
        bad(
            "unknown dataType",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":1,\"dataType\":\"date\"}",
            400),
        bad(
            "category of wrong type",
            "PUT",
            "/configurations",
            "{\"category\":5,\"key\":\"b\",\"dataType\":\"integer\"}",
            400),
        bad(
            "category with SQL",
            "PUT",
            "/configurations",
            "{\"category\":\"a'; DROP TABLE users;--\",\"key\":\"b\",\"value\":1,\"dataType\":\"integer\"}",
            400),
        bad(
            "key too long",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\""
                + "k".repeat(200)
                + "\",\"value\":1,\"dataType\":\"integer\"}",
            400),
        bad(
            "value breaks rules",
            "PUT",
            "/configurations",
            "{\"category\":\"existing\",\"key\":\"k\",\"value\":11,\"dataType\":\"integer\",\"validationRules\":{\"maximum\":10}}",
            400),
        bad(
            "integer with fraction",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":1.5,\"dataType\":\"integer\"}",
            400),
        bad(
            "validationRules not an object",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":1,\"dataType\":\"integer\",\"validationRules\":[1]}",
            400),
        bad(
            "isRequired not boolean",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":1,\"dataType\":\"integer\",\"isRequired\":\"yes\"}",
            400),
        bad(
            "oversize body",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":\"" + big + "\",\"dataType\":\"string\"}",
            413),
        bad(
            "If-Match not a version",
            "PUT",
            "/configurations",
            "{\"category\":\"existing\",\"key\":\"k\",\"value\":1,\"dataType\":\"integer\"}",
            400,
            Map.of("If-Match", "abc")),
        bad(
            "wrong content type",
            "PUT",
            "/configurations",
            "{\"category\":\"a\",\"key\":\"b\",\"value\":1,\"dataType\":\"integer\"}",
            400,
            Map.of("Content-Type", "text/plain")),
        bad("limit zero", "GET", "/configurations?limit=0", null, 400),
        bad("limit too big", "GET", "/configurations?limit=201", null, 400),
        bad("limit not a number", "GET", "/configurations?limit=ten", null, 400),
        bad("forged cursor", "GET", "/configurations?cursor=bm90LWEtY3Vyc29y", null, 400),
        bad("bad category filter", "GET", "/configurations?category=%27%20OR%201%3D1", null, 400),
        bad("bad key in path", "GET", "/configurations/existing/%27%3B--", null, 400),
        bad(
            "history with bad cursor",
            "GET",
            "/configurations/existing/k/history?cursor=%25%25%25",
            null,
            400),
        bad("unknown route", "GET", "/no-such-thing", null, 404),
        bad(
            "login without password",
            "POST",
            "/auth/login",
            "{\"email\":\"a@b.c\",\"subdomain\":\"x\"}",
            400),
        bad(
            "login with number email",
            "POST",
            "/auth/login",
            "{\"email\":1,\"password\":\"p\",\"subdomain\":\"x\"}",
            400),
        bad(
            "provision bad subdomain",
            "POST",
            "/organizations",
            "{\"name\":\"N\",\"subdomain\":\"UPPER_case\",\"adminEmail\":\"a@b.co\",\"adminPassword\":\"long enough password\"}",
            400,
            Map.of("X-Platform-Key", PLATFORM)),
        bad(
            "provision short password",
            "POST",
            "/organizations",
            "{\"name\":\"N\",\"subdomain\":\"fine-sub\",\"adminEmail\":\"a@b.co\",\"adminPassword\":\"short\"}",
            400,
            Map.of("X-Platform-Key", PLATFORM)),
        bad(
            "provision bad email",
            "POST",
            "/organizations",
            "{\"name\":\"N\",\"subdomain\":\"fine-sub\",\"adminEmail\":\"not-an-email\",\"adminPassword\":\"long enough password\"}",
            400,
            Map.of("X-Platform-Key", PLATFORM)),
        bad(
            "provision without platform key",
            "POST",
            "/organizations",
            "{\"name\":\"N\",\"subdomain\":\"fine-sub\",\"adminEmail\":\"a@b.co\",\"adminPassword\":\"long enough password\"}",
            401),
        bad(
            "provision with wrong platform key",
            "POST",
            "/organizations",
            "{\"name\":\"N\",\"subdomain\":\"fine-sub\",\"adminEmail\":\"a@b.co\",\"adminPassword\":\"long enough password\"}",
            401,
            Map.of("X-Platform-Key", "guess")));
  }

  private static Arguments bad(String name, String method, String path, String body, int status) {
    return bad(name, method, path, body, status, Map.of());
  }

  private static Arguments bad(
      String name,
      String method,
      String path,
      String body,
      int status,
      Map<String, String> headers) {
    return Arguments.of(name, method, path, body, status, headers);
  }

  private static List<Long> rowCounts() {
    return List.of(
        TestDb.count("SELECT count(*) FROM organizations"),
        TestDb.count("SELECT count(*) FROM users"),
        TestDb.count("SELECT count(*) FROM configurations"),
        TestDb.count("SELECT count(*) FROM configuration_audit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void isRejectedWithTheErrorShapeAndChangesNothing(
      String name,
      String method,
      String path,
      String body,
      int status,
      Map<String, String> headers) {
    Map<String, String> resolved = new java.util.HashMap<>();
    headers.forEach(
        (key, value) -> resolved.put(key, value.replace(PLATFORM, TestApp.PLATFORM_KEY)));
    List<Long> before = rowCounts();
    Http.Response response = Http.send(method, path, tenant.token(), body, resolved);

    assertThat(response.status()).as(response.text()).isEqualTo(status);
    JsonObject error = response.json();
    assertThat(error.getString("error")).isNotBlank();
    assertThat(error.getString("message")).isNotBlank();
    assertThat(error.getString("requestId")).isEqualTo(response.header("X-Request-Id"));
    assertThat(response.text())
        .doesNotContain("Exception", "\tat ", "SQLSTATE", "SELECT ", "INSERT ");
    if (status == 400) {
      // the one shape of every 400: body fields as JSON Pointers ("" the whole body), parameters by
      // name
      assertThat(response.problems())
          .as(response.text())
          .isNotEmpty()
          .allSatisfy(
              (field, problem) -> {
                assertThat(field).matches("|/.*|[A-Za-z][A-Za-z0-9-]*");
                assertThat(problem).isNotBlank();
              });
    }
    assertThat(rowCounts()).isEqualTo(before);
  }
}
