package io.partnerhub.commission;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of the commission ledger. Rows are written by the commission verticle in reaction
 * to opportunity events; clients read, approve, pay, ask for statements and preview.
 */
public final class CommissionApi {
  private CommissionApi() {}

  public static final String READ = "commissions:read";
  public static final String APPROVE = "commissions:approve";

  public static final String RECORDED = "commission.recorded";
  public static final String UPDATED = "commission.updated";

  /** A commission was approved (after its {@code commission.updated}); data: the commission. */
  public static final String APPROVED = "commission.approved";

  /** A commission was paid (after its {@code commission.updated}); data: the commission. */
  public static final String PAID = "commission.paid";

  /** What a ledger row is: the commission of a won deal, or a later correction of a paid one. */
  public enum EntryKind implements DomainValue {
    COMMISSION,
    ADJUSTMENT
  }

  /**
   * A ledger row's way: pending, approved, paid; void when its deal is no longer won before
   * payment.
   */
  public enum CommissionStatus implements DomainValue {
    PENDING,
    APPROVED,
    PAID,
    VOID
  }

  /**
   * A ledger row. {@code kind}: commission (one active per won deal) or adjustment (a later
   * correction of a paid commission, negative for a clawback). {@code rule} is the snapshot it was
   * computed with. {@code amount} is at most twice {@link Money#MAX_AMOUNT} (the whole deal plus
   * the largest bonus).
   */
  public record Commission(
      UUID id,
      UUID partnerId,
      UUID opportunityId,
      EntryKind kind,
      CommissionStatus status,
      @JsonSerialize(using = Money.AsText.class) BigDecimal amount,
      String currency,
      @JsonSerialize(using = Money.AsText.class) BigDecimal dealAmount,
      Object rule,
      Object breakdown,
      UUID adjusts,
      UUID approvedBy,
      Instant approvedAt,
      UUID paidBy,
      Instant paidAt,
      int version,
      Instant createdAt,
      Instant updatedAt) {
    public Commission {
      rule = Jsons.wrap(rule);
      breakdown = Jsons.wrap(breakdown);
    }
  }

  /**
   * One part of a computation: {@code base} × {@code rate}% = {@code commission} (a bonus has no
   * base), the commission exact (it may have more than two decimals); the rate is a percentage, not
   * money.
   */
  public record BreakdownLine(
      String description,
      @JsonSerialize(using = Money.AsText.class) BigDecimal base,
      BigDecimal rate,
      @JsonSerialize(using = Money.AsText.class) BigDecimal commission) {}

  /** {@code total}: the lines' sum rounded once, HALF_EVEN, to two decimals. */
  public record Breakdown(
      List<BreakdownLine> lines, @JsonSerialize(using = Money.AsText.class) BigDecimal total) {}

  public record ListCommissions(
      TenantContext context, UUID partnerId, CommissionStatus status, Integer limit, String cursor)
      implements TenantRequest {}

  public record CommissionPage(List<Commission> items, String nextCursor) {}

  /**
   * One ledger row; a partner user sees only its own partner's rows (RLS), others are NOT_FOUND.
   */
  public record GetCommission(TenantContext context, UUID id) implements TenantRequest {}

  public record ApproveCommission(TenantContext context, UUID id) implements TenantRequest {}

  public record PayCommission(TenantContext context, UUID id) implements TenantRequest {}

  /** {@code period}: a month (2026-11) or a quarter (2026-Q4). */
  public record GetStatement(TenantContext context, UUID partnerId, String period)
      implements TenantRequest {}

  public record StatementTotal(
      CommissionStatus status,
      String currency,
      @JsonSerialize(using = Money.AsText.class) BigDecimal amount) {}

  public record Statement(
      UUID partnerId,
      String period,
      String from,
      String to,
      List<Commission> items,
      List<StatementTotal> totals) {}

  public record PreviewCommission(
      TenantContext context,
      UUID partnerId,
      BigDecimal amount,
      String currency,
      List<String> products)
      implements TenantRequest {}

  public record Preview(
      UUID partnerId,
      String tier,
      @JsonSerialize(using = Money.AsText.class) BigDecimal amount,
      String currency,
      String effectiveFrom,
      Breakdown breakdown) {}

  public static final Endpoint<ListCommissions, CommissionPage> LIST =
      Endpoint.of("partnerhub.commissions.list", ListCommissions.class, CommissionPage.class, READ);
  public static final Endpoint<GetCommission, Commission> GET =
      Endpoint.of("partnerhub.commissions.get", GetCommission.class, Commission.class, READ);
  public static final Endpoint<ApproveCommission, Commission> APPROVE_COMMISSION =
      Endpoint.of(
          "partnerhub.commissions.approve", ApproveCommission.class, Commission.class, APPROVE);
  public static final Endpoint<PayCommission, Commission> PAY =
      Endpoint.of("partnerhub.commissions.pay", PayCommission.class, Commission.class, APPROVE);
  public static final Endpoint<GetStatement, Statement> STATEMENT =
      Endpoint.of("partnerhub.commissions.statement", GetStatement.class, Statement.class, READ);
  public static final Endpoint<PreviewCommission, Preview> PREVIEW =
      Endpoint.of("partnerhub.commissions.preview", PreviewCommission.class, Preview.class, READ);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(LIST, GET, APPROVE_COMMISSION, PAY, STATEMENT, PREVIEW);
}
