package io.partnerhub.dashboard;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.Jsons;
import java.math.BigDecimal;
import java.util.List;

/**
 * Event-bus API of the dashboard. Amounts are grouped by currency (never summed across currencies);
 * a partner user's dashboard covers its own partner only.
 */
public final class DashboardApi {
  private DashboardApi() {}

  public static final String READ = "dashboard:read";

  /** {@code from} and {@code to}: dates (YYYY-MM-DD, both inclusive); default the last 90 days. */
  public record GetDashboard(TenantContext context, String from, String to)
      implements TenantRequest {}

  /**
   * {@code pipeline}: per stage and currency, count, amount and weightedAmount (amount × the
   * stage's probability); {@code won}: per currency, won deals, amount and average deal size;
   * {@code winRate}: won / (won + lost) of deals closed in the period; {@code averageCycleDays}:
   * creation to win; {@code registrations}: by registration status; {@code topPartners}: per
   * currency, the five with the largest won amounts; {@code commissions}: totals by status and
   * currency; {@code partners}: counts by tier and status.
   */
  public record Dashboard(
      String from,
      String to,
      Object pipeline,
      Object won,
      BigDecimal winRate,
      BigDecimal averageCycleDays,
      Object registrations,
      Object topPartners,
      Object commissions,
      Object partners) {
    public Dashboard {
      pipeline = Jsons.wrap(pipeline);
      won = Jsons.wrap(won);
      registrations = Jsons.wrap(registrations);
      topPartners = Jsons.wrap(topPartners);
      commissions = Jsons.wrap(commissions);
      partners = Jsons.wrap(partners);
    }
  }

  public static final Endpoint<GetDashboard, Dashboard> GET =
      Endpoint.of("partnerhub.dashboard.get", GetDashboard.class, Dashboard.class, READ);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(GET);
}
