package io.partnerhub.dashboard;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * The dashboard's SQL: one statement of aggregates over a period. Runs inside a tenant transaction
 * (RLS-scoped).
 */
final class DashboardRepository {
  private static final String AGGREGATES =
      "WITH opened AS ("
          + "  SELECT stage, currency, amount, CASE WHEN registration_status = 'approved' AND protection_ends_at < now()"
          + "    AND stage <> 'closed_won' THEN 'expired' ELSE registration_status END AS registration"
          + "  FROM opportunities WHERE created_at >= $1 AND created_at < $2),"
          + " closed AS (SELECT partner_id, stage, currency, amount, created_at, closed_at FROM opportunities"
          + "  WHERE closed_at >= $1 AND closed_at < $2 AND stage IN ('closed_won', 'closed_lost'))"
          // money leaves as text ("1234.50": a sum of numeric(18,2) keeps two decimals), never as a
          // JSON number
          + " SELECT"
          + " (SELECT coalesce(json_agg(t), '[]') FROM (SELECT stage, currency, count(*) AS count, sum(amount)::text AS amount"
          + "   FROM opened GROUP BY stage, currency ORDER BY stage, currency) t)::text AS pipeline,"
          + " (SELECT coalesce(json_agg(t), '[]') FROM (SELECT currency, count(*) AS deals, sum(amount)::text AS amount,"
          + "   round(avg(amount), 2)::text AS \"averageDealSize\" FROM closed WHERE stage = 'closed_won'"
          + "   GROUP BY currency ORDER BY currency) t)::text AS won,"
          + " (SELECT count(*) FROM closed WHERE stage = 'closed_won') AS won_count,"
          + " (SELECT count(*) FROM closed WHERE stage = 'closed_lost') AS lost_count,"
          + " (SELECT round(avg(extract(epoch FROM closed_at - created_at) / 86400)::numeric, 2) FROM closed"
          + "   WHERE stage = 'closed_won') AS cycle_days,"
          + " (SELECT coalesce(json_agg(t), '[]') FROM (SELECT registration AS status, count(*) AS count FROM opened"
          + "   GROUP BY registration ORDER BY registration) t)::text AS registrations,"
          // the five largest per currency: amounts in different currencies are never compared
          + " (SELECT coalesce(json_agg(t), '[]') FROM (SELECT \"partnerId\", name, currency, deals,"
          + "   \"wonAmount\"::text AS \"wonAmount\""
          + "   FROM (SELECT c.partner_id AS \"partnerId\", p.name, c.currency, count(*) AS deals, sum(c.amount) AS \"wonAmount\","
          + "     row_number() OVER (PARTITION BY c.currency ORDER BY sum(c.amount) DESC, p.name) AS place"
          + "     FROM closed c JOIN partners p ON p.id = c.partner_id WHERE c.stage = 'closed_won'"
          + "     GROUP BY c.partner_id, p.name, c.currency) ranked"
          + "   WHERE place <= 5 ORDER BY currency, place) t)::text AS top_partners,"
          + " (SELECT coalesce(json_agg(t), '[]') FROM (SELECT status, currency, count(*) AS count, sum(amount)::text AS amount"
          + "   FROM commissions WHERE created_at >= $1 AND created_at < $2 GROUP BY status, currency"
          + "   ORDER BY status, currency) t)::text AS commissions,"
          + " (SELECT coalesce(json_agg(t), '[]') FROM (SELECT tier, status, count(*) AS count FROM partners"
          + "   GROUP BY tier, status ORDER BY tier, status) t)::text AS partners";

  /** One row of every figure for deals opened or closed, and commissions created, in [from, to). */
  Future<Row> aggregates(SqlConnection conn, OffsetDateTime from, OffsetDateTime to) {
    return conn.preparedQuery(AGGREGATES)
        .execute(Tuple.of(from, to))
        .map(rows -> rows.iterator().next());
  }
}
