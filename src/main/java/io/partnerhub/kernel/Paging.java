package io.partnerhub.kernel;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.BiFunction;

/** List paging rules shared by every list: limit bounds and opaque keyset cursors. */
public final class Paging {
  public static final int DEFAULT_LIMIT = 50;

  private Paging() {}

  /** The limit to use: the default when absent (its bounds are openapi.yaml's Limit parameter). */
  public static int limit(Integer requested) {
    return requested == null ? DEFAULT_LIMIT : requested;
  }

  /**
   * A list filter's value: null (no filter) or one of {@code allowed}. An unknown value is
   * VALIDATION listing the allowed ones, never an empty page that looks like "nothing matches".
   */
  public static void oneOf(String parameter, String value, java.util.Collection<?> allowed) {
    if (value != null && !allowed.contains(value)) {
      throw ServiceException.invalidParameter(
          parameter,
          "one of "
              + allowed.stream()
                  .map(String::valueOf)
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
  }

  public static ServiceException invalidCursor() {
    return ServiceException.invalidParameter("cursor", "the nextCursor of a previous page");
  }

  /**
   * The position after which a (timestamp, id)-ordered page starts; both null for the first page.
   */
  public record TimeKey(java.time.OffsetDateTime time, java.util.UUID id) {
    /** The sort key a page's last row leaves in its cursor, read back by {@link #after}. */
    public static Object[] of(java.time.Instant time, java.util.UUID id) {
      return new Object[] {time.toString(), id.toString()};
    }

    /**
     * One page of a (timestamp, id)-ordered list: {@code fetch} reads up to the given number of
     * rows after the cursor's key; the page's last row leaves its {@code time} and {@code id} in
     * the next cursor. A bad cursor fails the future with VALIDATION.
     */
    public static <T> Future<Slice<T>> page(
        Integer limit,
        String cursor,
        BiFunction<TimeKey, Integer, Future<java.util.List<T>>> fetch,
        java.util.function.Function<T, java.time.Instant> time,
        java.util.function.Function<T, java.util.UUID> id) {
      int size = Paging.limit(limit);
      TimeKey after;
      try {
        after = after(cursor);
      } catch (ServiceException e) {
        return Future.failedFuture(e);
      }
      return fetch
          .apply(after, size + 1)
          .map(rows -> slice(rows, size, last -> of(time.apply(last), id.apply(last))));
    }

    /** Reads a cursor holding a key made by {@link #of}; VALIDATION when it is not one. */
    public static TimeKey after(String cursor) {
      JsonArray key = decodeCursor(cursor, 2);
      if (key == null) {
        return new TimeKey(null, null);
      }
      java.time.OffsetDateTime time;
      try {
        time = java.time.OffsetDateTime.parse(key.getString(0));
      } catch (RuntimeException e) {
        throw invalidCursor();
      }
      java.util.UUID id = Ids.parse(key.getValue(1) instanceof String text ? text : null);
      if (id == null || !Dates.isSupported(time.toLocalDate())) {
        throw invalidCursor();
      }
      return new TimeKey(time, id);
    }
  }

  /**
   * One page of rows: at most {@code limit} items, and the cursor of the next page (null on the
   * last).
   */
  public record Slice<T>(java.util.List<T> items, String nextCursor) {}

  /**
   * Cuts rows fetched with {@code limit + 1} into a page; the cursor holds the sort key {@code key}
   * gives for the page's last row.
   */
  public static <T> Slice<T> slice(
      java.util.List<T> rows, int limit, java.util.function.Function<T, Object[]> key) {
    if (rows.size() <= limit) {
      return new Slice<>(rows, null);
    }
    java.util.List<T> items = java.util.List.copyOf(rows.subList(0, limit));
    return new Slice<>(items, encodeCursor(key.apply(items.get(limit - 1))));
  }

  /** An opaque cursor holding the sort key of the last row returned. */
  public static String encodeCursor(Object... sortKey) {
    byte[] json =
        new JsonArray(java.util.List.of(sortKey)).encode().getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
  }

  /**
   * The sort key in a cursor, or null for the first page; VALIDATION when it is not one of ours.
   */
  public static JsonArray decodeCursor(String cursor, int size) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      JsonArray key =
          new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      // every sort key we write is a list of strings
      if (key.size() != size || !key.stream().allMatch(String.class::isInstance)) {
        throw new IllegalArgumentException();
      }
      return key;
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw invalidCursor();
    }
  }
}
