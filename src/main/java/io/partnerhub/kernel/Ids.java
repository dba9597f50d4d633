package io.partnerhub.kernel;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one reader of ids from input (path, query, body, cursors, tokens). Only the canonical
 * 8-4-4-4-12 hex form is an id: {@link UUID#fromString} alone would read {@code 1-1-1-1-1} as
 * another id.
 */
public final class Ids {
  /** What an id must look like, for problem messages. */
  public static final String PROBLEM =
      "a UUID in canonical form such as 0b7c6d1e-8a52-4c1f-9d2e-3f4a5b6c7d8e";

  private static final Pattern CANONICAL =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Ids() {}

  /** The id {@code value} names, or null when it is null or not a canonical UUID. */
  public static UUID parse(String value) {
    return value != null && CANONICAL.matcher(value).matches() ? UUID.fromString(value) : null;
  }
}
