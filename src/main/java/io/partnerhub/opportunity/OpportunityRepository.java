package io.partnerhub.opportunity;

import io.partnerhub.db.Rows;
import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.opportunity.OpportunityApi.Opportunity;
import io.partnerhub.opportunity.OpportunityApi.RegistrationStatus;
import io.partnerhub.opportunity.OpportunityApi.StageChange;
import io.partnerhub.partner.PartnerApi.PartnerStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL of opportunities and their stage history. An approved registration whose protection period
 * has ended shows as expired at once (in every read), before the expiry sweep persists it.
 */
final class OpportunityRepository {
  /** An approved registration past its protection end that was not won. */
  private static final String LAPSED =
      "registration_status = 'approved' AND protection_ends_at < now()"
          + " AND stage <> 'closed_won'";

  private static final String COLUMNS =
      "id, partner_id, name, customer_name, customer_domain, customer_key, amount,"
          + " currency, expected_close_date, products::text AS products, stage,"
          + " CASE WHEN "
          + LAPSED
          + " THEN 'expired' ELSE registration_status END AS registration_status,"
          + " conflict_with, rejection_reason, protection_ends_at, registered_by, reviewed_by, reviewed_at, closed_at,"
          + " version, created_at, updated_at";

  /** A row plus the customer key conflict detection works on. */
  record Stored(Opportunity opportunity, String customerKey) {}

