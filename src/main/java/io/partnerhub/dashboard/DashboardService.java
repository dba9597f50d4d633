package io.partnerhub.dashboard;

import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.Money;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.cache.ReadCache;
import io.partnerhub.opportunity.OpportunityConfiguration;
import io.partnerhub.dashboard.DashboardApi.Dashboard;
import io.partnerhub.dashboard.DashboardApi.GetDashboard;
import io.partnerhub.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The dashboard: every figure from one SQL statement of aggregates (RLS-scoped to the caller), cached
 * briefly per organization and invalidated by domain events.
 */
final class DashboardService {
  private static final String AGGREGATES = "WITH opened AS ("
      + "  SELECT stage, currency, amount, CASE WHEN registration_status = 'approved' AND protection_ends_at < now()"
      + "    AND stage <> 'closed_won' THEN 'expired' ELSE registration_status END AS registration"
      + "  FROM opportunities WHERE created_at >= $1 AND created_at < $2),"
      + " closed AS (SELECT partner_id, stage, currency, amount, created_at, closed_at FROM opportunities"
      + "  WHERE closed_at >= $1 AND closed_at < $2 AND stage IN ('closed_won', 'closed_lost'))"
      // money leaves as text ("1234.50": a sum of numeric(18,2) keeps two decimals), never as a JSON number
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

  private final Database database;
  private final ReadCache cache;

  DashboardService(Database database, ReadCache cache) {
    this.database = database;
    this.cache = cache;
  }

  Future<Dashboard> get(GetDashboard request) {
    LocalDate to = date(request.to(), "to", LocalDate.now(ZoneOffset.UTC));
    LocalDate from = date(request.from(), "from", to.minusDays(89));
    if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) > 3660) {
      throw ServiceException.invalidParameter("from", "not after to, and at most 10 years before it");
    }
    var context = request.context();
    String key = (context.partnerId() == null ? "all" : context.partnerId()) + ":" + from + ":" + to;
    return cache.getOrLoad(context.organizationId(), key, Dashboard.class, () -> database.inTenant(context, conn ->
            OpportunityConfiguration.CATEGORY.read(conn).compose(settings -> conn.preparedQuery(AGGREGATES)
                .execute(Tuple.of(from.atStartOfDay().atOffset(ZoneOffset.UTC),
                    to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)))
                .map(rows -> dashboard(from, to, rows.iterator().next(), settings.getJsonArray("stages"))))));
  }

  private static Dashboard dashboard(LocalDate from, LocalDate to, Row row, JsonArray stages) {
    JsonArray pipeline = (JsonArray) Jsons.decode(row.getString("pipeline"));
    for (Object item : pipeline) {
      JsonObject stage = (JsonObject) item;
      BigDecimal probability = probability(stages, stage.getString("stage"));
      BigDecimal amount = new BigDecimal(stage.getValue("amount").toString());
      stage.put("probability", probability)
          .put("weightedAmount", Money.text(amount.multiply(probability).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN)));
    }
    long won = row.getLong("won_count");
    long lost = row.getLong("lost_count");
    BigDecimal winRate = won + lost == 0 ? null
        : BigDecimal.valueOf(won).divide(BigDecimal.valueOf(won + lost), 4, RoundingMode.HALF_EVEN);
    return new Dashboard(from.toString(), to.toString(), pipeline, Jsons.decode(row.getString("won")), winRate,
        row.getBigDecimal("cycle_days"), Jsons.decode(row.getString("registrations")),
        Jsons.decode(row.getString("top_partners")), Jsons.decode(row.getString("commissions")),
        Jsons.decode(row.getString("partners")));
  }

  /** The configured probability of a stage (0 for a stage no longer configured). */
  private static BigDecimal probability(JsonArray stages, String name) {
    for (Object stage : stages) {
      if (name.equals(((JsonObject) stage).getString("name"))) {
        return new BigDecimal(((JsonObject) stage).getValue("probability").toString());
      }
    }
    return BigDecimal.ZERO;
  }

  private static LocalDate date(String value, String parameter, LocalDate fallback) {
    if (value == null) {
      return fallback;
    }
    LocalDate date = Dates.parse(value);
    if (date == null) {
      throw ServiceException.invalidParameter(parameter, Dates.PROBLEM);
    }
    return date;
  }
}
