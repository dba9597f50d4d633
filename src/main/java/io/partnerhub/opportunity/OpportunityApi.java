package io.partnerhub.opportunity;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Money;
import io.partnerhub.kernel.Patch;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of opportunities: deal registration (pending, approved, rejected, expired) and the
 * pipeline (stages from configuration {@code opportunities/stages}). Dates are ISO-8601 strings;
 * amounts are BigDecimal with two places, never floating point, and decimal strings ("1234.50") in
 * JSON.
 */
public final class OpportunityApi {
  private OpportunityApi() {}

  public static final String READ = "opportunities:read";
  public static final String WRITE = "opportunities:write";
  public static final String APPROVE = "opportunities:approve";

  /**
   * The two stages the code reasons about. Every other stage is a tenant's own name (configuration
   * opportunities/stages, which must contain these two), so a stage stays a string.
   */
  public enum ClosedStage implements DomainValue {
    CLOSED_WON,
    CLOSED_LOST;

    public boolean is(String stage) {
      return text().equals(stage);
    }

    public static boolean isClosed(String stage) {
      return CLOSED_WON.is(stage) || CLOSED_LOST.is(stage);
    }
  }

  /**
   * Where a registration stands; an approval whose protection has lapsed without a win reads as
   * expired.
   */
  public enum RegistrationStatus implements DomainValue {
    PENDING,
    APPROVED,
    REJECTED,
    EXPIRED
  }

  public static final String REGISTERED = "opportunity.registered";
  public static final String APPROVED = "opportunity.approved";
  public static final String REJECTED = "opportunity.rejected";
  public static final String EXPIRED = "opportunity.expired";
  public static final String UPDATED = "opportunity.updated";
  public static final String STAGE_CHANGED = "opportunity.stage-changed";
  public static final String WON = "opportunity.won";
  public static final String LOST = "opportunity.lost";

  /**
   * An approved registration's protection ends within the tenant's {@code
   * opportunities/protectionWarningDays}: written once per approval by the reminder job.
   */
  public static final String PROTECTION_ENDING = "opportunity.protection-ending";

  /**
   * A registration has waited for review longer than the tenant's {@code
   * opportunities/reviewSlaHours}: written once per registration by the reminder job.
   */
  public static final String REVIEW_OVERDUE = "opportunity.review-overdue";

  public record Opportunity(
      UUID id,
      UUID partnerId,
      String name,
      String customerName,
      String customerDomain,
      @JsonSerialize(using = Money.AsText.class) BigDecimal amount,
      String currency,
      String expectedCloseDate,
      List<String> products,
      String stage,
      RegistrationStatus registrationStatus,
      UUID conflictWith,
      String rejectionReason,
      Instant protectionEndsAt,
      UUID registeredBy,
      UUID reviewedBy,
      Instant reviewedAt,
      Instant closedAt,
      int version,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * {@code partnerId}: required for vendor users; a partner user registers for its own partner
   * only.
   */
  public record RegisterOpportunity(
      TenantContext context,
      UUID partnerId,
      String name,
      String customerName,
      String customerDomain,
      BigDecimal amount,
      String currency,
      String expectedCloseDate,
      List<String> products)
      implements TenantRequest {}

  public record ListOpportunities(
      TenantContext context,
      UUID partnerId,
      String stage,
      RegistrationStatus registrationStatus,
      Integer limit,
      String cursor)
      implements TenantRequest {}

  public record OpportunityPage(List<Opportunity> items, String nextCursor) {}

  public record GetOpportunity(TenantContext context, UUID id) implements TenantRequest {}

  /** Changes the fields {@code changes} sends. */
  public record UpdateOpportunity(
      TenantContext context, UUID id, OpportunityChanges changes, Integer expectedVersion)
      implements TenantRequest {}

  /** A deal's fields a PATCH may send. */
  public record OpportunityChanges(
      Patch<String> name,
      Patch<BigDecimal> amount,
      Patch<String> currency,
      Patch<String> expectedCloseDate,
      Patch<List<String>> products,
      Patch<String> stage)
      implements Changes {}

  public record ApproveOpportunity(TenantContext context, UUID id) implements TenantRequest {}

  public record RejectOpportunity(TenantContext context, UUID id, String reason)
      implements TenantRequest {}

  public record GetStageHistory(TenantContext context, UUID id) implements TenantRequest {}

  public record StageChange(String fromStage, String toStage, UUID changedBy, Instant changedAt) {}

  public record StageHistory(List<StageChange> items) {}

  /** Runs the registration-expiry sweep now (it also runs on a timer); safe to run concurrently. */
  public record ExpireRegistrations() {}

  public record ExpiryRun(int expired) {}

  /**
   * Writes the reminder events due now (protection ending, review overdue), once per registration;
   * it also runs on a timer; safe to run concurrently.
   */
  public record SendReminders() {}

  /** How many reminder events were written. */
  public record ReminderRun(int sent) {}

  public static final Endpoint<RegisterOpportunity, Opportunity> REGISTER =
      Endpoint.of(
          "partnerhub.opportunities.register", RegisterOpportunity.class, Opportunity.class, WRITE);
  public static final Endpoint<ListOpportunities, OpportunityPage> LIST =
      Endpoint.of(
          "partnerhub.opportunities.list", ListOpportunities.class, OpportunityPage.class, READ);
  public static final Endpoint<GetOpportunity, Opportunity> GET =
      Endpoint.of("partnerhub.opportunities.get", GetOpportunity.class, Opportunity.class, READ);
  public static final Endpoint<UpdateOpportunity, Opportunity> UPDATE =
      Endpoint.of(
          "partnerhub.opportunities.update", UpdateOpportunity.class, Opportunity.class, WRITE);
  public static final Endpoint<ApproveOpportunity, Opportunity> APPROVE_REGISTRATION =
      Endpoint.of(
          "partnerhub.opportunities.approve", ApproveOpportunity.class, Opportunity.class, APPROVE);
  public static final Endpoint<RejectOpportunity, Opportunity> REJECT_REGISTRATION =
      Endpoint.of(
          "partnerhub.opportunities.reject", RejectOpportunity.class, Opportunity.class, APPROVE);
  public static final Endpoint<GetStageHistory, StageHistory> STAGE_HISTORY =
      Endpoint.of(
          "partnerhub.opportunities.stage-history",
          GetStageHistory.class,
          StageHistory.class,
          READ);
  public static final Endpoint<ExpireRegistrations, ExpiryRun> EXPIRE_REGISTRATIONS =
      Endpoint.of(
          "partnerhub.opportunities.expire-registrations",
          ExpireRegistrations.class,
          ExpiryRun.class,
          null);

  public static final Endpoint<SendReminders, ReminderRun> SEND_REMINDERS =
      Endpoint.of(
          "partnerhub.opportunities.send-reminders", SendReminders.class, ReminderRun.class, null);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(
          REGISTER,
          LIST,
          GET,
          UPDATE,
          APPROVE_REGISTRATION,
          REJECT_REGISTRATION,
          STAGE_HISTORY,
          EXPIRE_REGISTRATIONS,
          SEND_REMINDERS);
}
