package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.http.HostileRequests.HostileRequest;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.openapi.OpenApi;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.RawHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * A fuzzer over every operation of openapi.yaml: each try sends one documented operation a request
 * that is plausible except for one attack (malformed JSON, JSON followed by more or with comments
 * or a key given twice, a wrong type, an out-of-range number or a huge exponent, nesting past the
 * depth limit up to 10,000 levels, non-canonical UUIDs, NUL and unpaired surrogates, invalid UTF-8,
 * SQL and JSON-path metacharacters, bad escapes, odd headers) in its body, a path or query
 * parameter, or a header. Whatever the server does, it answers below 500, every 4xx is in the error
 * shape, no body carries a stack trace or SQL, and a rejected request changes no row: the tenant's
 * tables, configuration_audit, and every organization and user. A request that is certainly invalid
 * (see {@link HostileRequest#mustBeRejected}) must be rejected; others may happen to be valid and
 * succeed. Failed logins count against the client address, so the fuzzer sends from 127.0.0.2 and
 * never throttles the rest of the suite.
 */
class HostileInputTest {
  /**
   * Tables counted before and after each request; organizations and users across tenants
   * (provisioning).
   */
  private static final String ROW_COUNTS =
      "SELECT (SELECT count(*) FROM organizations), (SELECT count(*) FROM users), "
          + List.of(
                  "configurations",
                  "configuration_audit",
                  "partners",
                  "opportunities",
                  "opportunity_stage_history",
                  "commissions")
              .stream()
              .map(table -> "(SELECT count(*) FROM " + table + " WHERE organization_id = ?)")
              .collect(Collectors.joining(", "));

  private static final List<String> LEAKS =
      List.of(
          "Exception",
          "\tat ",
          "at io.",
          "at java.",
          "SQLSTATE",
          "ERROR:",
          "org.postgresql",
          "io.vertx",
          "syntax error",
          "relation \"",
          "violates");

  private static Target target;

  /** The tenant under attack, its data, and a connection that counts its rows. */
  private static final class Target implements HostileRequests.Target {
    final List<ApiOperation> operations;
    final Tenant tenant;
    final UUID partnerId;
    final UUID opportunityId;
    final UUID userId;
    final RawHttp client;
    final Connection owner;
    String logoutToken;

    Target() throws SQLException {
      Vertx vertx = Vertx.vertx();
      try {
        operations = ApiOperation.all(OpenApi.load(vertx.fileSystem()));
      } finally {
        vertx.close().await();
      }
      tenant = Tenant.create();
      partnerId = Fixtures.partner(tenant, "Fuzzed Partner");
      opportunityId =
          UUID.fromString(
              Fixtures.register(
                      tenant.token(),
                      Fixtures.deal(partnerId, "Fuzzed Customer", "fuzzed.test", "1000.00"))
                  .getString("id"));
      Http.Response user =
          Http.post(
              "/users",
              tenant.token(),
              new JsonObject()
                  .put("email", "victim@" + tenant.subdomain() + ".test")
                  .put("password", Tenant.PASSWORD)
                  .put("role", "viewer"));
      assertThat(user.status()).as(user.text()).isEqualTo(201);
      userId = UUID.fromString(user.json().getString("id"));
      Http.put(
          "/configurations",
          tenant.token(),
          new JsonObject()
              .put("category", "existing")
              .put("key", "k")
              .put("value", 5)
              .put("dataType", "integer"));
      logoutToken = Tenant.login(tenant.subdomain(), tenant.adminEmail(), Tenant.PASSWORD);
      client = new RawHttp(TestApp.get().httpPort(), fuzzerAddress());
      owner = TestDb.owner();
    }

    @Override
    public String pathValue(ApiOperation operation, String parameter) {
      return switch (parameter) {
        case "category" -> "existing";
        case "key" -> "k";
        default ->
            switch (operation.path().split("/")[1]) {
              case "users" -> userId.toString();
              case "partners" -> partnerId.toString();
              case "opportunities" -> opportunityId.toString();
              default -> UUID.randomUUID().toString();
            };
      };
    }

    @Override
    public Map<String, String> authHeaders(ApiOperation operation) {
      return switch (operation.auth()) {
        case NONE -> Map.of();
        case PLATFORM_KEY -> Map.of("X-Platform-Key", TestApp.PLATFORM_KEY);
        // logging out ends a session: it gets one of its own, renewed when a request succeeds in
        // ending it
        case BEARER ->
            Map.of(
                "Authorization",
                "Bearer "
                    + (operation.path().equals("/auth/logout") ? logoutToken : tenant.token()));
      };
    }

    @Override
    public Object example(String schemaName, String property) {
      String unique = UUID.randomUUID().toString().substring(0, 8);
      if ("*".equals(property)) {
        // vendor users name the partner of a deal or a preview
        return "RegisterOpportunity".equals(schemaName) || "PreviewCommission".equals(schemaName)
            ? new JsonObject().put("partnerId", partnerId.toString())
            : null;
      }
      return switch (property) {
        case "email" ->
            "Login".equals(schemaName)
                ? "nobody@" + tenant.subdomain() + ".test"
                : "fuzz-" + unique + "@fuzz.test";
        case "adminEmail" -> "admin@fz-" + unique + ".test";
        case "password", "adminPassword" -> "a long enough password";
        // a valid password change keeps the admin's password, so its guesses never fill the login
        // throttle
        case "currentPassword", "newPassword" -> Tenant.PASSWORD;
        case "subdomain" -> "Login".equals(schemaName) ? tenant.subdomain() : "fz-" + unique;
        case "role" -> "viewer";
        case "type" -> "reseller";
        case "tier" -> "gold";
        case "category" -> "fuzz";
        case "key" -> "k-" + unique;
        case "amount" -> "100.00";
        case "currency" -> "EUR";
        case "period" -> "2026-Q1";
        case "partnerId" -> partnerId.toString();
        default -> null;
      };
    }

    ApiOperation operation(String methodAndPath) {
      return operations.stream()
          .filter(operation -> operation.toString().equals(methodAndPath))
          .findFirst()
          .orElseThrow();
    }

    List<Long> rowCounts() throws SQLException {
      try (PreparedStatement statement = owner.prepareStatement(ROW_COUNTS)) {
        for (int i = 1; i <= 6; i++) {
          statement.setObject(i, tenant.organizationId());
        }
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          List<Long> counts = new ArrayList<>();
          for (int i = 1; i <= 8; i++) {
            counts.add(result.getLong(i));
          }
          return counts;
        }
      }
    }
  }

  private static synchronized Target target() throws SQLException {
    if (target == null) {
      target = new Target();
    }
    return target;
  }

  /**
   * 127.0.0.2 where the loopback interface has it (Linux); elsewhere (macOS) any address, sharing
   * 127.0.0.1.
   */
  private static InetAddress fuzzerAddress() {
    try (java.net.Socket probe = new java.net.Socket()) {
      InetAddress own = InetAddress.getByName("127.0.0.2");
      probe.bind(new java.net.InetSocketAddress(own, 0));
      return own;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  @Provide
  Arbitrary<HostileRequest> hostileRequests() throws SQLException {
    return new HostileRequests(target().operations, target()).any();
  }

  // every operation must be hit (the coverage check below): with about a hundred operations, 400
  // random tries missed one in most runs; 1,500 miss one about once in 30,000 runs
  @Property(tries = 1500, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void aHostileRequestNeverBreaksTheServerNorWritesAnything(
      @ForAll("hostileRequests") HostileRequest request) throws SQLException {
    boolean rejected = sendAndCheck(request);

    Statistics.label("operation").collect(request.operation().toString());
    Statistics.label("attack").collect(request.attack().replaceFirst(" .*", ""));
    Statistics.label("outcome").collect(rejected ? "rejected" : "accepted");
    Statistics.label("oracle")
        .collect(request.mustBeRejected() ? "must be rejected" : "may succeed");
    Statistics.label("operation")
        .coverage(
            checker ->
                target.operations.forEach(
                    operation -> checker.check(operation.toString()).count(count -> count > 0)));
    // a fuzzer whose requests mostly succeed, or whose verdicts are mostly "may succeed", tests
    // little
    Statistics.label("outcome")
        .coverage(checker -> checker.check("rejected").percentage(percent -> percent >= 40));
    Statistics.label("oracle")
        .coverage(
            checker -> checker.check("must be rejected").percentage(percent -> percent >= 25));
  }

  /**
   * What the fuzzer found, every time. Before the fixes: a bad escape in the query of a route
   * without path parameters was a 500, in a path a plain-text 400; NUL reached PostgreSQL; an
   * unpaired surrogate was stored as "?"; overlong UTF-8 was decoded (bytes C0 AF became "/"). Then
   * (issue 13): customFields 990 levels deep was a 500, a huge exponent a 503, JSON with trailing
   * garbage or a comment was taken.
   */
  @Example
  void whatTheFuzzerFoundStaysFixed() throws SQLException {
    Target target = target();
    ApiOperation deleteConfiguration = target.operation("DELETE /configurations/{category}/{key}");
    ApiOperation updateUser = target.operation("PATCH /users/{id}");
    ApiOperation createPartner = target.operation("POST /partners");
    ApiOperation upsertConfiguration = target.operation("PUT /configurations");
    Map<String, String> json =
        Map.of(
            "Authorization", "Bearer " + target.tenant.token(), "Content-Type", "application/json");
    for (HostileRequest request :
        List.of(
            new HostileRequest(
                "bad escape in a path parameter",
                deleteConfiguration,
                "/api/v1/configurations/%/k",
                json,
                null,
                true),
            new HostileRequest(
                "bad escape in the query",
                target.operation("GET /partners"),
                "/api/v1/partners?q=%",
                json,
                null,
                true),
            new HostileRequest(
                "bad escape in the query of a path with a parameter",
                updateUser,
                "/api/v1/users/" + target.userId + "?x=%",
                json,
                "{\"role\":\"viewer\"}".getBytes(StandardCharsets.UTF_8),
                true),
            new HostileRequest(
                "NUL in the query",
                target.operation("GET /partners"),
                "/api/v1/partners?q=a%00b",
                json,
                null,
                true),
            new HostileRequest(
                "unpaired surrogate",
                createPartner,
                "/api/v1/partners",
                json,
                "{\"name\":\"a\\ud800b\",\"type\":\"reseller\",\"tier\":\"gold\"}"
                    .getBytes(StandardCharsets.UTF_8),
                true),
            new HostileRequest(
                "overlong UTF-8 for /",
                createPartner,
                "/api/v1/partners",
                json,
                "{\"name\":\"a\u00c0\u00afb\",\"type\":\"reseller\",\"tier\":\"gold\"}"
                    .getBytes(StandardCharsets.ISO_8859_1),
                true),
            new HostileRequest(
                "NUL in a JSON name",
                createPartner,
                "/api/v1/partners",
                json,
                "{\"name\":\"n\",\"type\":\"reseller\",\"tier\":\"gold\",\"customFields\":{\"a\\u0000\":1}}"
                    .getBytes(StandardCharsets.UTF_8),
                true),
            new HostileRequest(
                "customFields 990 levels deep",
                createPartner,
                "/api/v1/partners",
                json,
                ("{\"name\":\"n\",\"type\":\"reseller\",\"tier\":\"gold\",\"customFields\":"
                        + HostileRequests.nested("{\"a\":", "}", 990)
                        + "}")
                    .getBytes(StandardCharsets.UTF_8),
                true),
            new HostileRequest(
                "huge exponent",
                upsertConfiguration,
                "/api/v1/configurations",
                json,
                "{\"category\":\"fuzz\",\"key\":\"k\",\"dataType\":\"number\",\"value\":1e100000000}"
                    .getBytes(StandardCharsets.UTF_8),
                true),
            new HostileRequest(
                "trailing garbage",
                createPartner,
                "/api/v1/partners",
                json,
                "{\"name\":\"n\",\"type\":\"reseller\",\"tier\":\"gold\"}xyz"
                    .getBytes(StandardCharsets.UTF_8),
                true),
            new HostileRequest(
                "comment",
                createPartner,
                "/api/v1/partners",
                json,
                "/**/{\"name\":\"n\",\"type\":\"reseller\",\"tier\":\"gold\"}"
                    .getBytes(StandardCharsets.UTF_8),
                true))) {
      assertThat(sendAndCheck(request)).as(request.toString()).isTrue();
    }
  }

  /**
   * Sends the request and checks what must hold whatever it is: below 500, nothing leaked, a
   * rejection in the error shape with no row changed, and a rejection where {@code mustBeRejected}.
   * True when rejected.
   */
  private static boolean sendAndCheck(HostileRequest request) throws SQLException {
    Target target = target();
    List<Long> rowsBefore = target.rowCounts();
    RawHttp.Response response =
        target.client.send(
            request.operation().method(), request.target(), request.headers(), request.body());
    String seen = request + "\n  answered " + response.status() + " " + response.text();

    assertThat(response.status()).as(seen).isLessThan(500);
    assertThat(response.text()).as(seen).doesNotContain(LEAKS);
    boolean rejected = response.status() >= 400;
    if (request.mustBeRejected()) {
      assertThat(rejected).as("accepted although invalid: " + seen).isTrue();
    }
    if (rejected) {
      assertErrorShape(response, seen);
      assertThat(target.rowCounts())
          .as("rows changed by a rejected request: " + seen)
          .isEqualTo(rowsBefore);
    } else if (request.operation().path().equals("/auth/logout")) {
      target.logoutToken =
          Tenant.login(target.tenant.subdomain(), target.tenant.adminEmail(), Tenant.PASSWORD);
    }
    return rejected;
  }

  @AfterContainer
  static void closeConnection() throws SQLException {
    if (target != null) {
      target.owner.close();
    }
  }

  /**
   * The server survived: the admin's session still works and the data under attack is still
   * readable.
   */
  @AfterProperty
  void theServerStillServes() throws SQLException {
    Http.Response me = Http.get("/auth/me", target().tenant.token());
    assertThat(me.status()).as(me.text()).isEqualTo(200);
    Http.Response partner = Http.get("/partners/" + target().partnerId, target().tenant.token());
    assertThat(partner.status()).as(partner.text()).isEqualTo(200);
  }

  static void assertErrorShape(RawHttp.Response response, String seen) {
    assertThat(response.header("Content-Type")).as(seen).startsWith("application/json");
    JsonObject error = response.json();
    assertThat(error.fieldNames())
        .as(seen)
        .contains("error", "message", "requestId")
        .isSubsetOf("error", "message", "details", "requestId");
    assertThat(Arrays.stream(FailureCode.values()).map(Enum::name))
        .as(seen)
        .contains(error.getString("error"));
    assertThat(FailureCode.valueOf(error.getString("error")).status())
        .as(seen)
        .isEqualTo(response.status());
    assertThat(error.getString("message")).as(seen).isNotBlank();
    assertThat(error.getValue("details"))
        .as(seen)
        .satisfiesAnyOf(
            details -> assertThat(details).isNull(),
            details -> assertThat(details).isInstanceOf(JsonObject.class));
    assertThat(error.getString("requestId"))
        .as(seen)
        .isNotBlank()
        .isEqualTo(response.header("X-Request-Id"));
  }
}
