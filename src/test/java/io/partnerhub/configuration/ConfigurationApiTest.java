package io.partnerhub.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigurationApiTest {
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private Http.Response upsert(JsonObject body) {
    return Http.put("/configurations", tenant.token(), body);
  }

  private static JsonObject config(String category, String key, Object value, String dataType) {
    return new JsonObject()
        .put("category", category)
        .put("key", key)
        .put("value", value)
        .put("dataType", dataType);
  }

  @Test
  void createThenUpdateAnswers201Then200WithVersionAndETag() {
    Http.Response created = upsert(config("general", "max_deals", 10, "integer"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getInteger("value")).isEqualTo(10);
    assertThat(created.json().getInteger("version")).isEqualTo(1);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(created.json().getString("updatedBy")).isEqualTo(tenant.adminId().toString());

    Http.Response updated = upsert(config("general", "max_deals", 20, "integer"));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().getInteger("value")).isEqualTo(20);
    assertThat(updated.json().getInteger("version")).isEqualTo(2);
    assertThat(
            Http.get("/configurations/general/max_deals", tenant.token())
                .json()
                .getInteger("value"))
        .isEqualTo(20);
  }

  @Test
  void everyDataTypeRoundTripsExactly() {
    upsert(config("types", "s", "hello", "string"));
    upsert(config("types", "n", new BigDecimal("12.50"), "number"));
    upsert(config("types", "i", 7, "integer"));
    upsert(config("types", "b", true, "boolean"));
    upsert(config("types", "j", new JsonObject().put("a", new JsonArray().add(1)), "json"));
    upsert(config("types", "a", new JsonArray().add("x").add("y"), "array"));

    assertThat(Http.get("/configurations/types/s", tenant.token()).json().getValue("value"))
        .isEqualTo("hello");
    // decimals keep their scale: 12.50 is not turned into the double 12.5
    assertThat(Http.get("/configurations/types/n", tenant.token()).text())
        .contains("\"value\":12.50");
    assertThat(Http.get("/configurations/types/i", tenant.token()).json().getValue("value"))
        .isEqualTo(7);
    assertThat(Http.get("/configurations/types/b", tenant.token()).json().getValue("value"))
        .isEqualTo(true);
    assertThat(Http.get("/configurations/types/j", tenant.token()).json().getJsonObject("value"))
        .isEqualTo(new JsonObject().put("a", new JsonArray().add(1)));
    assertThat(Http.get("/configurations/types/a", tenant.token()).json().getJsonArray("value"))
        .isEqualTo(new JsonArray().add("x").add("y"));
  }

  /**
   * The read says what the service really uses: a built-in value wins over the caller's
   * defaultValue.
   */
  @Test
  void aBuiltInSettingIsReadWithSourceBuiltinAndBeatsTheQueryDefault() {
    Http.Response stages = Http.get("/configurations/opportunities/stages", tenant.token());
    assertThat(stages.status()).as(stages.text()).isEqualTo(200);
    assertThat(stages.json().getString("source")).isEqualTo("builtin");
    assertThat(
            stages.json().getJsonArray("value").stream()
                .map(stage -> ((JsonObject) stage).getString("name")))
        .containsExactly(
            "prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost");
    Http.Response days =
        Http.get("/configurations/opportunities/protectionDays?defaultValue=30", tenant.token());
    assertThat(days.json())
        .isEqualTo(
            new JsonObject()
                .put("category", "opportunities")
                .put("key", "protectionDays")
                .put("value", 90)
                .put("source", "builtin"));
    assertThat(
            Http.get("/configurations/roles/viewer", tenant.token()).json().getJsonArray("value"))
        .containsExactly(
            "commissions:read",
            "configurations:read",
            "dashboard:read",
            "events:read",
            "notifications:read",
            "notifications:write",
            "opportunities:read",
            "partners:read");

    // precedence: the tenant's stored default over the built-in, its value over both; deleting
    // brings the built-in back
    upsert(
        new JsonObject()
            .put("category", "opportunities")
            .put("key", "protectionDays")
            .put("dataType", "integer")
            .put("defaultValue", 45));
    JsonObject storedDefault =
        Http.get("/configurations/opportunities/protectionDays?defaultValue=30", tenant.token())
            .json();
    assertThat(storedDefault.getValue("value") + " " + storedDefault.getString("source"))
        .isEqualTo("45 default");
    upsert(config("opportunities", "protectionDays", 60, "integer").put("defaultValue", 45));
    JsonObject value =
        Http.get("/configurations/opportunities/protectionDays", tenant.token()).json();
    assertThat(value.getValue("value") + " " + value.getString("source")).isEqualTo("60 value");
    assertThat(Http.delete("/configurations/opportunities/protectionDays", tenant.token()).status())
        .isEqualTo(204);
    assertThat(
            Http.get("/configurations/opportunities/protectionDays", tenant.token())
                .json()
                .getString("source"))
        .isEqualTo("builtin");
  }

  /**
   * The value a client reads is the value a service decides with: a deal's protection follows the
   * stored default.
   */
  @Test
  void theServiceUsesTheValueTheReadReports() {
    upsert(
        new JsonObject()
            .put("category", "opportunities")
            .put("key", "protectionDays")
            .put("dataType", "integer")
            .put("defaultValue", 45));
    java.util.UUID partner = io.partnerhub.support.Fixtures.partner(tenant, "P");
    JsonObject deal =
        Http.post(
                "/opportunities",
                tenant.token(),
                io.partnerhub.support.Fixtures.deal(partner, "Protected", "protected.test", "10"))
            .json();
    JsonObject approved =
        Http.post("/opportunities/" + deal.getString("id") + "/approve", tenant.token(), null)
            .json();
    int reported =
        Http.get("/configurations/opportunities/protectionDays", tenant.token())
            .json()
            .getInteger("value");
    assertThat(reported).isEqualTo(45);
    assertThat(
            java.time.Duration.between(
                    java.time.Instant.parse(approved.getString("reviewedAt")),
                    java.time.Instant.parse(approved.getString("protectionEndsAt")))
                .toDays())
        .isEqualTo(reported);
  }

  @Test
  void effectiveListingShowsACategorysSettingsWithBuiltInsInKeyOrderPageByPage() {
    upsert(config("opportunities", "protectionDays", 30, "integer"));
    Http.Response all =
        Http.get("/configurations?category=opportunities&effective=true", tenant.token());
    assertThat(all.status()).as(all.text()).isEqualTo(200);
    assertThat(
            all.json().getJsonArray("items").stream()
                .map(
                    item ->
                        ((JsonObject) item).getString("key")
                            + "="
                            + ((JsonObject) item).getString("source")))
        .containsExactly(
            "conflictPolicy=builtin",
            "protectionDays=value",
            "protectionWarningDays=builtin",
            "reviewSlaHours=builtin",
            "stages=builtin");
    assertThat(all.json().getValue("nextCursor")).isNull();

    upsert(config("general", "b", "stored", "string"));
    upsert(config("general", "a", "first", "string"));
    Http.Response first =
        Http.get("/configurations?category=general&effective=true&limit=1", tenant.token());
    assertThat(first.json().getJsonArray("items").getJsonObject(0).getString("key")).isEqualTo("a");
    Http.Response second =
        Http.get(
            "/configurations?category=general&effective=true&limit=1&cursor="
                + first.json().getString("nextCursor"),
            tenant.token());
    assertThat(second.json().getJsonArray("items").getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("category", "general")
                .put("key", "b")
                .put("value", "stored")
                .put("source", "value"));
    assertThat(second.json().getValue("nextCursor")).isNull();

    assertThat(
            Http.get("/configurations?category=roles&effective=true", tenant.token())
                .json()
                .getJsonArray("items")
                .stream()
                .map(item -> ((JsonObject) item).getString("key")))
        .containsExactly("admin", "manager", "partner_admin", "partner_user", "viewer");
    assertThat(Http.get("/configurations?effective=true", tenant.token()).status()).isEqualTo(400);
    assertThat(Http.get("/configurations?category=general&effective=yes", tenant.token()).status())
        .isEqualTo(400);
  }

  @Test
  void valueFallsBackToStoredDefaultThenQueryDefaultElse404() {
    upsert(config("fallback", "with_value", "v", "string").put("defaultValue", "d"));
    upsert(
        new JsonObject()
            .put("category", "fallback")
            .put("key", "default_only")
            .put("defaultValue", "d")
            .put("dataType", "string"));

    assertThat(Http.get("/configurations/fallback/with_value", tenant.token()).json())
        .isEqualTo(
            new JsonObject()
                .put("category", "fallback")
                .put("key", "with_value")
                .put("value", "v")
                .put("source", "value"));
    assertThat(
            Http.get("/configurations/fallback/default_only?defaultValue=q", tenant.token())
                .json()
                .getString("value"))
        .isEqualTo("d");
    Http.Response queryDefault =
        Http.get("/configurations/fallback/missing?defaultValue=q", tenant.token());
    assertThat(queryDefault.json().getString("value")).isEqualTo("q");
    assertThat(queryDefault.json().getString("source")).isEqualTo("fallback");
    Http.Response missing = Http.get("/configurations/fallback/missing", tenant.token());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("error")).isEqualTo("NOT_FOUND");
  }

  @Test
  void deleteRemovesAndAnswers404Afterwards() {
    upsert(config("general", "gone", "x", "string"));
    assertThat(Http.delete("/configurations/general/gone", tenant.token()).status()).isEqualTo(204);
    assertThat(Http.get("/configurations/general/gone", tenant.token()).status()).isEqualTo(404);
    assertThat(Http.delete("/configurations/general/gone", tenant.token()).status()).isEqualTo(404);
  }

  @Test
  void historyRecordsWhoWhenBeforeAndAfterOfEveryChange() {
    upsert(config("audited", "k", 1, "integer"));
    upsert(config("audited", "k", 2, "integer"));
    Http.delete("/configurations/audited/k", tenant.token());

    JsonArray items =
        Http.get("/configurations/audited/k/history", tenant.token()).json().getJsonArray("items");
    assertThat(items).hasSize(3);
    JsonObject deleted = items.getJsonObject(0);
    JsonObject updated = items.getJsonObject(1);
    JsonObject created = items.getJsonObject(2);
    assertThat(deleted.getString("action")).isEqualTo("deleted");
    assertThat(deleted.getJsonObject("before").getInteger("value")).isEqualTo(2);
    assertThat(deleted.getValue("after")).isNull();
    assertThat(updated.getString("action")).isEqualTo("updated");
    assertThat(updated.getJsonObject("before").getInteger("value")).isEqualTo(1);
    assertThat(updated.getJsonObject("after").getInteger("value")).isEqualTo(2);
    assertThat(created.getString("action")).isEqualTo("created");
    assertThat(created.getValue("before")).isNull();
    for (Object item : items) {
      assertThat(((JsonObject) item).getString("changedBy")).isEqualTo(tenant.adminId().toString());
      assertThat(((JsonObject) item).getString("changedAt")).isNotBlank();
    }
  }

  @Test
  void historyPagesWithCursor() {
    for (int i = 1; i <= 3; i++) {
      upsert(config("paged", "h", i, "integer"));
    }
    JsonObject first = Http.get("/configurations/paged/h/history?limit=2", tenant.token()).json();
    assertThat(first.getJsonArray("items")).hasSize(2);
    JsonObject second =
        Http.get(
                "/configurations/paged/h/history?limit=2&cursor=" + first.getString("nextCursor"),
                tenant.token())
            .json();
    assertThat(second.getJsonArray("items")).hasSize(1);
    assertThat(second.getJsonArray("items").getJsonObject(0).getString("action"))
        .isEqualTo("created");
    assertThat(second.getString("nextCursor")).isNull();
  }

  @Test
  void listFiltersByCategoryAndPagesWithOpaqueCursor() {
    for (String key : new String[] {"a", "b", "c", "d", "e"}) {
      upsert(config("listing", key, key, "string"));
    }
    upsert(config("other", "z", "z", "string"));

    JsonObject page1 = Http.get("/configurations?category=listing&limit=2", tenant.token()).json();
    JsonObject page2 =
        Http.get(
                "/configurations?category=listing&limit=2&cursor=" + page1.getString("nextCursor"),
                tenant.token())
            .json();
    JsonObject page3 =
        Http.get(
                "/configurations?category=listing&limit=2&cursor=" + page2.getString("nextCursor"),
                tenant.token())
            .json();
    assertThat(keys(page1)).containsExactly("a", "b");
    assertThat(keys(page2)).containsExactly("c", "d");
    assertThat(keys(page3)).containsExactly("e");
    assertThat(page3.getString("nextCursor")).isNull();
    assertThat(Http.get("/configurations", tenant.token()).json().getJsonArray("items")).hasSize(6);
  }

  private static java.util.List<String> keys(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("key"))
        .toList();
  }

  @Test
  void validationRulesAreAppliedAndNothingIsWrittenOnRejection() {
    JsonObject rules = new JsonObject().put("minimum", 1).put("maximum", 100);
    assertThat(
            upsert(config("limits", "seats", 50, "integer").put("validationRules", rules)).status())
        .isEqualTo(201);

    Http.Response tooBig =
        upsert(config("limits", "seats", 1000, "integer").put("validationRules", rules));
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(tooBig.problems().get("/value")).contains("100");
    assertThat(Http.get("/configurations/limits/seats", tenant.token()).json().getInteger("value"))
        .isEqualTo(50);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM configuration_audit WHERE organization_id = ?",
                tenant.organizationId()))
        .isEqualTo(1);
  }

  @Test
  void anInvalidSchemaOrMismatchedTypeIsA400WithDetails() {
    Http.Response badSchema =
        upsert(
            config("x", "y", 1, "integer")
                .put("validationRules", new JsonObject().put("type", "no-such-type")));
    assertThat(badSchema.status()).isEqualTo(400);
    assertThat(badSchema.problems().get("/validationRules")).contains("JSON Schema");

    Http.Response wrongType = upsert(config("x", "y", "ten", "integer"));
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.problems().get("/value")).contains("integer");

    Http.Response required =
        upsert(
            new JsonObject()
                .put("category", "x")
                .put("key", "y")
                .put("dataType", "string")
                .put("isRequired", true));
    assertThat(required.status()).isEqualTo(400);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM configurations WHERE organization_id = ?",
                tenant.organizationId()))
        .isZero();
  }

  @Test
  void ifMatchWithAStaleVersionIs412AndChangesNothing() {
    upsert(config("occ", "k", 1, "integer"));
    upsert(config("occ", "k", 2, "integer"));
    Http.Response stale =
        Http.send(
            "PUT",
            "/configurations",
            tenant.token(),
            config("occ", "k", 3, "integer"),
            Map.of("If-Match", "\"1\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().getString("error")).isEqualTo("PRECONDITION_FAILED");
    Http.Response current =
        Http.send(
            "PUT",
            "/configurations",
            tenant.token(),
            config("occ", "k", 3, "integer"),
            Map.of("If-Match", "\"2\""));
    assertThat(current.status()).isEqualTo(200);
    assertThat(
            Http.send(
                    "DELETE",
                    "/configurations/occ/k",
                    tenant.token(),
                    null,
                    Map.of("If-Match", "\"2\""))
                .status())
        .isEqualTo(412);
    assertThat(Http.get("/configurations/occ/k", tenant.token()).json().getInteger("value"))
        .isEqualTo(3);
  }
}
