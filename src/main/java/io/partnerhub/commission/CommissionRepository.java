package io.partnerhub.commission;

import io.partnerhub.commission.CommissionApi.Commission;
import io.partnerhub.commission.CommissionApi.CommissionStatus;
import io.partnerhub.commission.CommissionApi.EntryKind;
import io.partnerhub.db.Rows;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Jsons;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL of the ledger. It reads the deal and its partner's tier (read only) and locks the deal's row,
 * so that reconciliations of one deal, on any node, run one after another.
 */
final class CommissionRepository {
  private static final String COLUMNS =
      "id, partner_id, opportunity_id, kind, status, amount, currency, deal_amount,"
          + " rule::text AS rule, breakdown::text AS breakdown, adjusts, approved_by, approved_at, paid_by, paid_at, version,"
          + " created_at, updated_at";

  /** What the ledger needs of a deal. */
  record Deal(
      UUID id,
      UUID partnerId,
      BigDecimal amount,
      String currency,
      String stage,
      LocalDate closedOn,
      List<String> products,
      String tier) {}

  Future<Deal> lockDeal(SqlConnection conn, UUID opportunityId) {
    return conn.preparedQuery(
            "SELECT o.id, o.partner_id, o.amount, o.currency, o.stage, o.closed_at, o.products::text"
                + " AS products, p.tier FROM opportunities o JOIN partners p ON p.id = o.partner_id WHERE o.id = $1"
                + " FOR UPDATE OF o")
        .execute(Tuple.of(opportunityId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              List<String> products = new ArrayList<>();
              ((JsonArray) Jsons.decode(row.getString("products")))
                  .forEach(product -> products.add(product.toString()));
              OffsetDateTime closedAt = row.getOffsetDateTime("closed_at");
              return new Deal(
                  row.getUUID("id"),
                  row.getUUID("partner_id"),
                  row.getBigDecimal("amount"),
                  row.getString("currency"),
                  row.getString("stage"),
                  closedAt == null ? null : closedAt.toLocalDate(),
                  products,
                  row.getString("tier"));
            });
  }

