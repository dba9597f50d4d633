package io.partnerhub.recruitment;

import io.partnerhub.auth.AttemptThrottle;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.input.Emails;
import io.partnerhub.input.JsonSchemas;
import io.partnerhub.input.TenantSchemas;
import io.partnerhub.invitation.Inviter;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Hashes;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.mail.MailKind;
import io.partnerhub.mail.MailQueue;
import io.partnerhub.mail.OutgoingMail;
import io.partnerhub.organization.OrganizationService;
import io.partnerhub.outbox.Outbox;
import io.partnerhub.partner.PartnerOnboarding;
import io.partnerhub.recruitment.RecruitmentApi.AcceptAgreement;
import io.partnerhub.recruitment.RecruitmentApi.Acceptance;
import io.partnerhub.recruitment.RecruitmentApi.Agreement;
import io.partnerhub.recruitment.RecruitmentApi.Application;
import io.partnerhub.recruitment.RecruitmentApi.ApplicationPage;
import io.partnerhub.recruitment.RecruitmentApi.ApplicationReceived;
import io.partnerhub.recruitment.RecruitmentApi.ApproveApplication;
import io.partnerhub.recruitment.RecruitmentApi.GetAgreement;
import io.partnerhub.recruitment.RecruitmentApi.GetApplication;
import io.partnerhub.recruitment.RecruitmentApi.ListApplications;
import io.partnerhub.recruitment.RecruitmentApi.RejectApplication;
import io.partnerhub.recruitment.RecruitmentApi.SubmitApplication;
import io.partnerhub.user.Roles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Partner recruitment (decisions 198, 199). A public application needs the tenant's form to be
 * open, passes the throttle (per applicant address and per client address), and its custom fields
 * meet the tenant's schema; a filled-in honeypot gets the same answer and stores nothing. A vendor
 * user approves (the partner, onboarding, and the invitation of its first partner admin, in one
 * transaction) or rejects with a reason the applicant is mailed. The partner's admin accepts the
 * agreement in force, recorded with the SHA-256 of its text, and the partner becomes active.
 */
final class RecruitmentService {
  private static final ApplicationReceived RECEIVED =
      new ApplicationReceived("Thank you: your application has been received.");

  private final Database database;
  private final OrganizationService organizations;
  private final RecruitmentRepository repository = new RecruitmentRepository();
  private final PartnerOnboarding onboarding = new PartnerOnboarding();
  private final Inviter inviter;
  private final AttemptThrottle throttle;

  RecruitmentService(
      Database database,
      OrganizationService organizations,
      Inviter inviter,
      AttemptThrottle throttle) {
    this.database = database;
    this.organizations = organizations;
    this.inviter = inviter;
    this.throttle = throttle;
  }

  Future<ApplicationReceived> submit(SubmitApplication form) {
    String email = Emails.normalize(form.contactEmail());
    return throttle
        .acquire(throttle.accountKey(form.subdomain(), email), form.clientIp())
        .compose(allowed -> organizations.idOf(form.subdomain()))
        .compose(
            organizationId ->
                database.inTenant(
                    organizationId,
                    conn ->
                        RecruitmentConfiguration.CATEGORY
                            .read(conn)
                            .compose(
                                settings -> {
                                  if (!settings.getBoolean(RecruitmentConfiguration.OPEN)) {
                                    throw ServiceException.notFound(
                                        "Organization " + form.subdomain());
                                  }
                                  if (form.nickname() != null && !form.nickname().isEmpty()) {
                                    return Future.succeededFuture(); // a bot: store nothing
                                  }
                                  return onboarding
                                      .types(conn)
                                      .compose(
                                          types -> {
                                            check(form, settings, types);
                                            return store(conn, organizationId, form, email);
                                          });
                                })))
        .map(done -> RECEIVED);
  }

