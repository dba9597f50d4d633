package io.partnerhub.opportunity;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.DomainEvent.Actor;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.Patch;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.Versions;
import io.partnerhub.opportunity.OpportunityApi.ApproveOpportunity;
import io.partnerhub.opportunity.OpportunityApi.ClosedStage;
import io.partnerhub.opportunity.OpportunityApi.ExpiryRun;
import io.partnerhub.opportunity.OpportunityApi.GetOpportunity;
import io.partnerhub.opportunity.OpportunityApi.GetStageHistory;
import io.partnerhub.opportunity.OpportunityApi.ListOpportunities;
import io.partnerhub.opportunity.OpportunityApi.Opportunity;
import io.partnerhub.opportunity.OpportunityApi.OpportunityChanges;
import io.partnerhub.opportunity.OpportunityApi.OpportunityPage;
import io.partnerhub.opportunity.OpportunityApi.RegisterOpportunity;
import io.partnerhub.opportunity.OpportunityApi.RegistrationStatus;
import io.partnerhub.opportunity.OpportunityApi.RejectOpportunity;
import io.partnerhub.opportunity.OpportunityApi.ReminderRun;
import io.partnerhub.opportunity.OpportunityApi.StageHistory;
import io.partnerhub.opportunity.OpportunityApi.UpdateOpportunity;
import io.partnerhub.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Deal registration and the pipeline. Registration checks for conflicts under a per-customer lock,
 * so two simultaneous registrations of one customer see each other; the database allows one
 * approved registration per customer. Events are written in the transaction of their change.
 */
