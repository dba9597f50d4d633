package io.partnerhub.outbox;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.DomainEvent.Actor;
import io.partnerhub.bus.DomainEvent.Aggregate;
import io.partnerhub.db.Rows;
import io.partnerhub.kernel.Jsons;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL of the events table: the write a service makes in its own transaction ({@link #append}),
 * and what the relay, the durable consumers, the feed and the purge read and change. The
 * cross-tenant statements run in {@code Database.inEventLog} transactions.
 */
public final class Outbox {
  /** The cursor row that holds the last global position given (not a consumer). */
  static final String POSITIONS = "positions";

  private static final String COLUMNS =
      "id, sequence, type, occurred_at, organization_id, partner_id, aggregate_type, aggregate_id,"
          + " actor_type, actor_id, data::text AS data, position, xid::text AS xid";

  /**
   * Places the committed events this statement sees after everything placed before, in write order:
   * a global position, and each tenant's next dense sequence numbers. An event committed later is
   * placed by a later statement, so with higher numbers: a reader at N never later sees an event
   * below N (decision 210). Write order keeps two transactions that change the same row in their
   * commit order (the second inserts its event only once the first has committed). The caller holds
   * the sequencer lock, so placements never interleave. With nothing to place it writes nothing, so
   * an idle cycle costs no commit to disk.
   */
  private static final String SEQUENCE =
      "WITH ready AS ("
          + " SELECT id, organization_id,"
          + "  row_number() OVER (ORDER BY written) AS n,"
          + "  row_number() OVER (PARTITION BY organization_id ORDER BY written) AS k"
          + " FROM (SELECT id, organization_id, written FROM events"
          + "  WHERE position IS NULL ORDER BY written LIMIT $1) batch),"
          + " counts AS (SELECT organization_id, max(k) AS c FROM ready GROUP BY organization_id),"
          + " tenants AS ("
          + "  INSERT INTO event_sequences AS s (organization_id, last_sequence)"
          + "  SELECT organization_id, c FROM counts"
          + "  ON CONFLICT (organization_id)"
          + "  DO UPDATE SET last_sequence = s.last_sequence + excluded.last_sequence"
          + "  RETURNING organization_id, last_sequence),"
          + " total AS (SELECT count(*) AS c FROM ready),"
          + " global AS ("
          + "  UPDATE event_cursors SET position = position + (SELECT c FROM total)"
          + "  WHERE consumer = '"
          + POSITIONS
          + "' AND (SELECT c FROM total) > 0 RETURNING position)"
          + " UPDATE events e"
          + " SET position = g.position - (SELECT c FROM total) + r.n,"
          + "  sequence = t.last_sequence - c.c + r.k"
          + " FROM ready r JOIN tenants t USING (organization_id) JOIN counts c USING (organization_id),"
          + "  global g"
          + " WHERE e.id = r.id";

  /** Writes {@code event} in the caller's transaction: it exists if and only if the change does. */
  public static Future<Void> append(SqlConnection conn, DomainEvent event) {
    return conn.preparedQuery(
            "INSERT INTO events (id, organization_id, partner_id, type, aggregate_type, aggregate_id,"
                + " actor_type, actor_id, occurred_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                + " $9, $10::text::jsonb)")
        .execute(
            Tuple.from(
                new Object[] {
                  event.id(),
                  event.organizationId(),
                  event.partnerId(),
                  event.type(),
                  event.aggregate().type(),
                  event.aggregate().id(),
                  event.actor().type(),
                  event.actor().id(),
                  event.occurredAt().atOffset(ZoneOffset.UTC),
                  event.data().encode()
                }))
        .mapEmpty();
  }

  /** Appends each of {@code events}, in order. */
  public static Future<Void> appendAll(SqlConnection conn, List<DomainEvent> events) {
    Future<Void> all = Future.succeededFuture();
    for (DomainEvent event : events) {
      all = all.compose(done -> append(conn, event));
    }
    return all;
  }

  /** An event with its place in the global order (what durable consumers follow). */
  public record Placed(long position, long xid, DomainEvent event) {}

  /**
   * Places up to {@code limit} committed events (see {@link #SEQUENCE}); how many it placed. Both
   * statements are sent at once: the lock is taken before the placement runs.
   */
  static Future<Integer> sequence(SqlConnection conn, int limit) {
    Future<?> locked =
        conn.query("SELECT pg_advisory_xact_lock(hashtext('partnerhub-events-sequencer'))")
            .execute();
    // Every placed event leaves its unplaced version in the partial index until a vacuum; a
    // bitmap scan (the planner's choice for a few rows) visits all of them on every cycle, and
    // the relay fell behind under writes. An index scan marks them dead as it passes and then
    // skips them (decision 211).
    Future<?> indexScan = conn.query("SET LOCAL enable_bitmapscan = off").execute();
    Future<Integer> placed =
        conn.preparedQuery(SEQUENCE).execute(Tuple.of(limit)).map(rows -> rows.rowCount());
    return Future.all(locked, indexScan).compose(done -> placed);
  }

  private static List<Placed> placed(RowSet<Row> rows) {
    List<Placed> placed = new ArrayList<>();
    rows.forEach(
        row ->
            placed.add(
                new Placed(
                    row.getLong("position"), Long.parseLong(row.getString("xid")), event(row))));
    return placed;
  }

  /**
   * Placed events after where {@code consumer}'s cursor stands, in global order, of {@code types}
   * (null: every type).
   */
  static Future<List<Placed>> afterCursor(
      SqlConnection conn, String consumer, List<String> types, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM events WHERE position > (SELECT position FROM event_cursors"
                + " WHERE consumer = $1) AND ($2::text[] IS NULL OR type = ANY($2))"
                + " ORDER BY position LIMIT $3")
        .execute(Tuple.of(consumer, types == null ? null : types.toArray(String[]::new), limit))
        .map(Outbox::placed);
  }

  /**
   * The caller's tenant's events after {@code sequence}, in order (row-level security scopes them
   * to the tenant, and to a partner user's partner).
   */
  static Future<List<DomainEvent>> feed(
      SqlConnection conn, long sequence, List<String> types, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM events WHERE sequence > $1 AND ($2::text[] IS NULL OR type = ANY($2))"
                + " ORDER BY sequence LIMIT $3")
        .execute(Tuple.of(sequence, types == null ? null : types.toArray(String[]::new), limit))
        .map(
            rows -> {
              List<DomainEvent> events = new ArrayList<>();
              rows.forEach(row -> events.add(event(row)));
              return events;
            });
  }

  /**
   * Deletes up to {@code limit} placed events that occurred before {@code cutoff}, and raises each
   * tenant's purge horizon (the feed's 410) past them.
   */
  static Future<Integer> purge(SqlConnection conn, Instant cutoff, int limit) {
    return conn.preparedQuery(
            "WITH gone AS (DELETE FROM events WHERE id IN (SELECT id FROM events"
                + " WHERE occurred_at < $1 AND position IS NOT NULL LIMIT $2)"
                + " RETURNING organization_id, sequence),"
                + " horizons AS (UPDATE event_sequences s SET purged_through = g.last"
                + " FROM (SELECT organization_id, max(sequence) AS last FROM gone"
                + " GROUP BY organization_id) g"
                + " WHERE s.organization_id = g.organization_id AND s.purged_through < g.last)"
                + " SELECT count(*) AS deleted FROM gone")
        .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), limit))
        .map(rows -> rows.iterator().next().getLong("deleted").intValue());
  }

  /**
   * The caller's tenant's highest purged sequence (0: none purged): a feed cursor below it may have
   * missed events.
   */
  static Future<Long> purgedThrough(SqlConnection conn) {
    return conn.query(
            "SELECT coalesce(max(purged_through), 0) AS purged FROM event_sequences"
                + " WHERE organization_id = nullif(current_setting('app.current_organization_id',"
                + " true), '')::uuid")
        .execute()
        .map(rows -> rows.iterator().next().getLong("purged"));
  }

  private static DomainEvent event(Row row) {
    return new DomainEvent(
        row.getUUID("id"),
        row.getLong("sequence"),
        row.getString("type"),
        Rows.instant(row, "occurred_at"),
        row.getUUID("organization_id"),
        row.getUUID("partner_id"),
        new Aggregate(row.getString("aggregate_type"), row.getUUID("aggregate_id")),
        new Actor(row.getString("actor_type"), row.getUUID("actor_id")),
        (JsonObject) Jsons.decode(row.getString("data")));
  }

  /**
   * Creates {@code consumer}'s cursor if missing: at the start of the log or, {@code fromNow},
   * after every event placed so far.
   */
  static Future<Void> createCursor(SqlConnection conn, String consumer, boolean fromNow) {
    return conn.preparedQuery(
            "INSERT INTO event_cursors (consumer, position) SELECT $1, CASE WHEN $2 THEN position"
                + " ELSE 0 END FROM event_cursors WHERE consumer = '"
                + POSITIONS
                + "' ON CONFLICT (consumer) DO NOTHING")
        .execute(Tuple.of(consumer, fromNow))
        .mapEmpty();
  }

  /** Where {@code consumer}'s cursor stands. */
  static Future<Long> cursor(SqlConnection conn, String consumer) {
    return conn.preparedQuery("SELECT position FROM event_cursors WHERE consumer = $1")
        .execute(Tuple.of(consumer))
        .map(rows -> rows.iterator().next().getLong("position"));
  }

  /**
   * Moves {@code consumer}'s cursor forward to {@code position}; false when it is there already.
   */
  static Future<Boolean> advance(SqlConnection conn, String consumer, long position) {
    return conn.preparedQuery(
            "UPDATE event_cursors SET position = $2 WHERE consumer = $1 AND position < $2")
        .execute(Tuple.of(consumer, position))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Moves {@code consumer}'s cursor from exactly {@code from} to {@code to}; false when it is not
   * at {@code from} (another transaction moved it). The row stays locked until the caller's
   * transaction ends, so of two transactions handling the same events one commits its effects and
   * the other finds them taken.
   */
  static Future<Boolean> move(SqlConnection conn, String consumer, long from, long to) {
    return conn.preparedQuery(
            "UPDATE event_cursors SET position = $3 WHERE consumer = $1 AND position = $2")
        .execute(Tuple.of(consumer, from, to))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Creates relay {@code name}'s cursor if missing, where the relays that are gone (their lease
   * expired or given up) stopped: the lowest of their cursors, which it takes over and deletes, so
   * events they numbered but did not publish are published by this one. With none, after every
   * event numbered so far (the live relays of other buses published those). Call it before the
   * relay numbers anything.
   */
  static Future<Void> adoptRelayCursor(SqlConnection conn, String name) {
    return conn.preparedQuery(
            "WITH gone AS (DELETE FROM event_cursors c WHERE c.consumer LIKE 'relay@%'"
                + " AND c.consumer <> $1"
                + " AND NOT EXISTS (SELECT 1 FROM event_cursors mine WHERE mine.consumer = $1)"
                + " AND NOT EXISTS (SELECT 1 FROM leases l"
                + " WHERE l.name = c.consumer AND l.expires_at > now()) RETURNING position)"
                + " INSERT INTO event_cursors (consumer, position) SELECT $1,"
                + " coalesce((SELECT min(position) FROM gone), position) FROM event_cursors"
                + " WHERE consumer = '"
                + POSITIONS
                + "' ON CONFLICT (consumer) DO NOTHING")
        .execute(Tuple.of(name))
        .mapEmpty();
  }

  private Outbox() {}
}
