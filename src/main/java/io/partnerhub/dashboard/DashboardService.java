package io.partnerhub.dashboard;

import io.partnerhub.cache.ReadCache;
import io.partnerhub.dashboard.DashboardApi.Dashboard;
import io.partnerhub.dashboard.DashboardApi.GetDashboard;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.Money;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.opportunity.OpportunityConfiguration;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The dashboard: every figure from one SQL statement of aggregates ({@link DashboardRepository},
 * RLS-scoped to the caller), cached briefly per organization and invalidated by domain events.
 */
final class DashboardService {
  private final Database database;
  private final DashboardRepository repository = new DashboardRepository();
  private final ReadCache cache;

  DashboardService(Database database, ReadCache cache) {
    this.database = database;
    this.cache = cache;
  }

  Future<Dashboard> get(GetDashboard request) {
    LocalDate to = date(request.to(), "to", LocalDate.now(ZoneOffset.UTC));
    LocalDate from = date(request.from(), "from", to.minusDays(89));
    if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) > 3660) {
      throw ServiceException.invalidParameter(
          "from", "not after to, and at most 10 years before it");
    }
    var context = request.context();
    String key =
        (context.partnerId() == null ? "all" : context.partnerId()) + ":" + from + ":" + to;
    return cache.getOrLoad(
        context.organizationId(),
        key,
        Dashboard.class,
        () ->
            database.inTenant(
                context,
                conn ->
                    OpportunityConfiguration.CATEGORY
                        .read(conn)
                        .compose(
                            settings ->
                                repository
                                    .aggregates(
                                        conn,
                                        from.atStartOfDay().atOffset(ZoneOffset.UTC),
                                        to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                                    .map(
                                        row ->
                                            dashboard(
                                                from, to, row, settings.getJsonArray("stages"))))));
  }

  private static Dashboard dashboard(LocalDate from, LocalDate to, Row row, JsonArray stages) {
    JsonArray pipeline = (JsonArray) Jsons.decode(row.getString("pipeline"));
    for (Object item : pipeline) {
      JsonObject stage = (JsonObject) item;
      BigDecimal probability = probability(stages, stage.getString("stage"));
      BigDecimal amount = new BigDecimal(stage.getValue("amount").toString());
      stage
          .put("probability", probability)
          .put(
              "weightedAmount",
              Money.text(
                  amount
                      .multiply(probability)
                      .movePointLeft(2)
                      .setScale(2, RoundingMode.HALF_EVEN)));
    }
    long won = row.getLong("won_count");
    long lost = row.getLong("lost_count");
    BigDecimal winRate =
        won + lost == 0
            ? null
            : BigDecimal.valueOf(won)
                .divide(BigDecimal.valueOf(won + lost), 4, RoundingMode.HALF_EVEN);
    return new Dashboard(
        from.toString(),
        to.toString(),
        pipeline,
        Jsons.decode(row.getString("won")),
        winRate,
        row.getBigDecimal("cycle_days"),
        Jsons.decode(row.getString("registrations")),
        Jsons.decode(row.getString("top_partners")),
        Jsons.decode(row.getString("commissions")),
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
