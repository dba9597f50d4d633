package io.partnerhub.recruitment;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of partner recruitment: a tenant's public application form, the review of
 * applications by its vendor users (approve: a partner in status onboarding and an invitation of
 * its first partner admin; reject: a reason, mailed), and the program agreement the partner's admin
 * accepts before the partner becomes active.
 */
public final class RecruitmentApi {
  private RecruitmentApi() {}

  public static final String READ = "partners:read";
  public static final String WRITE = "partners:write";

  public static final String SUBMITTED = "partner_application.submitted";
  public static final String APPROVED = "partner_application.approved";
  public static final String REJECTED = "partner_application.rejected";
  public static final String AGREEMENT_ACCEPTED = "partner_agreement.accepted";

  /**
   * A public application. {@code nickname} is a honeypot the form hides from people: a bot that
   * fills it in gets the same answer and nothing is stored.
   */
  public record SubmitApplication(
      String subdomain,
      String companyName,
      String contactName,
      String contactEmail,
      String partnerType,
      String website,
      String message,
      Object customFields,
      String nickname,
      String clientIp) {}

  /** The one answer to a submission (the id is not disclosed). */
  public record ApplicationReceived(String message) {}

  /** {@code status}: submitted, approved or rejected. */
  public record Application(
      UUID id,
      String companyName,
      String contactName,
      String contactEmail,
      String partnerType,
      String website,
      String message,
      Object customFields,
      String status,
      String rejectionReason,
      UUID reviewedBy,
      Instant reviewedAt,
      UUID partnerId,
      UUID invitationId,
      Instant createdAt) {}

  public record ListApplications(TenantContext context, String status, Integer limit, String cursor)
      implements TenantRequest {}

  public record ApplicationPage(List<Application> items, String nextCursor) {}

  public record GetApplication(TenantContext context, UUID id) implements TenantRequest {}

  public record ApproveApplication(TenantContext context, UUID id) implements TenantRequest {}

  public record RejectApplication(TenantContext context, UUID id, String reason)
      implements TenantRequest {}

  /** The agreement in force and, for a partner user, whether its partner accepted it. */
  public record GetAgreement(TenantContext context) implements TenantRequest {}

  public record Agreement(String version, String text, Acceptance acceptance) {}

  /** Who accepted which version, when (the text's SHA-256 keeps what was read). */
  public record Acceptance(
      UUID partnerId, UUID userId, String version, String textSha256, Instant acceptedAt) {}

  /** A partner admin accepts {@code version} (the one in force) for its partner. */
  public record AcceptAgreement(TenantContext context, String version) implements TenantRequest {}

  public static final Endpoint<SubmitApplication, ApplicationReceived> SUBMIT =
      Endpoint.of(
          "partnerhub.partner-applications.submit",
          SubmitApplication.class,
          ApplicationReceived.class,
          null);
  public static final Endpoint<ListApplications, ApplicationPage> LIST =
      Endpoint.of(
          "partnerhub.partner-applications.list",
          ListApplications.class,
          ApplicationPage.class,
          READ);
  public static final Endpoint<GetApplication, Application> GET =
      Endpoint.of(
          "partnerhub.partner-applications.get", GetApplication.class, Application.class, READ);
  public static final Endpoint<ApproveApplication, Application> APPROVE =
      Endpoint.of(
          "partnerhub.partner-applications.approve",
          ApproveApplication.class,
          Application.class,
          WRITE);
  public static final Endpoint<RejectApplication, Application> REJECT =
      Endpoint.of(
          "partnerhub.partner-applications.reject",
          RejectApplication.class,
          Application.class,
          WRITE);
  public static final Endpoint<GetAgreement, Agreement> AGREEMENT =
      Endpoint.of("partnerhub.partner-agreement.get", GetAgreement.class, Agreement.class, READ);
  public static final Endpoint<AcceptAgreement, Acceptance> ACCEPT_AGREEMENT =
      Endpoint.of(
          "partnerhub.partner-agreement.accept",
          AcceptAgreement.class,
          Acceptance.class,
          "team:write");

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(SUBMIT, LIST, GET, APPROVE, REJECT, AGREEMENT, ACCEPT_AGREEMENT);
}
