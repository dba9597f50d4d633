package io.partnerhub.kernel;

import java.util.UUID;

/**
 * The one reader of ids from input (path, query, body, cursors, tokens). Only the canonical
 * 8-4-4-4-12 hex form is an id: {@link UUID#fromString} alone would read {@code 1-1-1-1-1} as
 * another id.
 */
public final class Ids {
  /** What an id must look like, for problem messages. */
  public static final String PROBLEM =
      "a UUID in canonical form such as 0b7c6d1e-8a52-4c1f-9d2e-3f4a5b6c7d8e";

  private Ids() {}

  /** The id {@code value} names, or null when it is null or not a canonical UUID. */
  public static UUID parse(String value) {
    return value != null && isCanonical(value) ? UUID.fromString(value) : null;
  }

  /** 8-4-4-4-12 hex digits, checked by hand: every request with an id in its path asks. */
  private static boolean isCanonical(String value) {
    if (value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (dash ? c != '-' : !hex) { // ASCII only: Character.digit also reads full-width digits
        return false;
      }
    }
    return true;
  }
}
