package io.partnerhub.commission;

import io.partnerhub.commission.CommissionApi.BreakdownLine;
import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's commission rules (configuration {@code commissions/rules}): effective-dated versions,
 * each with a base rule (flat, by partner tier, or amount brackets in slab or marginal mode),
 * optional per-product rates that replace the base rate, and an optional fixed bonus per won deal.
 * Rates are percentages. {@link #parse} rejects anything malformed, including brackets with gaps or
 * overlaps.
 */
public record CommissionRules(List<Version> versions) {

  enum Mode {
    SLAB,
    MARGINAL
  }

  record Bracket(BigDecimal from, BigDecimal to, BigDecimal rate) {
    boolean contains(BigDecimal amount) {
      return amount.compareTo(from) >= 0 && (to == null || amount.compareTo(to) < 0);
    }
  }

  /**
   * What a version pays when no product rate applies: one kind of rule, each with its own fields
   * only.
   */
  sealed interface Base permits Flat, ByTier, ByAmount {
    /** The lines of a deal of {@code amount} by a partner of {@code tier}. */
    List<BreakdownLine> lines(BigDecimal amount, String tier);
  }

  /** kind flat: one rate on every deal. */
  record Flat(BigDecimal rate) implements Base {
    @Override
    public List<BreakdownLine> lines(BigDecimal amount, String tier) {
      return List.of(CommissionCalculator.line("flat rate", amount, rate));
    }
  }

  /** kind tier: the rate of the partner's tier, else {@code defaultRate}. */
  record ByTier(Map<String, BigDecimal> rates, BigDecimal defaultRate) implements Base {
    @Override
    public List<BreakdownLine> lines(BigDecimal amount, String tier) {
      return List.of(
          CommissionCalculator.line("tier " + tier, amount, rates.getOrDefault(tier, defaultRate)));
    }
  }

  /**
   * kind brackets: rates by amount, slab (the whole amount at one bracket's rate) or marginal (each
   * part at its own).
   */
  record ByAmount(Mode mode, List<Bracket> brackets) implements Base {
    @Override
    public List<BreakdownLine> lines(BigDecimal amount, String tier) {
      return mode == Mode.SLAB
          ? List.of(CommissionCalculator.slab(brackets, amount))
          : CommissionCalculator.marginal(brackets, amount);
    }
  }

  record Version(
      LocalDate effectiveFrom,
      Base base,
      Map<String, BigDecimal> productRates,
      BigDecimal bonus,
      JsonObject source) {}

  /**
   * The version in force on {@code day}: the latest whose effectiveFrom is not after it, or null.
   */
  Version effectiveOn(LocalDate day) {
    Version chosen = null;
    for (Version version : versions) {
      if (!version.effectiveFrom().isAfter(day)) {
        chosen = version;
      }
    }
    return chosen;
  }

  /** Built-in rules: a flat 10% on every won deal. */
  public static final JsonArray DEFAULT =
      new JsonArray()
          .add(
              new JsonObject()
                  .put("effectiveFrom", "2000-01-01")
                  .put("base", new JsonObject().put("kind", "flat").put("rate", 10)));

  /** What is wrong with a configuration value for commissions/rules, or null when it is usable. */
  public static String problems(Object value) {
    try {
      parse(value);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Parses and checks the configuration value; IllegalArgumentException says what is wrong. */
  static CommissionRules parse(Object value) {
    if (!(value instanceof JsonArray list)) {
      throw new IllegalArgumentException("an array of rule versions");
    }
    List<Version> versions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject version)) {
        throw new IllegalArgumentException("version " + i + " must be an object");
      }
      versions.add(version(version, "version " + i));
    }
    versions.sort(Comparator.comparing(Version::effectiveFrom));
    for (int i = 1; i < versions.size(); i++) {
      if (versions.get(i).effectiveFrom().equals(versions.get(i - 1).effectiveFrom())) {
        throw new IllegalArgumentException(
            "two versions take effect on " + versions.get(i).effectiveFrom());
      }
    }
    return new CommissionRules(List.copyOf(versions));
  }

  private static Version version(JsonObject json, String where) {
    LocalDate from =
        json.getValue("effectiveFrom") instanceof String text ? Dates.parse(text) : null;
    if (from == null) {
      throw new IllegalArgumentException(where + ": effectiveFrom must be " + Dates.PROBLEM);
    }
    if (!(json.getValue("base") instanceof JsonObject base)) {
      throw new IllegalArgumentException(where + ": base rule required");
    }
    Map<String, BigDecimal> productRates =
        rates(json.getValue("productRates"), where + ": productRates");
    BigDecimal bonus =
        json.getValue("bonus") == null
            ? BigDecimal.ZERO
            : amount(json.getValue("bonus"), where + ": bonus");
    return new Version(from, base(base, where + ": base"), productRates, bonus, json);
  }

  private static Base base(JsonObject json, String where) {
    String kind = String.valueOf(json.getValue("kind"));
    return switch (kind) {
      case "flat" -> new Flat(rate(json.getValue("rate"), where + ".rate"));
      case "tier" -> {
        Map<String, BigDecimal> rates = rates(json.getValue("rates"), where + ".rates");
        BigDecimal fallback =
            json.getValue("defaultRate") == null
                ? BigDecimal.ZERO
                : rate(json.getValue("defaultRate"), where + ".defaultRate");
        yield new ByTier(rates, fallback);
      }
      case "brackets" -> {
        Mode mode;
        try {
          mode = Mode.valueOf(String.valueOf(json.getValue("mode")).toUpperCase());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ".mode must be slab or marginal");
        }
        yield new ByAmount(mode, brackets(json.getValue("brackets"), where + ".brackets"));
      }
      default -> throw new IllegalArgumentException(where + ".kind must be flat, tier or brackets");
    };
  }

  /**
   * Brackets must start at 0, follow each other without gap or overlap, and only the last may be
   * open.
   */
  private static List<Bracket> brackets(Object value, String where) {
    if (!(value instanceof JsonArray list) || list.isEmpty()) {
      throw new IllegalArgumentException(where + " must be a non-empty array");
    }
    List<Bracket> brackets = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject json)) {
        throw new IllegalArgumentException(where + "[" + i + "] must be an object");
      }
      BigDecimal from = amount(json.getValue("from"), where + "[" + i + "].from");
      BigDecimal to =
          json.getValue("to") == null
              ? null
              : amount(json.getValue("to"), where + "[" + i + "].to");
      brackets.add(new Bracket(from, to, rate(json.getValue("rate"), where + "[" + i + "].rate")));
    }
    brackets.sort(Comparator.comparing(Bracket::from));
    if (brackets.get(0).from().signum() != 0) {
      throw new IllegalArgumentException(where + ": the first bracket must start at 0");
    }
    for (int i = 0; i < brackets.size(); i++) {
      Bracket bracket = brackets.get(i);
      boolean last = i == brackets.size() - 1;
      if (bracket.to() == null && !last) {
        throw new IllegalArgumentException(
            where + ": only the last bracket may be open-ended (overlap)");
      }
      if (bracket.to() != null && bracket.to().compareTo(bracket.from()) <= 0) {
        throw new IllegalArgumentException(where + ": a bracket must end after it starts");
      }
      if (!last && bracket.to().compareTo(brackets.get(i + 1).from()) != 0) {
        throw new IllegalArgumentException(
            where
                + (bracket.to().compareTo(brackets.get(i + 1).from()) < 0
                    ? ": gap between " + bracket.to() + " and " + brackets.get(i + 1).from()
                    : ": brackets overlap at " + brackets.get(i + 1).from()));
      }
    }
    if (brackets.get(brackets.size() - 1).to() != null) {
      throw new IllegalArgumentException(
          where + ": the last bracket must be open-ended (to: null)");
    }
    return List.copyOf(brackets);
  }

  private static Map<String, BigDecimal> rates(Object value, String where) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject json)) {
      throw new IllegalArgumentException(where + " must be an object of name to rate");
    }
    Map<String, BigDecimal> rates = new LinkedHashMap<>();
    json.forEach(
        entry -> rates.put(entry.getKey(), rate(entry.getValue(), where + "." + entry.getKey())));
    return rates;
  }

  /** At most 6 decimals: a breakdown line (base × rate) stays a short exact decimal. */
  private static BigDecimal rate(Object value, String where) {
    BigDecimal rate = decimal(value, where);
    if (rate.signum() < 0
        || rate.compareTo(BigDecimal.valueOf(100)) > 0
        || rate.stripTrailingZeros().scale() > 6) {
      throw new IllegalArgumentException(
          where + " must be a percentage from 0 to 100 with at most 6 decimals");
    }
    return rate;
  }

  /**
   * A bonus or a bracket bound: money like a deal's amount, so that a commission (at most the deal
   * at 100% plus the bonus) always fits the ledger (see V5_3__money_end_to_end.sql).
   */
  private static BigDecimal amount(Object value, String where) {
    BigDecimal amount = decimal(value, where);
    if (!Money.isAmount(amount)) {
      throw new IllegalArgumentException(where + " must be " + Money.RULE);
    }
    return amount;
  }

  private static BigDecimal decimal(Object value, String where) {
    if (!(value instanceof Number) && !(value instanceof String)) {
      throw new IllegalArgumentException(where + " must be a decimal");
    }
    try {
      return new BigDecimal(value.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + " must be a decimal");
    }
  }
}
