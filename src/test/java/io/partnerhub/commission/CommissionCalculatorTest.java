package io.partnerhub.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Worked examples for every rule kind, checked against values computed by hand, and two properties.
 */
class CommissionCalculatorTest {

  private static CommissionRules.Version rule(
      JsonObject base, JsonObject productRates, Object bonus) {
    JsonObject version = new JsonObject().put("effectiveFrom", "2026-01-01").put("base", base);
    if (productRates != null) {
      version.put("productRates", productRates);
    }
    if (bonus != null) {
      version.put("bonus", bonus);
    }
    return CommissionRules.parse(new JsonArray().add(version)).versions().get(0);
  }

  private static final JsonArray BRACKETS =
      new JsonArray()
          .add(new JsonObject().put("from", 0).put("to", 10000).put("rate", 5))
          .add(new JsonObject().put("from", 10000).put("to", 50000).put("rate", 8))
          .add(new JsonObject().put("from", 50000).putNull("to").put("rate", 10));

  private static JsonObject brackets(String mode) {
    return new JsonObject().put("kind", "brackets").put("mode", mode).put("brackets", BRACKETS);
  }

  private static BigDecimal total(
      CommissionRules.Version rule, String amount, String tier, List<String> products) {
    return CommissionCalculator.compute(rule, new BigDecimal(amount), tier, products).total();
  }

  @ParameterizedTest(name = "{0} on {1} = {2}")
  @CsvSource({
    // kind,          amount,     expected   (hand computed)
    "slab,            0.00,       0.00",
    "slab,            9999.99,    500.00", // 9999.99 × 5% = 499.9995 → 500.00
    "slab,            10000.00,   800.00", // the bracket edge belongs to the upper bracket: 10000 ×
    // 8%
    "slab,            30000.00,   2400.00", // whole amount at 8%
    "slab,            50000.00,   5000.00", // edge: 50000 × 10%
    "slab,            80000.00,   8000.00",
    "marginal,        0.00,       0.00",
    "marginal,        9999.99,    500.00", // same as slab inside the first bracket
    "marginal,        10000.00,   500.00", // 10000 × 5%
    "marginal,        30000.00,   2100.00", // 500 + 20000 × 8% = 500 + 1600
    "marginal,        50000.00,   3700.00", // 500 + 40000 × 8%
    "marginal,        80000.00,   6700.00", // 3700 + 30000 × 10%
  })
  void bracketsInSlabAndMarginalMode(String mode, String amount, String expected) {
    assertThat(total(rule(brackets(mode), null, null), amount, "gold", List.of()))
        .isEqualByComparingTo(expected);
  }

  @ParameterizedTest(name = "flat {0}% on {1} = {2}")
  @CsvSource({
    "10,     1000.00,  100.00",
    "12.5,   999.99,   125.00", // 124.99875 → 125.00
    "2.5,    0.50,     0.01", // 0.0125 → 0.01 (HALF_EVEN)
    "2.5,    0.60,     0.02", // 0.015 → 0.02 (HALF_EVEN: 1 is odd, rounds up)
    "2.5,    1.00,     0.02", // 0.025 → 0.02 (HALF_EVEN: 2 is even, stays)
    "0,      5000.00,  0.00",
    "100,    123.45,   123.45"
  })
  void flatRatesRoundHalfEvenOnce(String rate, String amount, String expected) {
    JsonObject flat = new JsonObject().put("kind", "flat").put("rate", rate);
    assertThat(total(rule(flat, null, null), amount, "gold", List.of()))
        .isEqualByComparingTo(expected);
  }

  @ParameterizedTest(name = "tier {0} on 10000 = {1}")
  @CsvSource({"gold, 1200.00", "silver, 800.00", "registered, 300.00"})
  void tierRatesWithADefaultForUnlistedTiers(String tier, String expected) {
    JsonObject byTier =
        new JsonObject()
            .put("kind", "tier")
            .put("rates", new JsonObject().put("gold", 12).put("silver", "8"))
            .put("defaultRate", 3);
    assertThat(total(rule(byTier, null, null), "10000.00", tier, List.of()))
        .isEqualByComparingTo(expected);
  }

  @ParameterizedTest(name = "products {0} = {1}")
  @CsvSource({
    "'',                1000.00", // no product rate: base 10%
    "'support',         1000.00", // unlisted product: base
    "'platform',        1500.00", // 15% wins over the base
    "'platform;addon',  2000.00", // the highest product rate of the deal: 20%
  })
  void productRatesWinOverTheBaseRate(String products, String expected) {
    JsonObject flat = new JsonObject().put("kind", "flat").put("rate", 10);
    JsonObject productRates = new JsonObject().put("platform", 15).put("addon", 20);
    List<String> list = products.isEmpty() ? List.of() : List.of(products.split(";"));
    assertThat(total(rule(flat, productRates, null), "10000.00", "gold", list))
        .isEqualByComparingTo(expected);
  }