  Future<Stored> insert(SqlConnection conn, UUID organizationId, UUID userId, Opportunity deal) {
    return conn.preparedQuery(
            "INSERT INTO opportunities (organization_id, partner_id, name, customer_name,"
                + " customer_domain, amount, currency, expected_close_date, products, stage, registered_by)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  organizationId,
                  deal.partnerId(),
                  deal.name(),
                  deal.customerName(),
                  deal.customerDomain(),
                  deal.amount(),
                  deal.currency(),
                  date(deal.expectedCloseDate()),
                  products(deal),
                  deal.stage(),
                  userId
                }))
        .map(rows -> Rows.first(stored(rows)));
  }

  /**
   * Holds a transaction-scoped lock on one customer of one tenant: registrations for it serialize.
   */
  Future<Void> lockCustomer(SqlConnection conn, UUID organizationId, String customerKey) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of(organizationId + "/" + customerKey))
        .mapEmpty();
  }

  /**
   * The oldest other partner's active (pending, or approved and protected) registration of the
   * customer.
   */
  Future<UUID> activeConflict(SqlConnection conn, UUID id, UUID partnerId, String customerKey) {
    return conn.preparedQuery(
            "SELECT id FROM opportunities WHERE customer_key = $1 AND partner_id <> $2 AND id <> $3"
                + " AND (registration_status = 'pending' OR (registration_status = 'approved' AND NOT ("
                + LAPSED
                + ")))"
                + " ORDER BY created_at LIMIT 1")
        .execute(Tuple.of(customerKey, partnerId, id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
  }

  /** The customer's approved registration, if any (the unique index allows one). */
  Future<UUID> approvedFor(SqlConnection conn, String customerKey) {
    return conn.preparedQuery(
            "SELECT id FROM opportunities WHERE customer_key = $1 AND registration_status = 'approved'")
        .execute(Tuple.of(customerKey))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
  }

  Future<Opportunity> markConflict(SqlConnection conn, UUID id, UUID conflictWith) {
    return conn.preparedQuery(
            "UPDATE opportunities SET conflict_with = $2 WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(id, conflictWith))
        .map(rows -> Rows.first(stored(rows)).opportunity());
  }

  Future<Stored> find(SqlConnection conn, UUID id, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM opportunities WHERE id = $1"
                + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(stored(rows)));
  }

  Future<List<Opportunity>> list(
      SqlConnection conn,
      OpportunityApi.ListOpportunities filter,
      OffsetDateTime afterTime,
      UUID afterId,
      int limit) {
    return conn.preparedQuery(
            "SELECT * FROM (SELECT "
                + COLUMNS
                + " FROM opportunities"
                + " WHERE ($1::uuid IS NULL OR partner_id = $1) AND ($2::text IS NULL OR stage = $2)"
                + " AND ($4::timestamptz IS NULL OR (created_at, id) > ($4, $5))) visible"
                + " WHERE ($3::text IS NULL OR registration_status = $3)"
                + " ORDER BY created_at, id LIMIT $6")
        .execute(
            Tuple.from(
                new Object[] {
                  filter.partnerId(),
                  filter.stage(),
                  DomainValue.textOf(filter.registrationStatus()),
                  afterTime,
                  afterId,
                  limit
                }))
        .map(rows -> stored(rows).stream().map(Stored::opportunity).toList());
  }

  /**
   * Expires this customer's lapsed approvals, returning them: they must not block a new approval.
   */
  Future<List<Opportunity>> expireLapsed(SqlConnection conn, String customerKey) {
    return conn.preparedQuery(
            "UPDATE opportunities SET registration_status = 'expired', version = version + 1,"
                + " updated_at = clock_timestamp() WHERE "
                + LAPSED
                + " AND ($1::text IS NULL OR customer_key = $1) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(customerKey))
        .map(rows -> stored(rows).stream().map(Stored::opportunity).toList());
  }

  /**
   * Marks the approvals whose protection ends within {@code days} (not won, not yet reminded) as
   * reminded, returning them: each is reminded once, however often or concurrently this runs (the
   * row lock makes a concurrent run re-check {@code protection_reminded_at}). The version is kept:
   * a reminder changes nothing a client sees.
   */
  Future<List<Opportunity>> remindProtectionEnding(SqlConnection conn, int days) {
    return conn.preparedQuery(
            "UPDATE opportunities SET protection_reminded_at = clock_timestamp()"
                + " WHERE registration_status = 'approved' AND stage <> 'closed_won'"
                + " AND protection_reminded_at IS NULL AND protection_ends_at > now()"
                + " AND protection_ends_at <= now() + make_interval(days => $1) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(days))
        .map(rows -> stored(rows).stream().map(Stored::opportunity).toList());
  }

  /**
   * Marks the registrations pending for more than {@code hours} (not yet reported) as overdue,
   * returning them; once each, as for {@link #remindProtectionEnding}.
   */
  Future<List<Opportunity>> markReviewOverdue(SqlConnection conn, int hours) {
    return conn.preparedQuery(
            "UPDATE opportunities SET review_overdue_at = clock_timestamp()"
                + " WHERE registration_status = 'pending' AND review_overdue_at IS NULL"
                + " AND created_at <= now() - make_interval(hours => $1) RETURNING "
                + COLUMNS)
        .execute(Tuple.of(hours))
        .map(rows -> stored(rows).stream().map(Stored::opportunity).toList());
  }

  Future<Opportunity> review(
      SqlConnection conn,
      UUID id,
      UUID reviewer,
      RegistrationStatus status,
      Integer protectionDays,
      String reason) {
    return conn.preparedQuery(
            "UPDATE opportunities SET registration_status = $3, reviewed_by = $2, reviewed_at = stamp.at,"
                + " protection_ends_at = CASE WHEN $4::int IS NULL THEN NULL ELSE stamp.at + make_interval(days => $4::int) END,"
                + " rejection_reason = $5, version = version + 1, updated_at = stamp.at FROM clock_timestamp() AS stamp(at)"
                + " WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, reviewer, status.text(), protectionDays, reason))
        .map(rows -> Rows.first(stored(rows)).opportunity());
  }

  Future<Opportunity> update(SqlConnection conn, Opportunity deal, boolean closed) {
    return conn.preparedQuery(
            "UPDATE opportunities SET name = $2, amount = $3, currency = $4, expected_close_date = $5,"
                + " products = $6::text::jsonb, stage = $7,"
                // closed again in another closed stage (lost, then won): the close is now
                + " closed_at = CASE WHEN NOT $8 THEN NULL WHEN stage = $7 THEN coalesce(closed_at, stamp.at) ELSE stamp.at END,"
                + " version = version + 1, updated_at = stamp.at FROM clock_timestamp() AS stamp(at) WHERE id = $1"
                + " RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  deal.id(),
                  deal.name(),
                  deal.amount(),
                  deal.currency(),
                  date(deal.expectedCloseDate()),
                  products(deal),
                  deal.stage(),
                  closed
                }))
        .map(rows -> Rows.first(stored(rows)).opportunity());
  }

  Future<Void> recordStage(
      SqlConnection conn, UUID organizationId, Opportunity opportunity, String from, UUID userId) {
    return conn.preparedQuery(
            "INSERT INTO opportunity_stage_history (organization_id, opportunity_id, partner_id,"
                + " from_stage, to_stage, changed_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                organizationId,
                opportunity.id(),
                opportunity.partnerId(),
                from,
                opportunity.stage(),
                userId))
        .mapEmpty();
  }

  Future<List<StageChange>> stageHistory(SqlConnection conn, UUID id) {
    return conn.preparedQuery(
            "SELECT from_stage, to_stage, changed_by, changed_at FROM opportunity_stage_history"
                + " WHERE opportunity_id = $1 ORDER BY changed_at, id")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              List<StageChange> items = new ArrayList<>();
              for (Row row : rows) {
                items.add(
                    new StageChange(
                        row.getString("from_stage"),
                        row.getString("to_stage"),
                        row.getUUID("changed_by"),
                        row.getOffsetDateTime("changed_at").toInstant()));
              }
              return items;
            });
  }

  /** The partner's status, or null when the caller cannot see such a partner. */
  Future<PartnerStatus> partnerStatus(SqlConnection conn, UUID partnerId) {
    return conn.preparedQuery("SELECT status FROM partners WHERE id = $1")
        .execute(Tuple.of(partnerId))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : DomainValue.parse(
                        PartnerStatus.class, rows.iterator().next().getString("status")));
  }

  private static String products(Opportunity deal) {
    return Jsons.encode(deal.products() == null ? List.of() : deal.products());
  }

  private static LocalDate date(String iso) {
    return Dates.parse(iso); // checked by openapi.yaml's format: date
  }

  private static List<Stored> stored(RowSet<Row> rows) {
    List<Stored> items = new ArrayList<>(rows.size());
    for (Row row : rows) {
      List<String> products = new ArrayList<>();
      ((JsonArray) Jsons.decode(row.getString("products")))
          .forEach(product -> products.add(product.toString()));
      LocalDate closeDate = row.getLocalDate("expected_close_date");
      items.add(
          new Stored(
              new Opportunity(
                  row.getUUID("id"),
                  row.getUUID("partner_id"),
                  row.getString("name"),
                  row.getString("customer_name"),
                  row.getString("customer_domain"),
                  row.getBigDecimal("amount"),
                  row.getString("currency"),
                  closeDate == null ? null : closeDate.toString(),
                  List.copyOf(products),
                  row.getString("stage"),
                  DomainValue.parse(RegistrationStatus.class, row.getString("registration_status")),
                  row.getUUID("conflict_with"),
                  row.getString("rejection_reason"),
                  Rows.instant(row, "protection_ends_at"),
                  row.getUUID("registered_by"),
                  row.getUUID("reviewed_by"),
                  Rows.instant(row, "reviewed_at"),
                  Rows.instant(row, "closed_at"),
                  row.getInteger("version"),
                  Rows.instant(row, "created_at"),
                  Rows.instant(row, "updated_at")),
              row.getString("customer_key")));
    }
    return items;
  }
}
