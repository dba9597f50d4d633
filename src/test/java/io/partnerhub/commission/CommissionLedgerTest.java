package io.partnerhub.commission;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Await;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Ledger;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger end to end: deals won, lost and changed over HTTP; the commission verticle reacts on
 * the bus.
 */
class CommissionLedgerTest {
  private Tenant tenant;
  private UUID partner;

  @BeforeEach
  void tenantWithAPartnerAndMarginalRules() {
    tenant = Tenant.create();
    partner = Fixtures.partner(tenant, "Seller");
    Http.Response rules =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "commissions")
                .put("key", "rules")
                .put("dataType", "array")
                .put(
                    "value",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("effectiveFrom", "2020-01-01")
                                .put("bonus", "100.00")
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
                                                        .put("to", 10000)
                                                        .put("rate", 5))
                                                .add(
                                                    new JsonObject()
                                                        .put("from", 10000)
                                                        .putNull("to")
                                                        .put("rate", 10)))))));
    assertThat(rules.status()).as(rules.text()).isEqualTo(201);
  }

  private JsonObject winDeal(String customer, String amount) {
    return Fixtures.wonDeal(tenant, partner, customer, amount);
  }

  private static JsonObject row(JsonArray ledger, String kind) {
    return ledger.stream()
        .map(JsonObject.class::cast)
        .filter(item -> item.getString("kind").equals(kind))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aWonDealGetsOnePendingCommissionEvenWhenTheEventIsRedelivered() {
    JsonObject won = winDeal("alpha", "30000.00");
    JsonArray ledger = Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1);
    JsonObject commission = ledger.getJsonObject(0);
    // marginal: 10000 × 5% + 20000 × 10% = 500 + 2000, plus the 100 bonus
    assertThat(commission.getValue("amount").toString()).isEqualTo("2600.00");
    assertThat(commission.getString("status")).isEqualTo("pending");
    assertThat(commission.getString("currency")).isEqualTo("EUR");
    assertThat(commission.getJsonObject("rule").getJsonObject("version").getString("effectiveFrom"))
        .isEqualTo("2020-01-01");
    assertThat(commission.getJsonObject("breakdown").getJsonArray("lines")).hasSize(3);

    // every event handed to the ledger again: the consumer's cursor back at the start of the log
    long caughtUp = cursor();
    TestDb.update("UPDATE event_cursors SET position = 0 WHERE consumer = 'commissions'");
    assertThat(Await.until(() -> cursor(), at -> at >= caughtUp, Duration.ofSeconds(10)))
        .isGreaterThanOrEqualTo(caughtUp);
    assertThat(Ledger.of(tenant, won.getString("id"))).hasSize(1);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM commissions WHERE opportunity_id = ?::uuid",
                won.getString("id")))
        .isEqualTo(1);
  }

  private static long cursor() {
    return ((Number)
            TestDb.column("SELECT position FROM event_cursors WHERE consumer = 'commissions'")
                .get(0))
        .longValue();
  }

  @Test
  void approvePayAndAClawbackWhenAPaidDealIsLost() {
    JsonObject won = winDeal("beta", "1000.00");
    JsonObject commission =
        Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1).getJsonObject(0);
    String id = commission.getString("id");
    assertThat(commission.getValue("amount").toString()).isEqualTo("150.00"); // 1000 × 5% + 100

    String viewer = Fixtures.userToken(tenant, "viewer", null);
    assertThat(Http.post("/commissions/" + id + "/approve", viewer, null).status()).isEqualTo(403);
    assertThat(Http.post("/commissions/" + id + "/pay", tenant.token(), null).status())
        .isEqualTo(409);
    assertThat(
            Http.post("/commissions/" + id + "/approve", tenant.token(), null)
                .json()
                .getString("status"))
        .isEqualTo("approved");
    JsonObject paid = Http.post("/commissions/" + id + "/pay", tenant.token(), null).json();
    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getString("paidBy")).isEqualTo(tenant.adminId().toString());

    Http.Response lost =
        Http.send(
            "PATCH",
            "/opportunities/" + won.getString("id"),
            tenant.token(),
            new JsonObject().put("stage", "closed_lost"),
            Map.of());
    assertThat(lost.status()).isEqualTo(200);
    JsonArray ledger = Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 2);
    JsonObject clawback = row(ledger, "adjustment");
    assertThat(clawback.getValue("amount").toString()).isEqualTo("-150.00");
    assertThat(clawback.getString("adjusts")).isEqualTo(id);
    assertThat(row(ledger, "commission").getString("status"))
        .as("a paid row is never edited")
        .isEqualTo("paid");
    assertThat(row(ledger, "commission").getValue("amount").toString()).isEqualTo("150.00");
  }

  @Test
  void aPendingCommissionIsRecomputedWhenTheAmountChangesAndVoidedWhenTheDealIsReopened() {
    JsonObject won = winDeal("gamma", "1000.00");
    Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1);
    Http.send(
        "PATCH",
        "/opportunities/" + won.getString("id"),
        tenant.token(),
        new JsonObject().put("amount", "2000.00"),
        Map.of());
    JsonArray recomputed =
        Ledger.await(
            tenant,
            won.getString("id"),
            rows ->
                rows.size() == 1
                    && rows.getJsonObject(0).getValue("amount").toString().equals("200.00"));
    assertThat(recomputed.getJsonObject(0).getValue("amount").toString()).isEqualTo("200.00");

    Http.send(
        "PATCH",
        "/opportunities/" + won.getString("id"),
        tenant.token(),
        new JsonObject().put("stage", "negotiation"),
        Map.of());
    JsonArray voided =
        Ledger.await(
            tenant,
            won.getString("id"),
            rows -> "void".equals(rows.getJsonObject(0).getString("status")));
    assertThat(voided.getJsonObject(0).getString("status")).isEqualTo("void");
  }

  @Test
  void aChangeOfProductsAloneRecomputesAnUnpaidCommission() {
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "commissions")
            .put("key", "rules")
            .put("dataType", "array")
            .put(
                "value",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("effectiveFrom", "2020-01-01")
                            .put("base", new JsonObject().put("kind", "flat").put("rate", 10))
                            .put("productRates", new JsonObject().put("premium", 20)))));
    JsonObject won = winDeal("theta", "1000.00");
    assertThat(
            Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1)
                .getJsonObject(0)
                .getValue("amount")
                .toString())
        .isEqualTo("100.00");
    Http.send(
        "PATCH",
        "/opportunities/" + won.getString("id"),
        tenant.token(),
        new JsonObject().put("products", new JsonArray().add("premium")),
        Map.of());
    JsonArray ledger =
        Ledger.await(
            tenant,
            won.getString("id"),
            rows -> rows.getJsonObject(0).getValue("amount").toString().equals("200.00"));
    assertThat(ledger.getJsonObject(0).getValue("amount").toString()).isEqualTo("200.00");
  }

  @Test
  void laterRuleChangesDoNotRewriteHistory() {
    JsonObject won = winDeal("delta", "1000.00");
    Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1);
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "commissions")
            .put("key", "rules")
            .put("dataType", "array")
            .put(
                "value",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("effectiveFrom", "2020-01-01")
                            .put("base", new JsonObject().put("kind", "flat").put("rate", 50)))));
    Http.send(
        "PATCH",
        "/opportunities/" + won.getString("id"),
        tenant.token(),
        new JsonObject().put("amount", "2000.00"),
        Map.of());
    JsonArray ledger =
        Ledger.await(
            tenant,
            won.getString("id"),
            rows -> rows.getJsonObject(0).getValue("amount").toString().equals("200.00"));
    assertThat(ledger.getJsonObject(0).getValue("amount").toString())
        .as("recomputed with the snapshot, not 50%")
        .isEqualTo("200.00");
  }

  @Test
  void bracketsWithAGapAreRefusedAtWriteTime() {
    Http.Response gap =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "commissions")
                .put("key", "rules")
                .put("dataType", "array")
                .put(
                    "value",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("effectiveFrom", "2026-01-01")
                                .put(
                                    "base",
                                    new JsonObject()
                                        .put("kind", "brackets")
                                        .put("mode", "slab")
                                        .put(
                                            "brackets",
                                            new JsonArray()
                                                .add(
                                                    new JsonObject()
                                                        .put("from", 0)
                                                        .put("to", 100)
                                                        .put("rate", 1))
                                                .add(
                                                    new JsonObject()
                                                        .put("from", 150)
                                                        .putNull("to")
                                                        .put("rate", 2)))))));
    assertThat(gap.status()).isEqualTo(400);
    assertThat(gap.problems().get("/value")).contains("gap");
  }

  @Test
  void statementsByMonthAndQuarterAndAPreviewWithItsBreakdown() {
    JsonObject won = winDeal("epsilon", "20000.00");
    Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String month = String.format("%d-%02d", today.getYear(), today.getMonthValue());
    String quarter = today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
    for (String period : new String[] {month, quarter}) {
      JsonObject statement =
          Http.get(
                  "/commissions/statement?partnerId=" + partner + "&period=" + period,
                  tenant.token())
              .json();
      assertThat(statement.getJsonArray("items")).hasSize(1);
      assertThat(statement.getJsonArray("totals").getJsonObject(0).getValue("amount").toString())
          .isEqualTo("1600.00");
    }
    assertThat(
            Http.get(
                    "/commissions/statement?partnerId=" + partner + "&period=1999-01",
                    tenant.token())
                .json()
                .getJsonArray("items"))
        .isEmpty();
    assertThat(
            Http.get(
                    "/commissions/statement?partnerId=" + partner + "&period=2026-13",
                    tenant.token())
                .status())
        .isEqualTo(400);

    JsonObject preview =
        Http.post(
                "/commissions/preview",
                tenant.token(),
                new JsonObject()
                    .put("partnerId", partner.toString())
                    .put("amount", "20000.00")
                    .put("currency", "EUR"))
            .json();
    assertThat(preview.getJsonObject("breakdown").getValue("total").toString())
        .isEqualTo("1600.00");
    assertThat(preview.getString("tier")).isEqualTo("gold");
    assertThat(
            Http.post(
                    "/commissions/preview",
                    tenant.token(),
                    new JsonObject()
                        .put("partnerId", partner.toString())
                        .put("amount", "-1")
                        .put("currency", "EUR"))
                .status())
        .isEqualTo(400);
  }

  @Test
  void aPartnerUserSeesOnlyItsOwnCommissionsAndAnotherTenantSeesNone() {
    JsonObject won = winDeal("zeta", "1000.00");
    Ledger.await(tenant, won.getString("id"), rows -> rows.size() == 1);
    UUID otherPartner = Fixtures.partner(tenant, "Other seller");
    String otherToken = Fixtures.userToken(tenant, "partner_user", otherPartner);
    String ownToken = Fixtures.userToken(tenant, "partner_user", partner);
    assertThat(Http.get("/commissions", otherToken).json().getJsonArray("items")).isEmpty();
    assertThat(Http.get("/commissions", ownToken).json().getJsonArray("items")).hasSize(1);
    assertThat(
            Http.get("/commissions/statement?partnerId=" + partner + "&period=2026-Q4", otherToken)
                .status())
        .isEqualTo(403);
    Tenant stranger = Tenant.create();
    assertThat(Http.get("/commissions", stranger.token()).json().getJsonArray("items")).isEmpty();
    String commissionId = Ledger.of(tenant, won.getString("id")).getJsonObject(0).getString("id");
    assertThat(
            Http.post("/commissions/" + commissionId + "/approve", stranger.token(), null).status())
        .isEqualTo(404);
  }
}
