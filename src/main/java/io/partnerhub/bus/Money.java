package io.partnerhub.bus;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Currency;

/** Money rules shared by every amount: numeric(18,2), never negative, in an ISO 4217 currency. */
public final class Money {
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999999.99");

  private Money() {
  }

  /** Adds to {@code problems} what is wrong with the amount and the currency. */
  public static void check(BigDecimal amount, String currency, JsonObject problems) {
    if (amount == null || amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0
        || amount.stripTrailingZeros().scale() > 2) {
      problems.put("amount", "a non-negative decimal with at most 2 decimal places");
    }
    if (currency == null || !currency.matches("[A-Z]{3}") || !isIsoCurrency(currency)) {
      problems.put("currency", "an ISO 4217 code such as EUR");
    }
  }

  private static boolean isIsoCurrency(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
