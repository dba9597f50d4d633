package io.partnerhub.commission;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.support.EventRecorder;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Ledger;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Money end to end: the largest accepted deal with the richest rule is still recorded (and clawed
 * back), a rule whose result could not be stored is refused when saved, every amount the API, the
 * events and the statements show is a decimal string with two decimals, and row timestamps come
 * from one clock.
 */
class MoneyEndToEndTest {
  private static final String MAX_AMOUNT = "9999999999999999.99";
  private static final String MONEY = "-?[0-9]+\\.[0-9]{2}";

  private Tenant tenant;
  private UUID partner;

  @BeforeEach
  void tenantWithAPartner() {
    tenant = Tenant.create();
    partner = Fixtures.partner(tenant, "Seller");
  }

  private Http.Response saveRules(JsonObject version) {
    return Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "commissions")
            .put("key", "rules")
            .put("dataType", "array")
            .put("value", new JsonArray().add(version.put("effectiveFrom", "2020-01-01"))));
  }

  private JsonObject winDeal(String customer, Object amount) {
    JsonObject deal =
        Fixtures.register(
            tenant.token(),
            Fixtures.deal(partner, customer, customer + ".test", null).put("amount", amount));
    JsonObject approved =
        Http.post("/opportunities/" + deal.getString("id") + "/approve", tenant.token(), null)
            .json();
    Http.Response won =
        Http.send(
            "PATCH",
            "/opportunities/" + deal.getString("id"),
            tenant.token(),
            new JsonObject().put("stage", "closed_won"),
            Map.of("If-Match", "\"" + approved.getInteger("version") + "\""));
    assertThat(won.status()).as(won.text()).isEqualTo(200);
    return won.json();
  }

  @Test
  void theLargestDealWithAFullRateAndABonusIsRecordedAndClawedBack() {
    assertThat(
            saveRules(
                    new JsonObject()
                        .put("bonus", MAX_AMOUNT)
                        .put("base", new JsonObject().put("kind", "flat").put("rate", 100)))
                .status())
        .isEqualTo(201);
    JsonObject won = winDeal("largest", MAX_AMOUNT);

    JsonArray ledger = Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1);
    assertThat(ledger).as("the commission must not be dropped").hasSize(1);
    JsonObject commission = ledger.getJsonObject(0);
    assertThat(commission.getString("amount")).isEqualTo("19999999999999999.98");
    assertThat(commission.getString("dealAmount")).isEqualTo(MAX_AMOUNT);

    String id = commission.getString("id");
    assertThat(Http.post("/commissions/" + id + "/approve", tenant.token(), null).status())
        .isEqualTo(200);
    assertThat(Http.post("/commissions/" + id + "/pay", tenant.token(), null).status())
        .isEqualTo(200);
    Http.Response lost =
        Http.send(
            "PATCH",
            "/opportunities/" + won.getString("id"),
            tenant.token(),
            new JsonObject().put("stage", "closed_lost"),
            Map.of());
    assertThat(lost.status()).isEqualTo(200);
    JsonArray corrected = Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 2);
    assertThat(corrected.stream().map(row -> ((JsonObject) row).getString("amount")))
        .containsExactlyInAnyOrder("19999999999999999.98", "-19999999999999999.98");
  }

  @Test
  void aRuleWhoseResultCouldNotBeStoredIsRefusedWhenSaved() {
    JsonObject flat = new JsonObject().put("kind", "flat").put("rate", 10);
    for (Object bonus : List.of("10000000000000000.00", "1.005", "1e400000", -1)) {
      Http.Response refused =
          saveRules(new JsonObject().put("bonus", bonus).put("base", flat.copy()));
      assertThat(refused.status()).as(bonus + ": " + refused.text()).isEqualTo(400);
      assertThat(refused.text()).contains("bonus").doesNotContain("Exception");
    }
    Http.Response hugeBracket =
        saveRules(
            new JsonObject()
                .put(
                    "base",
                    new JsonObject()
                        .put("kind", "brackets")
                        .put("mode", "marginal")
                        .put(
                            "brackets",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("from", 0)
                                        .put("to", new java.math.BigDecimal("1e20"))
                                        .put("rate", 5))
                                .add(
                                    new JsonObject()
                                        .put("from", new java.math.BigDecimal("1e20"))
                                        .putNull("to")
                                        .put("rate", 10)))));
    assertThat(hugeBracket.status()).as(hugeBracket.text()).isEqualTo(400);
    assertThat(hugeBracket.text()).contains(MAX_AMOUNT);
    assertThat(saveRules(new JsonObject().put("bonus", 250).put("base", flat.copy())).status())
        .isEqualTo(201);
  }

  @Test
  void everyAmountIsADecimalStringWithTwoDecimalsWhileRatesStayNumbers() {
    assertThat(
            saveRules(
                    new JsonObject()
                        .put("bonus", "100")
                        .put("base", new JsonObject().put("kind", "flat").put("rate", 7.5)))
                .status())
        .isEqualTo(201);
    try (EventRecorder events =
        new EventRecorder(
            tenant.organizationId(), OpportunityApi.REGISTERED, CommissionApi.RECORDED)) {
      JsonObject registered =
          Fixtures.register(
              tenant.token(),
              Fixtures.deal(partner, "numbers", "numbers.test", null).put("amount", 1234.5));
      assertThat(registered.getValue("amount")).isEqualTo("1234.50");
      assertThat(
              Http.get("/opportunities/" + registered.getString("id"), tenant.token())
                  .json()
                  .getValue("amount"))
          .isEqualTo("1234.50");
      JsonObject won = winDeal("strings", "2000.1");
      assertThat(won.getValue("amount")).isEqualTo("2000.10");

      DomainEvent event = events.await(OpportunityApi.REGISTERED, 1).get(0);
      assertThat(event.data().getValue("amount")).as("event data").isEqualTo("1234.50");
      DomainEvent recorded = events.await(CommissionApi.RECORDED, 1).get(0);
      assertThat(recorded.data().getValue("amount")).isEqualTo("250.01");
      assertThat(recorded.data().getJsonObject("breakdown").getValue("total")).isEqualTo("250.01");

      JsonObject commission =
          Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1).getJsonObject(0);
      assertThat(commission.getValue("amount"))
          .isEqualTo("250.01"); // 2000.10 × 7.5% = 150.0075, + 100
      assertThat(commission.getValue("dealAmount")).isEqualTo("2000.10");
      JsonObject line =
          commission.getJsonObject("breakdown").getJsonArray("lines").getJsonObject(0);
      assertThat(line.getValue("base")).isEqualTo("2000.10");
      assertThat(line.getValue("commission"))
          .as("an exact line keeps its digits")
          .isEqualTo("150.0075");
      assertThat(line.getValue("rate")).as("a rate is not money").isInstanceOf(Number.class);
      assertThat(
              commission
                  .getJsonObject("breakdown")
                  .getJsonArray("lines")
                  .getJsonObject(1)
                  .getValue("commission"))
          .isEqualTo("100.00");
    }

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonObject statement =
        Http.get(
                String.format(
                    "/commissions/statement?partnerId=%s&period=%d-%02d",
                    partner, today.getYear(), today.getMonthValue()),
                tenant.token())
            .json();
    assertThat(statement.getJsonArray("totals").getJsonObject(0).getValue("amount"))
        .isEqualTo("250.01");
    assertThat(statement.getJsonArray("items").getJsonObject(0).getValue("amount"))
        .isEqualTo("250.01");

    for (Object amount : List.of(10000, "10000", 10000.0, "10000.00")) {
      JsonObject preview =
          Http.post(
                  "/commissions/preview",
                  tenant.token(),
                  new JsonObject()
                      .put("partnerId", partner.toString())
                      .put("amount", amount)
                      .put("currency", "EUR"))
              .json();
      assertThat(preview.getValue("amount")).as("preview of " + amount).isEqualTo("10000.00");
      assertThat(preview.getJsonObject("breakdown").getValue("total")).isEqualTo("850.00");
    }

    JsonObject dashboard = Http.get("/dashboard", tenant.token()).json();
    JsonObject stage = dashboard.getJsonArray("pipeline").getJsonObject(0);
    assertThat(stage.getValue("amount")).asString().matches(MONEY);
    assertThat(stage.getValue("weightedAmount")).asString().matches(MONEY);
    assertThat(stage.getValue("probability")).isInstanceOf(Number.class);
    JsonObject wonEur = dashboard.getJsonArray("won").getJsonObject(0);
    assertThat(wonEur.getValue("amount")).isEqualTo("2000.10");
    assertThat(wonEur.getValue("averageDealSize")).isEqualTo("2000.10");
    assertThat(dashboard.getJsonArray("topPartners").getJsonObject(0).getValue("wonAmount"))
        .isEqualTo("2000.10");
    assertThat(dashboard.getJsonArray("commissions").getJsonObject(0).getValue("amount"))
        .isEqualTo("250.01");
    assertThat(dashboard.getValue("winRate")).isInstanceOf(Number.class);
  }

  @Test
  void rowsAreNeverUpdatedBeforeTheyWereCreated() {
    JsonObject won = winDeal("clock", "1000.00");
    JsonObject commission =
        Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1).getJsonObject(0);
    assertThat(commission.getString("updatedAt"))
        .as("one clock in one statement")
        .isEqualTo(commission.getString("createdAt"));
    JsonObject approved =
        Http.post("/commissions/" + commission.getString("id") + "/approve", tenant.token(), null)
            .json();
    assertThat(approved.getString("approvedAt")).isEqualTo(approved.getString("updatedAt"));
    assertThat(Instant.parse(approved.getString("updatedAt")))
        .isAfter(Instant.parse(approved.getString("createdAt")));
    assertThat(won.getString("closedAt")).isEqualTo(won.getString("updatedAt"));
    for (String table :
        List.of("users", "partners", "opportunities", "configurations", "commissions")) {
      assertThat(
              TestDb.count(
                  "SELECT count(*) FROM "
                      + table
                      + " WHERE organization_id = ?::uuid"
                      + " AND created_at > updated_at",
                  tenant.organizationId().toString()))
          .as(table)
          .isZero();
    }
  }
}