final class OpportunityService {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OpportunityService.class);

  private final Database database;
  private final OpportunityRepository repository = new OpportunityRepository();

  OpportunityService(Database database) {
    this.database = database;
  }

  Future<Opportunity> register(RegisterOpportunity request) {
    TenantContext context = request.context();
    UUID partnerId = context.partnerOrNamed(request.partnerId());
    // organization-wide: conflict detection must see other partners' registrations, whoever
    // registers
    return database.inTenant(
        context.organizationId(),
        conn ->
            repository
                .partnerStatus(conn, partnerId)
                .compose(
                    status -> {
                      if (status == null) {
                        throw ServiceException.notFound("Partner " + partnerId);
                      }
                      if (status.barred()) {
                        throw new ServiceException(
                            FailureCode.CONFLICT,
                            "A " + status.text() + " partner cannot register deals");
                      }
                      return OpportunityConfiguration.CATEGORY.read(conn);
                    })
                .compose(
                    settings -> {
                      List<String> stages =
                          OpportunityRules.stageNames(settings.getJsonArray("stages"));
                      Opportunity draft = draft(request, partnerId, stages.get(0));
                      OpportunityRules.check(draft, stages);
                      return repository
                          .insert(conn, context.organizationId(), context.userId(), draft)
                          .compose(
                              stored ->
                                  repository
                                      .lockCustomer(
                                          conn, context.organizationId(), stored.customerKey())
                                      .compose(
                                          locked ->
                                              repository.activeConflict(
                                                  conn,
                                                  stored.opportunity().id(),
                                                  partnerId,
                                                  stored.customerKey()))
                                      .compose(
                                          conflict -> {
                                            if (conflict == null) {
                                              return Future.succeededFuture(stored.opportunity());
                                            }
                                            if ("reject"
                                                .equals(settings.getString("conflictPolicy"))) {
                                              throw new ServiceException(
                                                  FailureCode.CONFLICT,
                                                  "This customer is already registered by"
                                                      + " another partner",
                                                  new JsonObject()
                                                      .put("conflictWith", conflict.toString()));
                                            }
                                            return repository.markConflict(
                                                conn, stored.opportunity().id(), conflict);
                                          }))
                          .compose(
                              opportunity ->
                                  repository
                                      .recordStage(
                                          conn,
                                          context.organizationId(),
                                          opportunity,
                                          null,
                                          context.userId())
                                      .compose(
                                          recorded ->
                                              record(
                                                  conn,
                                                  OpportunityApi.REGISTERED,
                                                  context,
                                                  opportunity))
                                      .map(opportunity));
                    }));
  }

  /**
   * The deal a registration asks for, in the tenant's first stage, before the database gives it an
   * id.
   */
  private static Opportunity draft(RegisterOpportunity request, UUID partnerId, String firstStage) {
    return new Opportunity(
        null,
        partnerId,
        trim(request.name()),
        trim(request.customerName()),
        request.customerDomain(),
        request.amount(),
        request.currency(),
        request.expectedCloseDate(),
        request.products() == null ? List.of() : request.products(),
        firstStage,
        RegistrationStatus.PENDING,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null);
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
  }

  Future<OpportunityPage> list(ListOpportunities request) {
    return database.inTenant(
        request.context(),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (after, size) ->
                        repository
                            .list(conn, request, after.time(), after.id(), size)
                            .compose(
                                rows ->
                                    rows.isEmpty()
                                        ? checkStageFilter(conn, request.stage()).map(rows)
                                        : Future.succeededFuture(rows)),
                    Opportunity::createdAt,
                    Opportunity::id)
                .map(page -> new OpportunityPage(page.items(), page.nextCursor())));
  }

  /** As for partner tiers: a stage filter that found nothing must name a configured stage. */
  private static Future<Void> checkStageFilter(SqlConnection conn, String stage) {
    return stage == null
        ? Future.succeededFuture()
        : OpportunityConfiguration.CATEGORY
            .read(conn)
            .map(
                settings -> {
                  Paging.oneOf(
                      "stage", stage, OpportunityRules.stageNames(settings.getJsonArray("stages")));
                  return null;
                });
  }

  Future<Opportunity> get(GetOpportunity request) {
    return database
        .inTenant(request.context(), conn -> found(conn, request.id(), false))
        .map(OpportunityRepository.Stored::opportunity);
  }

  Future<StageHistory> stageHistory(GetStageHistory request) {
    return database.inTenant(
        request.context(),
        conn ->
            found(conn, request.id(), false)
                .compose(visible -> repository.stageHistory(conn, request.id()))
                .map(StageHistory::new));
  }

  Future<Opportunity> update(UpdateOpportunity request) {
    TenantContext context = request.context();
    OpportunityChanges changes = Changes.required(request.changes());
    return database
        .inTenant(
            context,
            conn ->
                found(conn, request.id(), true)
                    .compose(
                        stored -> {
                          Opportunity current = stored.opportunity();
                          Versions.check(
                              "opportunity", current.version(), request.expectedVersion());
                          Opportunity merged = Patch.merge(current, changes);
                          return OpportunityConfiguration.CATEGORY
                              .read(conn)
                              .compose(
                                  settings -> {
                                    OpportunityRules.check(
                                        merged,
                                        OpportunityRules.stageNames(
                                            settings.getJsonArray("stages")));
                                    String stage = merged.stage();
                                    if (ClosedStage.CLOSED_WON.is(stage)
                                        && !stage.equals(current.stage())
                                        && current.registrationStatus()
                                            != RegistrationStatus.APPROVED) {
                                      throw new ServiceException(
                                          FailureCode.CONFLICT,
                                          "Only an approved registration can be won");
                                    }
                                    return repository
                                        .update(conn, merged, ClosedStage.isClosed(stage))
                                        .compose(
                                            updated ->
                                                stage.equals(current.stage())
                                                    ? Future.succeededFuture(updated)
                                                    : repository
                                                        .recordStage(
                                                            conn,
                                                            context.organizationId(),
                                                            updated,
                                                            current.stage(),
                                                            context.userId())
                                                        .map(updated));
                                  })
                              .map(updated -> new Change(current, updated))
                              .compose(change -> recordChange(conn, context, change));
                        }))
        .map(Change::after);
  }

  private record Change(Opportunity before, Opportunity after) {}

  /** The events of an update, in order: updated, then stage-changed and won or lost. */
  private static Future<Change> recordChange(
      SqlConnection conn, TenantContext context, Change change) {
    List<String> types = new ArrayList<>(List.of(OpportunityApi.UPDATED));
    String stage = change.after().stage();
    if (!stage.equals(change.before().stage())) {
      types.add(OpportunityApi.STAGE_CHANGED);
      if (ClosedStage.CLOSED_WON.is(stage)) {
        types.add(OpportunityApi.WON);
      } else if (ClosedStage.CLOSED_LOST.is(stage)) {
        types.add(OpportunityApi.LOST);
      }
    }
    return Outbox.appendAll(
            conn,
            types.stream()
                .map(
                    type ->
                        event(type, context.organizationId(), Actor.of(context), change.after()))
                .toList())
        .map(change);
  }

  Future<Opportunity> approve(ApproveOpportunity request) {
    TenantContext context = request.context();
    context.requireVendorUser("review registrations");
    List<Opportunity> expired = new ArrayList<>();
    return database.inTenant(
        context,
        conn ->
            pending(conn, request.id())
                .compose(
                    stored ->
                        repository
                            .lockCustomer(conn, context.organizationId(), stored.customerKey())
                            .compose(locked -> repository.expireLapsed(conn, stored.customerKey()))
                            .compose(
                                lapsed -> {
                                  expired.addAll(lapsed);
                                  return repository.approvedFor(conn, stored.customerKey());
                                })
                            .compose(
                                approvedAlready -> {
                                  if (approvedAlready != null) {
                                    throw new ServiceException(
                                        FailureCode.CONFLICT,
                                        "Another registration of this customer is already"
                                            + " approved",
                                        new JsonObject()
                                            .put("approved", approvedAlready.toString()));
                                  }
                                  return OpportunityConfiguration.CATEGORY.read(conn);
                                })
                            .compose(
                                settings ->
                                    repository.review(
                                        conn,
                                        request.id(),
                                        context.userId(),
                                        RegistrationStatus.APPROVED,
                                        settings.getInteger("protectionDays"),
                                        null))
                            .compose(
                                approved -> {
                                  List<DomainEvent> events = new ArrayList<>();
                                  expired.forEach(
                                      lapsed ->
                                          events.add(
                                              event(
                                                  OpportunityApi.EXPIRED,
                                                  context.organizationId(),
                                                  Actor.of(context),
                                                  lapsed)));
                                  events.add(
                                      event(
                                          OpportunityApi.APPROVED,
                                          context.organizationId(),
                                          Actor.of(context),
                                          approved));
                                  return Outbox.appendAll(conn, events).map(approved);
                                })));
  }

  Future<Opportunity> reject(RejectOpportunity request) {
    TenantContext context = request.context();
    context.requireVendorUser("review registrations");
    return database.inTenant(
        context,
        conn ->
            pending(conn, request.id())
                .compose(
                    stored ->
                        repository.review(
                            conn,
                            request.id(),
                            context.userId(),
                            RegistrationStatus.REJECTED,
                            null,
                            request.reason()))
                .compose(
                    rejected ->
                        record(conn, OpportunityApi.REJECTED, context, rejected).map(rejected)));
  }

  /**
   * Persists every lapsed approval of every tenant with its expiry event; idempotent under
   * concurrency.
   */
  Future<ExpiryRun> expireRegistrations() {
    return eachTenant(
            "Expiry sweep",
            (conn, organization) ->
                repository
                    .expireLapsed(conn, null)
                    .compose(
                        expired -> system(conn, organization, OpportunityApi.EXPIRED, expired)))
        .map(ExpiryRun::new);
  }

  /**
   * Writes, once per registration, {@code opportunity.protection-ending} for approvals whose
   * protection ends within the tenant's {@code protectionWarningDays}, and {@code
   * opportunity.review-overdue} for registrations pending longer than its {@code reviewSlaHours} (0
   * turns either off); idempotent under concurrency.
   */
  Future<ReminderRun> sendReminders() {
    return eachTenant(
            "Reminders",
            (conn, organization) ->
                OpportunityConfiguration.CATEGORY
                    .read(conn)
                    .compose(
                        settings -> {
                          int days = settings.getInteger("protectionWarningDays");
                          int hours = settings.getInteger("reviewSlaHours");
                          Future<Integer> ending =
                              days == 0
                                  ? Future.succeededFuture(0)
                                  : repository
                                      .remindProtectionEnding(conn, days)
                                      .compose(
                                          due ->
                                              system(
                                                  conn,
                                                  organization,
                                                  OpportunityApi.PROTECTION_ENDING,
                                                  due));
                          return ending.compose(
                              sent ->
                                  hours == 0
                                      ? Future.succeededFuture(sent)
                                      : repository
                                          .markReviewOverdue(conn, hours)
                                          .compose(
                                              due ->
                                                  system(
                                                      conn,
                                                      organization,
                                                      OpportunityApi.REVIEW_OVERDUE,
                                                      due))
                                          .map(overdue -> sent + overdue));
                        }))
        .map(ReminderRun::new);
  }

  /** Writes an event of {@code type} (actor system) for each of {@code opportunities}; how many. */
  private static Future<Integer> system(
      SqlConnection conn, UUID organization, String type, List<Opportunity> opportunities) {
    return Outbox.appendAll(
            conn,
            opportunities.stream()
                .map(opportunity -> event(type, organization, Actor.SYSTEM, opportunity))
                .toList())
        .map(opportunities.size());
  }

  /**
   * Runs {@code work} in each tenant's transaction in turn (organization-wide), summing what it
   * counts; one tenant's failure (a lock conflict with an approval, say) is logged and does not
   * stop the others.
   */
  private Future<Integer> eachTenant(
      String job, java.util.function.BiFunction<SqlConnection, UUID, Future<Integer>> work) {
    return database
        .organizationIds()
        .compose(
            organizations -> {
              Future<Integer> total = Future.succeededFuture(0);
              for (UUID organization : organizations) {
                total =
                    total.compose(
                        sum ->
                            database
                                .inTenant(organization, conn -> work.apply(conn, organization))
                                .map(count -> sum + count)
                                .otherwise(
                                    failure -> {
                                      LOG.warn(
                                          "{} failed for organization {}: {}",
                                          job,
                                          organization,
                                          failure.getMessage());
                                      return sum;
                                    }));
              }
              return total;
            });
  }

  private Future<OpportunityRepository.Stored> pending(SqlConnection conn, UUID id) {
    return found(conn, id, true)
        .map(
            stored -> {
              RegistrationStatus status = stored.opportunity().registrationStatus();
              if (status != RegistrationStatus.PENDING) {
                throw new ServiceException(
                    FailureCode.CONFLICT,
                    "Only a pending registration can be reviewed; this one is " + status.text());
              }
              return stored;
            });
  }

  private Future<OpportunityRepository.Stored> found(
      SqlConnection conn, UUID id, boolean forUpdate) {
    return repository
        .find(conn, id, forUpdate)
        .map(
            stored -> {
              if (stored == null) {
                throw ServiceException.notFound("Opportunity " + id);
              }
              return stored;
            });
  }

  private static Future<Void> record(
      SqlConnection conn, String type, TenantContext context, Opportunity opportunity) {
    return Outbox.append(
        conn, event(type, context.organizationId(), Actor.of(context), opportunity));
  }

  private static DomainEvent event(
      String type, UUID organizationId, Actor actor, Opportunity opportunity) {
    return DomainEvent.of(
        type, organizationId, actor, opportunity.id(), opportunity.partnerId(), opportunity);
  }
}
