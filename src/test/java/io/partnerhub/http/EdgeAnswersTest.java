package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the edge answers before a service is involved: a wrong method, a missing body. */
class EdgeAnswersTest {
  private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH");

  /**
   * Every documented path, with a method it does not document: 405 naming the allowed ones, token
   * or not.
   */
  @Test
  void aKnownPathWithAnUndocumentedMethodIs405WithAllowEvenWithoutAToken() {
    Tenant tenant = Tenant.create();
    Map<String, Set<String>> allowed = new TreeMap<>();
    Vertx vertx = Vertx.vertx();
    try {
      for (String operation : DocumentedOperations.all(vertx)) {
        String[] parts = operation.split(" ", 2);
        allowed.computeIfAbsent(parts[1], path -> new TreeSet<>()).add(parts[0]);
      }
    } finally {
      vertx.close();
    }
    allowed.forEach(
        (template, methods) -> {
          String path =
              template
                  .replace("{category}", "opportunities")
                  .replace("{key}", "stages")
                  .replaceAll("\\{[A-Za-z]+}", UUID.randomUUID().toString());
          for (String method : METHODS) {
            if (methods.contains(method) || allowedElsewhere(allowed, template, method)) {
              continue;
            }
            for (String token : Arrays.asList(null, tenant.token())) {
              Http.Response response = Http.send(method, path, token, null, Map.of());
              String seen =
                  method
                      + " "
                      + path
                      + (token == null ? " without a token" : "")
                      + ": "
                      + response.text();
              assertThat(response.status()).as(seen).isEqualTo(405);
              assertThat(response.json().getString("error"))
                  .as(seen)
                  .isEqualTo("METHOD_NOT_ALLOWED");
              assertThat(response.json().getString("requestId")).as(seen).isNotBlank();
              assertThat(
                      Arrays.stream(response.header("Allow").split(","))
                          .map(String::trim)
                          .collect(Collectors.toSet()))
                  .as(seen)
                  .isEqualTo(methods);
            }
          }
        });
  }

  /**
   * A literal path like /commissions/statement also matches /commissions/{id}: that method is not
   * wrong there.
   */
  private static boolean allowedElsewhere(
      Map<String, Set<String>> allowed, String template, String method) {
    String[] segments = template.split("/");
    return allowed.entrySet().stream()
        .filter(other -> !other.getKey().equals(template))
        .filter(other -> other.getValue().contains(method))
        .map(other -> other.getKey().split("/"))
        .anyMatch(
            other ->
                other.length == segments.length
                    && java.util.stream.IntStream.range(0, segments.length)
                        .allMatch(i -> other[i].equals(segments[i]) || other[i].startsWith("{")));
  }

  @Test
  void unknownPathsAndDocumentedMethodsAnswerAsBefore() {
    assertThat(Http.send("PUT", "/no-such-thing", null, null, Map.of()).status()).isEqualTo(401);
    assertThat(Http.get("/partners", null).status()).isEqualTo(401);
    assertThat(
            Http.get("/partners/" + UUID.randomUUID() + "/nothing", Tenant.create().token())
                .status())
        .isEqualTo(404);
  }

  @Test
  void rejectingADealWithoutABodySaysThatAReasonIsRequired() {
    Tenant tenant = Tenant.create();
    UUID partner = Fixtures.partner(tenant, "P");
    Http.Response deal =
        Http.post(
            "/opportunities", tenant.token(), Fixtures.deal(partner, "Deal", "deal.test", "10"));
    Http.Response rejected =
        Http.send(
            "POST",
            "/opportunities/" + deal.json().getString("id") + "/reject",
            tenant.token(),
            null,
            Map.of());
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.json().getString("error")).isEqualTo("VALIDATION");
    assertThat(rejected.json().getString("message") + rejected.json().getJsonObject("details"))
        .contains("reason");
  }

  @Test
  void aMissingBodyNamesTheRequiredFieldsOfEveryOperationThatHasSome() {
    Tenant tenant = Tenant.create();
    Http.Response user = Http.send("POST", "/users", tenant.token(), null, Map.of());
    assertThat(user.status()).isEqualTo(400);
    assertThat(user.text()).contains("email", "password", "role");
    Http.Response configuration =
        Http.send(
            "PUT",
            "/configurations",
            tenant.token(),
            null,
            Map.of("Content-Type", "application/json"));
    assertThat(configuration.status()).isEqualTo(400);
    assertThat(configuration.text()).contains("category", "key", "dataType");
  }
}