  @ParameterizedTest(name = "bonus {0} on top of 10% of 1000 = {1}")
  @CsvSource({"250, 350.00", "0.01, 100.01"})
  void aFixedBonusIsAddedPerWonDeal(String bonus, String expected) {
    JsonObject flat = new JsonObject().put("kind", "flat").put("rate", 10);
    var breakdown =
        CommissionCalculator.compute(
            rule(flat, null, bonus), new BigDecimal("1000.00"), "gold", List.of());
    assertThat(breakdown.total()).isEqualByComparingTo(expected);
    assertThat(breakdown.lines()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gap|[{\"from\":0,\"to\":100,\"rate\":1},{\"from\":200,\"to\":null,\"rate\":2}]|gap",
        "overlap|[{\"from\":0,\"to\":300,\"rate\":1},{\"from\":200,\"to\":null,\"rate\":2}]|overlap",
        "not from zero|[{\"from\":50,\"to\":null,\"rate\":1}]|start at 0",
        "closed last|[{\"from\":0,\"to\":100,\"rate\":1}]|open-ended",
        "open middle|[{\"from\":0,\"to\":null,\"rate\":1},{\"from\":100,\"to\":null,\"rate\":2}]|open-ended",
        "rate over 100|[{\"from\":0,\"to\":null,\"rate\":101}]|percentage",
        "empty|[]|non-empty"
      })
  void malformedBracketsAreRefusedAtWriteTime(String name, String brackets, String problem) {
    JsonObject base =
        new JsonObject()
            .put("kind", "brackets")
            .put("mode", "marginal")
            .put("brackets", new JsonArray(brackets));
    assertThat(
            CommissionRules.problems(
                new JsonArray()
                    .add(new JsonObject().put("effectiveFrom", "2026-01-01").put("base", base))))
        .contains(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown kind|{\"effectiveFrom\":\"2026-01-01\",\"base\":{\"kind\":\"magic\"}}",
        "bad date|{\"effectiveFrom\":\"soon\",\"base\":{\"kind\":\"flat\",\"rate\":1}}",
        "negative bonus|{\"effectiveFrom\":\"2026-01-01\",\"base\":{\"kind\":\"flat\",\"rate\":1},\"bonus\":-1}",
        "rate as text|{\"effectiveFrom\":\"2026-01-01\",\"base\":{\"kind\":\"flat\",\"rate\":\"ten\"}}",
        "bad mode|{\"effectiveFrom\":\"2026-01-01\",\"base\":{\"kind\":\"brackets\",\"mode\":\"flat\",\"brackets\":[]}}"
      })
  void malformedVersionsAreRefused(String name, String version) {
    assertThat(CommissionRules.problems(new JsonArray().add(new JsonObject(version)))).isNotNull();
  }

  private static BigDecimal flatRate(CommissionRules.Version version) {
    assertThat(version.base()).isInstanceOf(CommissionRules.Flat.class);
    return ((CommissionRules.Flat) version.base()).rate();
  }

  @org.junit.jupiter.api.Test
  void theVersionInForceIsTheLatestNotAfterTheDay() {
    JsonObject flat = new JsonObject().put("kind", "flat");
    CommissionRules rules =
        CommissionRules.parse(
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("effectiveFrom", "2026-07-01")
                        .put("base", flat.copy().put("rate", 20)))
                .add(
                    new JsonObject()
                        .put("effectiveFrom", "2026-01-01")
                        .put("base", flat.copy().put("rate", 10))));
    assertThat(rules.effectiveOn(java.time.LocalDate.parse("2025-12-31"))).isNull();
    assertThat(flatRate(rules.effectiveOn(java.time.LocalDate.parse("2026-06-30"))))
        .isEqualByComparingTo("10");
    assertThat(flatRate(rules.effectiveOn(java.time.LocalDate.parse("2026-07-01"))))
        .isEqualByComparingTo("20");
    assertThatThrownBy(
            () ->
                CommissionRules.parse(
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("effectiveFrom", "2026-01-01")
                                .put("base", flat.copy().put("rate", 1)))
                        .add(
                            new JsonObject()
                                .put("effectiveFrom", "2026-01-01")
                                .put("base", flat.copy().put("rate", 2)))))
        .hasMessageContaining("two versions");
  }

  private static final CommissionRules.Version MARGINAL = rule(brackets("marginal"), null, null);

  @Property(tries = 500)
  void marginalCommissionIsMonotonicInAmount(
      @ForAll @BigRange(min = "0", max = "1000000") @Scale(2) BigDecimal a,
      @ForAll @BigRange(min = "0", max = "1000000") @Scale(2) BigDecimal b) {
    BigDecimal low = a.min(b);
    BigDecimal high = a.max(b);
    assertThat(CommissionCalculator.compute(MARGINAL, low, "gold", List.of()).total())
        .isLessThanOrEqualTo(
            CommissionCalculator.compute(MARGINAL, high, "gold", List.of()).total());
  }

  @Property(tries = 500)
  void marginalCommissionNeverExceedsAmountTimesTheHighestRate(
      @ForAll @BigRange(min = "0", max = "10000000") @Scale(2) BigDecimal amount) {
    BigDecimal ceiling =
        amount.multiply(BigDecimal.TEN).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN);
    assertThat(CommissionCalculator.compute(MARGINAL, amount, "gold", List.of()).total())
        .isLessThanOrEqualTo(ceiling);
  }
}
