package io.partnerhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard over a seeded data set whose totals were worked out by hand. */
class DashboardTest {
  private static Tenant tenant;
  private static UUID partnerA;
  private static String partnerAToken;

  @BeforeAll
  static void seed() {
    tenant = Tenant.create();
    partnerA = partner(tenant, "A", "gold", "active");
    UUID partnerB = partner(tenant, "B", "silver", "active");
    partner(tenant, "C", "gold", "prospect");
    won(tenant, partnerA, "d1", "1000.00", "EUR");
    won(tenant, partnerA, "d2", "3000.00", "EUR");
    stage(tenant, register(tenant, partnerA, "d3", "500.00", "EUR"), "closed_lost", false);
    register(tenant, partnerA, "d4", "2000.00", "EUR");
    won(tenant, partnerB, "d5", "5000.00", "EUR");
    stage(tenant, register(tenant, partnerB, "d6", "700.00", "USD"), "proposal", true);
    partnerAToken = Fixtures.userToken(tenant, "partner_user", partnerA);
    awaitCommissions(3);
  }

  private static UUID partner(Tenant in, String name, String tier, String status) {
    Http.Response created =
        Http.post(
            "/partners",
            in.token(),
            new JsonObject()
                .put("name", name)
                .put("type", "reseller")
                .put("tier", tier)
                .put("status", status));
    return UUID.fromString(created.json().getString("id"));
  }

  private static JsonObject register(
      Tenant in, UUID partner, String customer, String amount, String currency) {
    return Fixtures.register(
        in.token(),
        Fixtures.deal(partner, customer, customer + ".test", amount).put("currency", currency));
  }

  private static void stage(Tenant in, JsonObject deal, String stage, boolean approveFirst) {
    int version = deal.getInteger("version");
    if (approveFirst) {
      version =
          Http.post("/opportunities/" + deal.getString("id") + "/approve", in.token(), null)
              .json()
              .getInteger("version");
    }
    Http.Response changed =
        Http.send(
            "PATCH",
            "/opportunities/" + deal.getString("id"),
            in.token(),
            new JsonObject().put("stage", stage),
            Map.of("If-Match", "\"" + version + "\""));
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
  }

  private static void won(
      Tenant in, UUID partner, String customer, String amount, String currency) {
    stage(in, register(in, partner, customer, amount, currency), "closed_won", true);
  }

