package io.partnerhub.kernel;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An enum of domain values (a status, a kind) whose form in JSON and in SQL is its lowercase name:
 * {@code PAID} is "paid", {@code CLOSED_WON} is "closed_won". Jackson reads only that form.
 */
public interface DomainValue {
  @JsonValue
  default String text() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
  }

  /** The text of {@code value}, or null for none (a filter not given). */
  static String textOf(DomainValue value) {
    return value == null ? null : value.text();
  }

  /** The value stored as {@code text} (a column read back), or null for null. */
  static <E extends Enum<E> & DomainValue> E parse(Class<E> type, String text) {
    return text == null ? null : Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
  }
}