  private static void check(
      SubmitApplication form, JsonObject settings, java.util.List<String> types) {
    JsonObject problems = new JsonObject();
    if (!types.contains(form.partnerType())) {
      problems.put("partnerType", "one of " + types);
    }
    problems.mergeIn(
        JsonSchemas.problems(
            TenantSchemas.compile(
                settings.getJsonObject(RecruitmentConfiguration.CUSTOM_FIELDS_SCHEMA),
                "The recruitment/customFieldsSchema configuration"),
            form.customFields() == null ? new JsonObject() : form.customFields(),
            "/customFields"));
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid application", problems);
    }
  }

  private Future<Void> store(
      SqlConnection conn, UUID organizationId, SubmitApplication form, String email) {
    UUID id = UUID.randomUUID();
    return repository
        .insert(conn, id, organizationId, form, email)
        .compose(
            application ->
                MailQueue.enqueue(
                        conn,
                        new OutgoingMail(
                            organizationId,
                            MailKind.APPLICATION_RECEIVED.name(),
                            email,
                            application.contactName(),
                            Map.of(
                                "companyName", application.companyName(),
                                "contactName", application.contactName()),
                            "application-received:" + id))
                    .compose(
                        mailed ->
                            event(
                                conn,
                                DomainEvent.Actor.SYSTEM,
                                organizationId,
                                RecruitmentApi.SUBMITTED,
                                application)));
  }

  Future<ApplicationPage> list(ListApplications request) {
    return database.inTenant(
        vendor(request.context()),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (before, rows) -> repository.list(conn, request.status(), before, rows),
                    Application::createdAt,
                    Application::id)
                .map(page -> new ApplicationPage(page.items(), page.nextCursor())));
  }

  Future<Application> get(GetApplication request) {
    return database.inTenant(
        vendor(request.context()), conn -> submitted(conn, request.id(), false, false));
  }

  /**
   * The partner (onboarding, of the applicant's type and the tenant's first tier) and the
   * invitation of the applicant's contact as its first partner admin, in one transaction.
   */
  Future<Application> approve(ApproveApplication request) {
    TenantContext context = vendor(request.context());
    return database.inTenant(
        context,
        conn ->
            submitted(conn, request.id(), true, true)
                .compose(
                    application ->
                        onboarding
                            .create(
                                conn,
                                context,
                                application.companyName(),
                                application.partnerType(),
                                application.contactEmail(),
                                application.website())
                            .compose(
                                partner ->
                                    inviter
                                        .invite(
                                            conn,
                                            context,
                                            application.contactEmail(),
                                            Roles.PARTNER_ADMIN,
                                            partner.id())
                                        .compose(
                                            invitation ->
                                                repository.approved(
                                                    conn,
                                                    application.id(),
                                                    context.userId(),
                                                    partner.id(),
                                                    invitation.id()))))
                .compose(
                    approved ->
                        event(
                                conn,
                                DomainEvent.Actor.of(context),
                                context.organizationId(),
                                RecruitmentApi.APPROVED,
                                approved)
                            .map(approved)));
  }

  Future<Application> reject(RejectApplication request) {
    TenantContext context = vendor(request.context());
    return database.inTenant(
        context,
        conn ->
            submitted(conn, request.id(), true, true)
                .compose(
                    application ->
                        repository.rejected(
                            conn, application.id(), context.userId(), request.reason().strip()))
                .compose(
                    rejected ->
                        MailQueue.enqueue(
                                conn,
                                new OutgoingMail(
                                    context.organizationId(),
                                    MailKind.APPLICATION_REJECTED.name(),
                                    rejected.contactEmail(),
                                    rejected.contactName(),
                                    Map.of(
                                        "companyName", rejected.companyName(),
                                        "contactName", rejected.contactName(),
                                        "reason", rejected.rejectionReason()),
                                    "application-rejected:" + rejected.id()))
                            .compose(
                                mailed ->
                                    event(
                                        conn,
                                        DomainEvent.Actor.of(context),
                                        context.organizationId(),
                                        RecruitmentApi.REJECTED,
                                        rejected))
                            .map(rejected)));
  }

  /** The agreement in force; for a partner user, its partner's acceptance of it (or null). */
  Future<Agreement> agreement(GetAgreement request) {
    TenantContext context = request.context();
    return database.inTenant(
        context,
        conn ->
            inForce(conn)
                .compose(
                    agreement ->
                        context.partnerId() == null
                            ? Future.succeededFuture(agreement)
                            : repository
                                .acceptance(conn, context.partnerId(), agreement.version())
                                .map(
                                    accepted ->
                                        new Agreement(
                                            agreement.version(), agreement.text(), accepted))));
  }

  /**
   * A partner admin accepts the version in force for its partner (a stale version is refused, so
   * what was read is what is accepted); an onboarding partner becomes active.
   */
  Future<Acceptance> acceptAgreement(AcceptAgreement request) {
    TenantContext context = request.context();
    context.requireUser("accept an agreement");
    if (context.partnerId() == null) {
      throw new ServiceException(
          FailureCode.FORBIDDEN, "Only a partner's admin accepts the program agreement");
    }
    return database.inTenant(
        context,
        conn ->
            inForce(conn)
                .compose(
                    agreement -> {
                      if (!agreement.version().equals(request.version())) {
                        throw new ServiceException(
                            FailureCode.CONFLICT,
                            "Version "
                                + agreement.version()
                                + " is in force: read it and accept that one");
                      }
                      return repository
                          .acceptance(conn, context.partnerId(), agreement.version())
                          .compose(
                              already ->
                                  already != null
                                      ? Future.succeededFuture(already)
                                      : record(conn, context, agreement));
                    }));
  }

  private Future<Acceptance> record(
      SqlConnection conn, TenantContext context, Agreement agreement) {
    return repository
        .accept(
            conn,
            context.organizationId(),
            context.partnerId(),
            context.userId(),
            agreement.version(),
            Hashes.sha256Hex(agreement.text()))
        .compose(
            acceptance ->
                Outbox.append(
                        conn,
                        DomainEvent.of(
                            RecruitmentApi.AGREEMENT_ACCEPTED,
                            context.organizationId(),
                            DomainEvent.Actor.of(context),
                            context.partnerId(),
                            context.partnerId(),
                            acceptance))
                    .compose(appended -> activateIfOnboarding(conn, context))
                    .map(acceptance));
  }

  private Future<Void> activateIfOnboarding(SqlConnection conn, TenantContext context) {
    return onboarding
        .activate(conn, context, context.partnerId())
        .<Void>mapEmpty()
        .recover(
            failure ->
                failure instanceof ServiceException e && e.code() == FailureCode.CONFLICT
                    ? Future.succeededFuture() // active (or otherwise) already: nothing to do
                    : Future.failedFuture(failure));
  }

  private static Future<Agreement> inForce(SqlConnection conn) {
    return RecruitmentConfiguration.CATEGORY
        .read(conn)
        .map(
            settings -> {
              JsonObject agreement = settings.getJsonObject(RecruitmentConfiguration.AGREEMENT);
              return new Agreement(
                  agreement.getString("version"), agreement.getString("text"), null);
            });
  }

  /** The application; NOT_FOUND when there is none; CONFLICT when {@code open} and reviewed. */
  private Future<Application> submitted(
      SqlConnection conn, UUID id, boolean forUpdate, boolean open) {
    return repository
        .find(conn, id, forUpdate)
        .map(
            application -> {
              if (application == null) {
                throw ServiceException.notFound("Application " + id);
              }
              if (open && !"submitted".equals(application.status())) {
                throw new ServiceException(
                    FailureCode.CONFLICT,
                    "The application is " + application.status() + " already");
              }
              return application;
            });
  }

  private static TenantContext vendor(TenantContext context) {
    context.requireVendorUser("review partner applications");
    return context;
  }

  private static Future<Void> event(
      SqlConnection conn,
      DomainEvent.Actor actor,
      UUID organizationId,
      String type,
      Application application) {
    return Outbox.append(
        conn,
        DomainEvent.of(
            type,
            organizationId,
            actor,
            application.id(),
            application.partnerId(),
            withoutContact(application)));
  }

  /** What an event says of an application: not the applicant's personal message. */
  private static Map<String, Object> withoutContact(Application application) {
    Map<String, Object> data = new HashMap<>();
    data.put("id", application.id());
    data.put("companyName", application.companyName());
    data.put("partnerType", application.partnerType());
    data.put("status", application.status());
    data.put("partnerId", application.partnerId());
    data.put("invitationId", application.invitationId());
    data.put("createdAt", application.createdAt());
    return data;
  }
}
