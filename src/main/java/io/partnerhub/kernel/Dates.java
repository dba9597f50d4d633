package io.partnerhub.kernel;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The one reader of dates from input. Only 1900-01-01 to 9999-12-31 is supported: every such date
 * converts to a PostgreSQL date and timestamptz and back, and a day or a period around it still
 * fits, while {@link LocalDate#parse} alone takes years such as -999999999 that fail later as a
 * 500.
 */
public final class Dates {
  public static final LocalDate MIN = LocalDate.of(1900, 1, 1);
  public static final LocalDate MAX = LocalDate.of(9999, 12, 31);

  /** What a date must look like, for problem messages. */
  public static final String PROBLEM = "a date as YYYY-MM-DD from " + MIN + " to " + MAX;

  private Dates() {}

  /**
   * The date {@code value} names, or null when it is null, not YYYY-MM-DD or outside the supported
   * range.
   */
  public static LocalDate parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      LocalDate date = LocalDate.parse(value);
      return isSupported(date) ? date : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static boolean isSupported(LocalDate date) {
    return !date.isBefore(MIN) && !date.isAfter(MAX);
  }
}
