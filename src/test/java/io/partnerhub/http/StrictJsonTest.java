package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.configuration.ConfigurationApi;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.partnerhub.user.Roles;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every JSON body is parsed strictly at the edge: one JSON value and nothing else (no comments, no
 * trailing tokens, no duplicate keys), nested at most PARTNERHUB_JSON_MAX_DEPTH (32) levels,
 * numbers within the documented range. Whatever is refused is a 400 VALIDATION that writes nothing.
 */
class StrictJsonTest {
  private static final String PARTNER =
      "{\"name\":\"Strict Partner\",\"type\":\"reseller\",\"tier\":\"gold\"";
  private static Tenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = Tenant.create();
  }

  private static long partners() {
    return TestDb.count(
        "SELECT count(*) FROM partners WHERE organization_id = ?", tenant.organizationId());
  }

  private static long configurations() {
    return TestDb.count(
        "SELECT count(*) FROM configurations WHERE organization_id = ?", tenant.organizationId());
  }

  /** {"a":{"a":...1...}} with {@code levels} objects. */
  private static String nestedObjects(int levels) {
    return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
  }

  private static JsonObject assertRefused(Http.Response response) {
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    JsonObject error = response.json();
    assertThat(error.getString("error")).isEqualTo("VALIDATION");
    assertThat(error.getString("requestId")).isEqualTo(response.header("X-Request-Id"));
    return error;
  }

  @Test
  void nestingUpToTheLimitIsAcceptedOneLevelMoreIsRefusedNamingTheLimit() {
    // the body is level 1, customFields level 2: 31 nested objects make 32 levels
    Http.Response atLimit =
        Http.post(
            "/partners", tenant.token(), PARTNER + ",\"customFields\":" + nestedObjects(31) + "}");
    assertThat(atLimit.status()).as(atLimit.text()).isEqualTo(201);

    long before = partners();
    Http.Response deeper =
        Http.post(
            "/partners", tenant.token(), PARTNER + ",\"customFields\":" + nestedObjects(32) + "}");
    assertThat(assertRefused(deeper).getString("message")).contains("32");
    assertThat(partners()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {900, 990, 5000})
  void deeplyNestedCustomFieldsAndConfigurationValuesAre400(int levels) {
    long partnersBefore = partners();
    long configurationsBefore = configurations();
    assertRefused(
        Http.post(
            "/partners",
            tenant.token(),
            PARTNER + ",\"customFields\":" + nestedObjects(levels) + "}"));
    assertRefused(
        Http.put(
            "/configurations",
            tenant.token(),
            "{\"category\":\"deep\",\"key\":\"k\",\"dataType\":\"json\",\"value\":"
                + nestedObjects(levels)
                + "}"));
    assertRefused(
        Http.put(
            "/configurations",
            tenant.token(),
            "{\"category\":\"deep\",\"key\":\"k\",\"dataType\":\"array\",\"value\":"
                + "[".repeat(levels)
                + "]".repeat(levels)
                + "}"));
    assertThat(partners()).isEqualTo(partnersBefore);
    assertThat(configurations()).isEqualTo(configurationsBefore);
  }

  @Test
  void deeplyNestedValidationRulesAreRefusedPromptly() {
    String rules = "{\"not\":".repeat(700) + "{}" + "}".repeat(700);
    long started = System.nanoTime();
    assertRefused(
        Http.put(
            "/configurations",
            tenant.token(),
            "{\"category\":\"deep\",\"key\":\"rules\",\"dataType\":\"integer\",\"value\":1,\"validationRules\":"
                + rules
                + "}"));
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "1e100000000",
        "-1e-100000000",
        "1e400000",
        "1e309",
        "-2e308",
        "1e-309",
        "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"
            + "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"
            + "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890"
            + "12345678901234567890"
      })
  void outOfRangeNumbersAre400NotAnOutage(String number) {
    long partnersBefore = partners();
    long configurationsBefore = configurations();
    JsonObject error =
        assertRefused(
            Http.put(
                "/configurations",
                tenant.token(),
                "{\"category\":\"numbers\",\"key\":\"n\",\"dataType\":\"number\",\"value\":"
                    + number
                    + "}"));
    assertThat(error.encode()).contains("/value");
    assertRefused(
        Http.post(
            "/partners", tenant.token(), PARTNER + ",\"customFields\":{\"n\":" + number + "}}"));
    assertThat(partners()).isEqualTo(partnersBefore);
    assertThat(configurations()).isEqualTo(configurationsBefore);
  }

  @Test
  void numbersAtTheEdgesOfTheRangeAreAccepted() {
    for (String number :
        List.of("9.99e307", "-9.99e307", "1e-308", "0", "-0", "123456789012345678.123456789")) {
      Http.Response saved =
          Http.put(
              "/configurations",
              tenant.token(),
              "{\"category\":\"numbers\",\"key\":\"edge\",\"dataType\":\"number\",\"value\":"
                  + number
                  + "}");
      assertThat(saved.status()).as(number + ": " + saved.text()).isIn(200, 201);
      assertThat(new BigDecimal(saved.json().getValue("value").toString()))
          .isEqualByComparingTo(number);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        PARTNER + "}xyz",
        PARTNER + "} {\"name\":\"Second\",\"type\":\"reseller\",\"tier\":\"gold\"}",
        PARTNER + "}{}",
        PARTNER + "}]",
        "/* comment */" + PARTNER + "}",
        "// comment\n" + PARTNER + "}",
        PARTNER + " /* comment */ }",
        PARTNER + ",\"name\":\"Duplicate\"}",
        PARTNER + ",\"customFields\":{\"a\":1,\"a\":2}}",
        "# hash comment\n" + PARTNER + "}"
      })
  void onlyOneStrictJsonValueIsABody(String body) {
    long before = partners();
    assertRefused(Http.post("/partners", tenant.token(), body));
    assertThat(partners()).isEqualTo(before);
  }

  @Test
  void trailingWhitespaceIsStillOneValue() {
    Http.Response created = Http.post("/partners", tenant.token(), PARTNER + "} \r\n\t");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
  }

  /**
   * Behind the edge (a bus caller), a number PostgreSQL or the JSON encoder cannot take is a bug in
   * what slipped through, an INTERNAL error: never "Database unavailable", which sends operators
   * after an outage.
   */
  @Test
  void aDataErrorBehindTheEdgeIsNotReportedAsAnOutage() {
    TenantContext admin =
        TestApp.signed(
            new TenantContext(
                tenant.organizationId(),
                tenant.adminId(),
                Roles.ADMIN,
                Set.copyOf(Roles.ALL_PERMISSIONS),
                null));
    long before = configurations();
    ServiceException failed =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                ServiceBus.request(
                        TestApp.get().vertx(),
                        ConfigurationApi.UPSERT,
                        new ConfigurationApi.UpsertConfiguration(
                            admin,
                            "numbers",
                            "bus",
                            new BigDecimal("1e100000000"),
                            null,
                            "number",
                            false,
                            null,
                            null),
                        new DeliveryOptions().setSendTimeout(10_000))
                    .await());
    assertThat(failed.code())
        .isNotEqualTo(FailureCode.UNAVAILABLE)
        .isIn(FailureCode.INTERNAL, FailureCode.VALIDATION);
    assertThat(configurations()).isEqualTo(before);
    // the service is still fine
    assertThat(Http.get("/configurations?category=numbers", tenant.token()).status())
        .isEqualTo(200);
  }
}
