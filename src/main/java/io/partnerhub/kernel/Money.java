package io.partnerhub.kernel;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * Money rules shared by every amount: numeric(18,2), never negative, in an ISO 4217 currency. On
 * the wire (responses, events, statements) an amount is a decimal string with two decimals,
 * "1234.50": a JSON number would be read as a double by many clients, and 9999999999999999.99 is
 * not one.
 */
public final class Money {
  /**
   * The largest amount anyone may send: a deal, a rule's bonus or bracket bound (numeric(18,2)).
   */
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999999.99");

  public static final String RULE =
      "a non-negative decimal up to "
          + MAX_AMOUNT.toPlainString()
          + " with at most 2 decimal places";
  public static final String CURRENCY_RULE = "an ISO 4217 code such as EUR";

  private Money() {}

  public static boolean isAmount(BigDecimal amount) {
    return amount != null
        && amount.signum() >= 0
        && amount.compareTo(MAX_AMOUNT) <= 0
        && amount.stripTrailingZeros().scale() <= 2;
  }

  /**
   * The one text of an amount: at least two decimals ("1234.50", "-150.00"), more only for an exact
   * intermediate value that has them (a breakdown line's 150.0075 before the total is rounded).
   */
  public static String text(BigDecimal amount) {
    BigDecimal exact = amount.stripTrailingZeros();
    return (exact.scale() < 2 ? exact.setScale(2) : exact).toPlainString();
  }

  /**
   * Writes an amount field of a record as {@link #text}: {@code @JsonSerialize(using =
   * Money.AsText.class)}.
   */
  public static final class AsText extends StdSerializer<BigDecimal> {
    public AsText() {
      super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal amount, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeString(text(amount));
    }
  }

  /** An ISO 4217 code in capitals, such as EUR (openapi.yaml's {@code format: currency}). */
  public static boolean isCurrency(String code) {
    if (!code.matches("[A-Z]{3}")) {
      return false;
    }
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