  private static void awaitCommissions(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Http.get("/commissions", tenant.token()).json().getJsonArray("items").size() < count
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static JsonObject find(JsonArray rows, Map<String, Object> match) {
    return rows.stream()
        .map(JsonObject.class::cast)
        .filter(
            row ->
                match.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(row.getValue(e.getKey()))))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + match + " in " + rows.encode()));
  }

  private static String text(JsonObject row, String field) {
    return new java.math.BigDecimal(row.getValue(field).toString()).toPlainString();
  }

  @Test
  void theTenantsFiguresMatchTheSeededData() {
    JsonObject dashboard = Http.get("/dashboard", tenant.token()).json();
    JsonArray pipeline = dashboard.getJsonArray("pipeline");
    assertThat(pipeline).hasSize(4);
    JsonObject won = find(pipeline, Map.of("stage", "closed_won", "currency", "EUR"));
    assertThat(won.getInteger("count")).isEqualTo(3);
    assertThat(text(won, "amount")).isEqualTo("9000.00");
    assertThat(text(won, "weightedAmount")).isEqualTo("9000.00");
    assertThat(text(find(pipeline, Map.of("stage", "prospecting")), "weightedAmount"))
        .isEqualTo("200.00");
    assertThat(
            text(find(pipeline, Map.of("stage", "proposal", "currency", "USD")), "weightedAmount"))
        .isEqualTo("350.00");
    assertThat(text(find(pipeline, Map.of("stage", "closed_lost")), "weightedAmount"))
        .isEqualTo("0.00");

    assertThat(text(dashboard, "winRate")).isEqualTo("0.7500");
    JsonObject wonEur = find(dashboard.getJsonArray("won"), Map.of("currency", "EUR"));
    assertThat(wonEur.getInteger("deals")).isEqualTo(3);
    assertThat(text(wonEur, "averageDealSize")).isEqualTo("3000.00");
    assertThat(dashboard.getValue("averageCycleDays")).isNotNull();

    assertThat(
            find(dashboard.getJsonArray("registrations"), Map.of("status", "approved"))
                .getInteger("count"))
        .isEqualTo(4);
    assertThat(
            find(dashboard.getJsonArray("registrations"), Map.of("status", "pending"))
                .getInteger("count"))
        .isEqualTo(2);

    JsonArray top = dashboard.getJsonArray("topPartners");
    assertThat(top.stream().map(row -> ((JsonObject) row).getString("name")).toList())
        .containsExactly("B", "A");
    assertThat(text(top.getJsonObject(1), "wonAmount")).isEqualTo("4000.00");

    JsonObject pending =
        find(dashboard.getJsonArray("commissions"), Map.of("status", "pending", "currency", "EUR"));
    assertThat(text(pending, "amount")).isEqualTo("900.00"); // default rule: 10% of 9000
    assertThat(
            find(dashboard.getJsonArray("partners"), Map.of("tier", "gold", "status", "active"))
                .getInteger("count"))
        .isEqualTo(1);
    assertThat(dashboard.getJsonArray("partners")).hasSize(3);
  }

  @Test
  void topPartnersAreTheFiveLargestOfEachCurrencyNeverRankedAcrossCurrencies() {
    Tenant own = Tenant.create();
    for (int i = 1; i <= 6; i++) {
      won(own, partner(own, "EUR " + i, "gold", "active"), "eur" + i, i + "000.00", "EUR");
    }
    won(own, partner(own, "Yen", "gold", "active"), "yen", "9000000.00", "JPY");

    JsonArray top = Http.get("/dashboard", own.token()).json().getJsonArray("topPartners");

    assertThat(top.stream().map(row -> ((JsonObject) row).getString("name")).toList())
        .containsExactly("EUR 6", "EUR 5", "EUR 4", "EUR 3", "EUR 2", "Yen");
  }

  @Test
  void aPartnerUserGetsItsOwnPartnersView() {
    JsonObject dashboard = Http.get("/dashboard", partnerAToken).json();
    assertThat(
            find(dashboard.getJsonArray("pipeline"), Map.of("stage", "closed_won"))
                .getInteger("count"))
        .isEqualTo(2);
    assertThat(
            dashboard.getJsonArray("pipeline").stream()
                .map(row -> ((JsonObject) row).getString("currency")))
        .containsOnly("EUR");
    assertThat(
            dashboard.getJsonArray("topPartners").stream()
                .map(row -> ((JsonObject) row).getString("name")))
        .containsExactly("A");
    assertThat(
            text(
                find(dashboard.getJsonArray("commissions"), Map.of("status", "pending")), "amount"))
        .isEqualTo("400.00");
    assertThat(dashboard.getJsonArray("partners")).hasSize(1);
    assertThat(text(dashboard, "winRate")).isEqualTo("0.6667");
  }

  @Test
  void anotherTenantSeesNothingOfIt() {
    Tenant other = Tenant.create();
    JsonObject dashboard = Http.get("/dashboard", other.token()).json();
    for (String list :
        List.of("pipeline", "won", "registrations", "topPartners", "commissions", "partners")) {
      assertThat(dashboard.getJsonArray(list)).as(list).isEmpty();
    }
    assertThat(dashboard.getValue("winRate")).isNull();
  }

  @Test
  void aNewDealShowsAtOnceBecauseEventsInvalidateTheCachedDashboard() {
    Tenant fresh = Tenant.create();
    UUID partner = Fixtures.partner(fresh, "Fresh");
    assertThat(Http.get("/dashboard", fresh.token()).json().getJsonArray("pipeline")).isEmpty();
    Fixtures.register(fresh.token(), Fixtures.deal(partner, "New", "new.test", "10.00"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    JsonArray pipeline = Http.get("/dashboard", fresh.token()).json().getJsonArray("pipeline");
    while (pipeline.isEmpty() && System.nanoTime() < deadline) {
      pipeline = Http.get("/dashboard", fresh.token()).json().getJsonArray("pipeline");
    }
    assertThat(pipeline).hasSize(1);
  }

  @Test
  void periodsAreValidated() {
    assertThat(Http.get("/dashboard?from=2026-02-30", tenant.token()).status()).isEqualTo(400);
    assertThat(Http.get("/dashboard?from=2026-05-01&to=2026-04-01", tenant.token()).status())
        .isEqualTo(400);
    assertThat(
            Http.get("/dashboard?from=1990-01-01&to=1990-12-31", tenant.token())
                .json()
                .getJsonArray("pipeline"))
        .isEmpty();
    String viewer = Fixtures.userToken(tenant, "viewer", null);
    assertThat(Http.get("/dashboard", viewer).status()).isEqualTo(200);
  }
}
