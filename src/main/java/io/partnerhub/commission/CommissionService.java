package io.partnerhub.commission;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.DomainEvent.Actor;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.commission.CommissionApi.ApproveCommission;
import io.partnerhub.commission.CommissionApi.Breakdown;
import io.partnerhub.commission.CommissionApi.Commission;
import io.partnerhub.commission.CommissionApi.CommissionPage;
import io.partnerhub.commission.CommissionApi.CommissionStatus;
import io.partnerhub.commission.CommissionApi.EntryKind;
import io.partnerhub.commission.CommissionApi.GetCommission;
import io.partnerhub.commission.CommissionApi.GetStatement;
import io.partnerhub.commission.CommissionApi.ListCommissions;
import io.partnerhub.commission.CommissionApi.PayCommission;
import io.partnerhub.commission.CommissionApi.Preview;
import io.partnerhub.commission.CommissionApi.PreviewCommission;
import io.partnerhub.commission.CommissionApi.Statement;
import io.partnerhub.commission.CommissionApi.StatementTotal;
import io.partnerhub.commission.CommissionRepository.Deal;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Money;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.opportunity.OpportunityApi.ClosedStage;
import io.partnerhub.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commission ledger. {@link #reconcile} makes a deal's ledger match the deal as it is now,
 * under a lock on the deal, in the transaction of the durable consumer that hands it each
 * opportunity event once: the ledger is right even if the same deal were reconciled twice. Paid
 * rows are never edited; corrections are adjustment rows.
 */
final class CommissionService {
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

  private final Database database;
  private final CommissionRepository repository = new CommissionRepository();

  CommissionService(Database database) {
    this.database = database;
  }

  /** A ledger row written by a reconciliation, and whether it is new. */
  private record Change(Commission commission, boolean recorded) {}

  /**
   * Reconciles the deal's ledger in the caller's transaction (of the deal's organization), writing
   * the events of the rows it changes.
   */
  Future<Void> reconcile(SqlConnection conn, UUID organizationId, UUID opportunityId) {
    return repository
        .lockDeal(conn, opportunityId)
        .compose(
            deal ->
                deal == null
                    ? Future.succeededFuture(List.<Change>of())
                    : repository
                        .activeFor(conn, opportunityId)
                        .compose(active -> reconcile(conn, organizationId, deal, active)))
        .compose(
            changes ->
                Outbox.appendAll(
                    conn,
                    changes.stream()
                        .map(
                            change ->
                                event(
                                    change.recorded()
                                        ? CommissionApi.RECORDED
                                        : CommissionApi.UPDATED,
                                    organizationId,
                                    Actor.SYSTEM,
                                    change.commission()))
                        .toList()));
  }

  private static DomainEvent event(
      String type, UUID organizationId, Actor actor, Commission commission) {
    return DomainEvent.of(
        type, organizationId, actor, commission.id(), commission.partnerId(), commission);
  }

  private Future<List<Change>> reconcile(
      SqlConnection conn, UUID organizationId, Deal deal, Commission active) {
    boolean won = ClosedStage.CLOSED_WON.is(deal.stage());
    if (active == null) {
      return won ? firstCommission(conn, organizationId, deal) : Future.succeededFuture(List.of());
    }
    if (active.status() == CommissionStatus.PAID) {
      BigDecimal target = won ? fromSnapshot(active, deal).total() : BigDecimal.ZERO;
      return repository
          .netOf(conn, active.id())
          .compose(
              net -> {
                BigDecimal delta = target.subtract(net);
                if (delta.signum() == 0) {
                  return Future.succeededFuture(List.of());
                }
                JsonObject reason =
                    new JsonObject()
                        .put(
                            "reason",
                            won ? "the won deal's amount changed" : "the deal is no longer won")
                        .put("owed", Money.text(target))
                        .put("paidSoFar", Money.text(net));
                return repository
                    .insert(
                        conn,
                        organizationId,
                        deal,
                        EntryKind.ADJUSTMENT,
                        delta,
                        (JsonObject) active.rule(),
                        reason,
                        active.id())
                    .map(adjustment -> List.of(new Change(adjustment, true)));
              });
    }
    if (!won) {
      return repository
          .transition(conn, active.id(), active.status(), CommissionStatus.VOID, null)
          .map(voided -> List.of(new Change(voided, false)));
    }
    // amount, currency or products may have changed: recompute and write only when the figures
    // differ
    Breakdown breakdown = fromSnapshot(active, deal);
    if (deal.amount().compareTo(active.dealAmount()) == 0
        && deal.currency().equals(active.currency())
        && breakdown.total().compareTo(active.amount()) == 0) {
      return Future.succeededFuture(List.of());
    }
    return repository
        .recompute(conn, active.id(), breakdown.total(), deal, breakdown)
        .map(recomputed -> List.of(new Change(recomputed, false)));
  }

  private Future<List<Change>> firstCommission(SqlConnection conn, UUID organizationId, Deal deal) {
    return CommissionConfiguration.CATEGORY
        .read(conn)
        .compose(
            settings -> {
              CommissionRules.Version version =
                  CommissionRules.parse(settings.getValue("rules"))
                      .effectiveOn(
                          deal.closedOn() == null
                              ? LocalDate.now(ZoneOffset.UTC)
                              : deal.closedOn());
              if (version == null) {
                return Future.succeededFuture(List.of());
              }
              JsonObject snapshot =
                  new JsonObject().put("version", version.source()).put("tier", deal.tier());
              Breakdown breakdown =
                  CommissionCalculator.compute(
                      version, deal.amount(), deal.tier(), deal.products());
              return repository
                  .insert(
                      conn,
                      organizationId,
                      deal,
                      EntryKind.COMMISSION,
                      breakdown.total(),
                      snapshot,
                      breakdown,
                      null)
                  .map(created -> List.of(new Change(created, true)));
            });
  }

  /** Recomputes with the rule version and tier the commission was first computed with. */
  private static Breakdown fromSnapshot(Commission commission, Deal deal) {
    JsonObject snapshot = (JsonObject) commission.rule();
    CommissionRules.Version version =
        CommissionRules.parse(new JsonArray().add(snapshot.getJsonObject("version")))
            .versions()
            .get(0);
    return CommissionCalculator.compute(
        version, deal.amount(), snapshot.getString("tier"), deal.products());
  }

  Future<CommissionPage> list(ListCommissions request) {
    return database.inTenant(
        request.context(),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (after, rows) ->
                        repository.list(
                            conn,
                            request.partnerId(),
                            request.status(),
                            after.time(),
                            after.id(),
                            rows),
                    Commission::createdAt,
                    Commission::id)
                .map(page -> new CommissionPage(page.items(), page.nextCursor())));
  }

  Future<Commission> get(GetCommission request) {
    return database
        .inTenant(request.context(), conn -> repository.find(conn, request.id()))
        .map(
            found -> {
              if (found == null) {
                throw ServiceException.notFound("Commission " + request.id());
              }
              return found;
            });
  }

  Future<Commission> approve(ApproveCommission request) {
    return transition(
        request.context(),
        request.id(),
        CommissionStatus.PENDING,
        CommissionStatus.APPROVED,
        CommissionApi.APPROVED);
  }

  Future<Commission> pay(PayCommission request) {
    return transition(
        request.context(),
        request.id(),
        CommissionStatus.APPROVED,
        CommissionStatus.PAID,
        CommissionApi.PAID);
  }

  /**
   * Moves the commission from {@code from} to {@code to} and writes {@code commission.updated} and
   * the transition's own event ({@code happened}), in that order.
   */
  private Future<Commission> transition(
      TenantContext context, UUID id, CommissionStatus from, CommissionStatus to, String happened) {
    return database.inTenant(
        context,
        conn ->
            repository
                .transition(conn, id, from, to, context.userId())
                .compose(
                    moved ->
                        moved != null
                            ? Future.succeededFuture(moved)
                            : repository
                                .find(conn, id)
                                .map(
                                    current -> {
                                      if (current == null) {
                                        throw ServiceException.notFound("Commission " + id);
                                      }
                                      throw new ServiceException(
                                          FailureCode.CONFLICT,
                                          "Only a commission that is "
                                              + from.text()
                                              + " can become "
                                              + to.text()
                                              + "; this one is "
                                              + current.status().text());
                                    }))
                .compose(
                    moved ->
                        Outbox.appendAll(
                                conn,
                                List.of(
                                    event(
                                        CommissionApi.UPDATED,
                                        context.organizationId(),
                                        Actor.of(context),
                                        moved),
                                    event(
                                        happened,
                                        context.organizationId(),
                                        Actor.of(context),
                                        moved)))
                            .map(moved)));
  }

  Future<Statement> statement(GetStatement request) {
    TenantContext context = request.context();
    UUID partnerId = context.partnerOrNamed(request.partnerId());
    LocalDate[] period = period(request.period());
    // a partner the caller cannot see (another tenant's, or none) is 404 as for previews, not an
    // empty statement
    return database
        .inTenant(
            context,
            conn ->
                repository
                    .partnerTier(conn, partnerId)
                    .compose(
                        tier -> {
                          if (tier == null) {
                            throw ServiceException.notFound("Partner " + partnerId);
                          }
                          return repository.between(conn, partnerId, period[0], period[1]);
                        }))
        .map(
            items -> {
              // one total per status and currency, in the order of their texts ("approved EUR"
              // before "paid EUR")
              Map<String, StatementTotal> totals = new TreeMap<>();
              for (Commission item : items) {
                if (item.status() != CommissionStatus.VOID) {
                  totals.merge(
                      item.status().text() + " " + item.currency(),
                      new StatementTotal(item.status(), item.currency(), item.amount()),
                      (sum, more) ->
                          new StatementTotal(
                              sum.status(), sum.currency(), sum.amount().add(more.amount())));
                }
              }
              return new Statement(
                  partnerId,
                  request.period(),
                  period[0].toString(),
                  period[1].toString(),
                  items,
                  List.copyOf(totals.values()));
            });
  }

  Future<Preview> preview(PreviewCommission request) {
    TenantContext context = request.context();
    UUID partnerId = context.partnerOrNamed(request.partnerId());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return database.inTenant(
        context,
        conn ->
            repository
                .partnerTier(conn, partnerId)
                .compose(
                    tier -> {
                      if (tier == null) {
                        throw ServiceException.notFound("Partner " + partnerId);
                      }
                      return CommissionConfiguration.CATEGORY
                          .read(conn)
                          .map(
                              settings -> {
                                CommissionRules.Version version =
                                    CommissionRules.parse(settings.getValue("rules"))
                                        .effectiveOn(today);
                                Breakdown breakdown =
                                    version == null
                                        ? new Breakdown(List.of(), BigDecimal.ZERO.setScale(2))
                                        : CommissionCalculator.compute(
                                            version, request.amount(), tier, request.products());
                                return new Preview(
                                    partnerId,
                                    tier,
                                    request.amount(),
                                    request.currency(),
                                    version == null ? null : version.effectiveFrom().toString(),
                                    breakdown);
                              });
                    }));
  }

  /** [from, to) of a month (2026-11) or a quarter (2026-Q4). */
  private static LocalDate[] period(String period) {
    Matcher month = MONTH.matcher(period == null ? "" : period);
    Matcher quarter = QUARTER.matcher(period == null ? "" : period);
    LocalDate[] range = null;
    if (month.matches()) {
      LocalDate from =
          LocalDate.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2)), 1);
      range = new LocalDate[] {from, from.plusMonths(1)};
    } else if (quarter.matches()) {
      LocalDate from =
          LocalDate.of(
              Integer.parseInt(quarter.group(1)),
              (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1,
              1);
      range = new LocalDate[] {from, from.plusMonths(3)};
    }
    if (range != null && Dates.isSupported(range[0])) {
      return range;
    }
    throw ServiceException.invalidParameter(
        "period",
        "a month (2026-11) or a quarter (2026-Q4) from "
            + Dates.MIN.getYear()
            + " to "
            + Dates.MAX.getYear());
  }
}