  Future<String> partnerTier(SqlConnection conn, UUID partnerId) {
    return conn.preparedQuery("SELECT tier FROM partners WHERE id = $1")
        .execute(Tuple.of(partnerId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("tier"));
  }

  Future<Commission> activeFor(SqlConnection conn, UUID opportunityId) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM commissions WHERE opportunity_id = $1 AND kind = 'commission'"
                + " AND status <> 'void' FOR UPDATE")
        .execute(Tuple.of(opportunityId))
        .map(rows -> Rows.first(commissions(rows)));
  }

  /** The commission plus its adjustments: what the partner is owed for the deal so far. */
  Future<BigDecimal> netOf(SqlConnection conn, UUID commissionId) {
    return conn.preparedQuery(
            "SELECT coalesce(sum(amount), 0) AS net FROM commissions WHERE (id = $1 OR adjusts = $1)"
                + " AND status <> 'void'")
        .execute(Tuple.of(commissionId))
        .map(rows -> rows.iterator().next().getBigDecimal("net"));
  }

  Future<Commission> insert(
      SqlConnection conn,
      UUID organizationId,
      Deal deal,
      EntryKind kind,
      BigDecimal amount,
      JsonObject rule,
      Object breakdown,
      UUID adjusts) {
    // created_at and updated_at from one reading of the clock (two defaults would read it twice)
    return conn.preparedQuery(
            "INSERT INTO commissions (organization_id, partner_id, opportunity_id, kind, amount,"
                + " currency, deal_amount, rule, breakdown, adjusts, created_at, updated_at) SELECT $1, $2, $3, $4, $5, $6, $7,"
                + " $8::text::jsonb, $9::text::jsonb, $10, stamp.at, stamp.at FROM clock_timestamp() AS stamp(at)"
                + " RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  organizationId,
                  deal.partnerId(),
                  deal.id(),
                  kind.text(),
                  amount,
                  deal.currency(),
                  deal.amount(),
                  Jsons.encode(rule),
                  Jsons.encode(breakdown),
                  adjusts
                }))
        .map(rows -> Rows.first(commissions(rows)));
  }

  /** New figures for a commission not yet paid; approval starts over. */
  Future<Commission> recompute(
      SqlConnection conn, UUID id, BigDecimal amount, Deal deal, Object breakdown) {
    return conn.preparedQuery(
            "UPDATE commissions SET amount = $2, deal_amount = $3, currency = $4,"
                + " breakdown = $5::text::jsonb, status = 'pending', approved_by = NULL, approved_at = NULL,"
                + " version = version + 1, updated_at = clock_timestamp() WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, amount, deal.amount(), deal.currency(), Jsons.encode(breakdown)))
        .map(rows -> Rows.first(commissions(rows)));
  }

  /**
   * Moves a row from one status to the next, or returns null when it is no longer in {@code from}.
   */
  Future<Commission> transition(
      SqlConnection conn, UUID id, CommissionStatus from, CommissionStatus to, UUID userId) {
    return conn.preparedQuery(
            "UPDATE commissions SET status = $3,"
                + " approved_by = CASE WHEN $3 = 'approved' THEN $4 ELSE approved_by END,"
                + " approved_at = CASE WHEN $3 = 'approved' THEN stamp.at ELSE approved_at END,"
                + " paid_by = CASE WHEN $3 = 'paid' THEN $4 ELSE paid_by END,"
                + " paid_at = CASE WHEN $3 = 'paid' THEN stamp.at ELSE paid_at END,"
                + " version = version + 1, updated_at = stamp.at FROM clock_timestamp() AS stamp(at)"
                + " WHERE id = $1 AND status = $2 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, from.text(), to.text(), userId))
        .map(rows -> Rows.first(commissions(rows)));
  }

  Future<Commission> find(SqlConnection conn, UUID id) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM commissions WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(commissions(rows)));
  }

  Future<List<Commission>> list(
      SqlConnection conn,
      UUID partnerId,
      CommissionStatus status,
      OffsetDateTime afterTime,
      UUID afterId,
      int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM commissions WHERE ($1::uuid IS NULL OR partner_id = $1)"
                + " AND ($2::text IS NULL OR status = $2) AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4))"
                + " ORDER BY created_at, id LIMIT $5")
        .execute(Tuple.of(partnerId, DomainValue.textOf(status), afterTime, afterId, limit))
        .map(CommissionRepository::commissions);
  }

  /** Rows created in [from, to), days taken in UTC whatever the database session's time zone. */
  Future<List<Commission>> between(
      SqlConnection conn, UUID partnerId, LocalDate from, LocalDate to) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM commissions WHERE partner_id = $1"
                + " AND created_at >= $2 AND created_at < $3 ORDER BY created_at, id")
        .execute(
            Tuple.of(
                partnerId,
                from.atStartOfDay().atOffset(java.time.ZoneOffset.UTC),
                to.atStartOfDay().atOffset(java.time.ZoneOffset.UTC)))
        .map(CommissionRepository::commissions);
  }

  private static List<Commission> commissions(RowSet<Row> rows) {
    List<Commission> items = new ArrayList<>(rows.size());
    for (Row row : rows) {
      items.add(
          new Commission(
              row.getUUID("id"),
              row.getUUID("partner_id"),
              row.getUUID("opportunity_id"),
              DomainValue.parse(EntryKind.class, row.getString("kind")),
              DomainValue.parse(CommissionStatus.class, row.getString("status")),
              row.getBigDecimal("amount"),
              row.getString("currency"),
              row.getBigDecimal("deal_amount"),
              Jsons.decode(row.getString("rule")),
              Jsons.decode(row.getString("breakdown")),
              row.getUUID("adjusts"),
              row.getUUID("approved_by"),
              Rows.instant(row, "approved_at"),
              row.getUUID("paid_by"),
              Rows.instant(row, "paid_at"),
              row.getInteger("version"),
              Rows.instant(row, "created_at"),
              Rows.instant(row, "updated_at")));
    }
    return items;
  }
}
