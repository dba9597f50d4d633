package io.partnerhub.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.partnerhub.user.Roles;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON Schemas a tenant writes (validationRules, partners/customFieldsSchema) are bounded when
 * saved, in depth, size and pattern length; their patterns must be RE2 patterns and are evaluated
 * in linear time, on strings of bounded length, so no schema and no value can stall a service's
 * event loop.
 */
class TenantSchemaBoundsTest {
  private static final int MATCHED_LENGTH = 1000;
  private static Tenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = Tenant.create();
  }

  private static Http.Response saveRules(String key, JsonObject rules) {
    return Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "bounded")
            .put("key", key)
            .put("dataType", "string")
            .put("value", "abc")
            .put("validationRules", rules));
  }

  private static Http.Response saveFieldsSchema(JsonObject schema) {
    return Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "partners")
            .put("key", "customFieldsSchema")
            .put("dataType", "json")
            .put("value", schema));
  }

  private static JsonObject pattern(String pattern) {
    return new JsonObject().put("type", "string").put("pattern", pattern);
  }

  private static void assertRefused(Http.Response response, String mentioned) {
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("VALIDATION");
    assertThat(response.text()).contains(mentioned);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"(a)\\1", "(?=a)a", "(?!b)a", "(?<=a)b", "a++", "\\Ga", "(?<name>a)\\k<name>"})
  void patternsThatAreNotRe2AreRefused(String notRe2) {
    long before =
        TestDb.count(
            "SELECT count(*) FROM configurations WHERE organization_id = ?",
            tenant.organizationId());
    assertRefused(saveRules("re2", pattern(notRe2)), "RE2");
    assertRefused(
        saveFieldsSchema(
            new JsonObject()
                .put("type", "object")
                .put("properties", new JsonObject().put("code", pattern(notRe2)))),
        "RE2");
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM configurations WHERE organization_id = ?",
                tenant.organizationId()))
        .isEqualTo(before);
  }

  @Test
  void re2PatternsWork() {
    Http.Response saved = saveRules("re2-ok", pattern("^[a-c]{3}$"));
    assertThat(saved.status()).as(saved.text()).isEqualTo(201);
    Http.Response mismatch =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "bounded")
                .put("key", "re2-ok")
                .put("dataType", "string")
                .put("value", "abd")
                .put("validationRules", pattern("^[a-c]{3}$")));
    assertRefused(mismatch, "^[a-c]{3}$");
  }

  @Test
  void aPatternOverTheLengthLimitIsRefused() {
    String longest = "abc|" + "x".repeat(252);
    assertRefused(saveRules("long", pattern(longest + "x")), "256");
    assertThat(saveRules("long", pattern(longest)).status()).isEqualTo(201);
  }

  @Test
  void patternPropertiesAreRefused() {
    assertRefused(
        saveRules(
            "pp",
            new JsonObject()
                .put("type", "object")
                .put("patternProperties", new JsonObject().put("^(a+)+$", new JsonObject()))),
        "patternProperties");
  }

  /**
   * Before: {"$ref": "#"} as customFieldsSchema made every partner write a 500, a $ref loop in
   * validationRules a 503.
   */
  @Test
  void referencesThatCouldLoopAreRefused() {
    assertRefused(
        saveRules(
            "loop",
            new JsonObject()
                .put("$defs", new JsonObject().put("a", new JsonObject().put("$ref", "#/$defs/a")))
                .put("$ref", "#/$defs/a")),
        "$ref");
    assertRefused(saveFieldsSchema(new JsonObject().put("$ref", "#")), "$ref");
  }

  @Test
  void aSchemaOverTheSizeLimitIsRefused() {
    JsonArray values = new JsonArray();
    for (int i = 0; i < 3000; i++) {
      values.add("value-" + i);
    }
    assertRefused(saveRules("big", new JsonObject().put("enum", values)), "32768");
  }

  /** Over HTTP the edge caps depth first; a bus caller meets the same bound in the service. */
  @Test
  void aDeepSchemaFromABusCallerIsRefusedNotAStackOverflow() {
    TenantContext admin =
        TestApp.signed(
            new TenantContext(
                tenant.organizationId(),
                tenant.adminId(),
                Roles.ADMIN,
                Set.copyOf(Roles.ALL_PERMISSIONS),
                null));
    JsonObject rules = new JsonObject();
    JsonObject deepest = rules;
    for (int i = 0; i < 3000; i++) {
      JsonObject inner = new JsonObject();
      deepest.put("not", inner);
      deepest = inner;
    }
    ServiceException refused =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                ServiceBus.request(
                        TestApp.get().vertx(),
                        ConfigurationApi.UPSERT,
                        new ConfigurationApi.UpsertConfiguration(
                            admin, "bounded", "deep", 1, null, "integer", false, rules, null),
                        new DeliveryOptions().setSendTimeout(10_000))
                    .await());
    assertThat(refused.code()).isEqualTo(FailureCode.VALIDATION);
    assertThat(refused.details().encode()).contains("32");
  }

  /**
   * ^(.*a){8}$ is an RE2 pattern, yet java.util.regex backtracks through n^8 paths on "aaa...ab"
   * (Java 17 memoizes the classic (a+)+$, not this): the tenant's patterns are evaluated with
   * RE2/J, in linear time, so the longest string that may be matched, as a value or as a property
   * name, answers at once.
   */
  @Test
  void anExponentialPatternUnderJavaRegexAnswersPromptly() {
    Http.Response saved =
        saveFieldsSchema(
            new JsonObject()
                .put("type", "object")
                .put(
                    "properties",
                    new JsonObject()
                        .put("code", pattern("^(.*a){8}$"))
                        .put(
                            "names",
                            new JsonObject()
                                .put("type", "object")
                                .put("propertyNames", pattern("^(.*a){8}$")))));
    assertThat(saved.status()).as(saved.text()).isIn(200, 201);
    String evil = "a".repeat(MATCHED_LENGTH - 1) + "b";

    long started = System.nanoTime();
    Http.Response code =
        Http.post(
            "/partners",
            tenant.token(),
            new JsonObject()
                .put("name", "Evil")
                .put("type", "reseller")
                .put("tier", "gold")
                .put("customFields", new JsonObject().put("code", evil)));
    assertRefused(code, "^(.*a){8}$");
    Http.Response name =
        Http.post(
            "/partners",
            tenant.token(),
            new JsonObject()
                .put("name", "Evil")
                .put("type", "reseller")
                .put("tier", "gold")
                .put("customFields", new JsonObject().put("names", new JsonObject().put(evil, 1))));
    assertRefused(name, "^(.*a){8}$");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);

    Http.Response good =
        Http.post(
            "/partners",
            tenant.token(),
            new JsonObject()
                .put("name", "Good")
                .put("type", "reseller")
                .put("tier", "gold")
                .put("customFields", new JsonObject().put("code", "a".repeat(MATCHED_LENGTH))));
    assertThat(good.status()).as(good.text()).isEqualTo(201);
  }

  @Test
  void aStringOverTheMatchedLengthIsRefusedWhereAPatternApplies() {
    Http.Response saved = saveRules("capped", pattern("^[a-c]*$"));
    assertThat(saved.status()).as(saved.text()).isIn(200, 201);
    Http.Response tooLong =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "bounded")
                .put("key", "capped")
                .put("dataType", "string")
                .put("value", "a".repeat(MATCHED_LENGTH + 1))
                .put("validationRules", pattern("^[a-c]*$")));
    assertRefused(tooLong, String.valueOf(MATCHED_LENGTH));
  }
}
