package io.partnerhub.commission;

import io.partnerhub.commission.CommissionApi.Breakdown;
import io.partnerhub.commission.CommissionApi.BreakdownLine;
import io.partnerhub.commission.CommissionRules.Bracket;
import io.partnerhub.commission.CommissionRules.Version;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes what a rule version pays on a deal. Lines carry exact values; the total is rounded once,
 * HALF_EVEN to 2 places, so rounding never compounds across brackets.
 */
final class CommissionCalculator {
  private CommissionCalculator() {}

  static Breakdown compute(Version rule, BigDecimal amount, String tier, List<String> products) {
    List<BreakdownLine> lines = new ArrayList<>();
    BigDecimal productRate =
        products == null
            ? null
            : products.stream()
                .map(rule.productRates()::get)
                .filter(java.util.Objects::nonNull)
                .max(BigDecimal::compareTo)
                .orElse(null);
    lines.addAll(
        productRate != null
            ? List.of(line("product rate", amount, productRate))
            : rule.base().lines(amount, tier));
    if (rule.bonus().signum() > 0) {
      lines.add(new BreakdownLine("bonus per won deal", null, null, rule.bonus()));
    }
    BigDecimal total =
        lines.stream().map(BreakdownLine::commission).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Breakdown(lines, total.setScale(2, RoundingMode.HALF_EVEN));
  }

  /** Slab: the whole amount at the rate of the bracket it falls in. */
  static BreakdownLine slab(List<Bracket> brackets, BigDecimal amount) {
    Bracket bracket = brackets.stream().filter(b -> b.contains(amount)).findFirst().orElseThrow();
    return line("slab " + describe(bracket), amount, bracket.rate());
  }

  /** Marginal: each part of the amount at the rate of its own bracket. */
  static List<BreakdownLine> marginal(List<Bracket> brackets, BigDecimal amount) {
    List<BreakdownLine> lines = new ArrayList<>();
    for (Bracket bracket : brackets) {
      if (amount.compareTo(bracket.from()) <= 0) {
        break;
      }
      BigDecimal top =
          bracket.to() == null || amount.compareTo(bracket.to()) < 0 ? amount : bracket.to();
      lines.add(
          line("marginal " + describe(bracket), top.subtract(bracket.from()), bracket.rate()));
    }
    return lines;
  }

  private static String describe(Bracket bracket) {
    return bracket.from().toPlainString()
        + " to "
        + (bracket.to() == null ? "∞" : bracket.to().toPlainString());
  }

  static BreakdownLine line(String description, BigDecimal base, BigDecimal rate) {
    return new BreakdownLine(description, base, rate, base.multiply(rate).movePointLeft(2));
  }
}
