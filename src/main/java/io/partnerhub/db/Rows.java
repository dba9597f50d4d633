package io.partnerhub.db;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** Small helpers every repository uses to read rows. */
public final class Rows {
  private Rows() {}

  /** A timestamptz column as an Instant; null stays null. */
  public static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /** The first item, or null for none. */
  public static <T> T first(List<T> items) {
    return items.isEmpty() ? null : items.get(0);
  }
}
