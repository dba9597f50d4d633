package io.partnerhub.db;

import static java.util.Map.entry;

import io.partnerhub.apikey.ApiKeyApi;
import io.partnerhub.auth.AuthApi;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.commission.CommissionApi;
import io.partnerhub.configuration.ConfigurationApi;
import io.partnerhub.dashboard.DashboardApi;
import io.partnerhub.db.IsolationWorld.Actor;
import io.partnerhub.db.IsolationWorld.Kind;
import io.partnerhub.health.HealthApi;
import io.partnerhub.invitation.InvitationApi;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.Patch;
import io.partnerhub.kernel.TenantTokens;
import io.partnerhub.mail.MailApi;
import io.partnerhub.notification.NotificationApi;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.organization.OrganizationApi;
import io.partnerhub.outbox.EventApi;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.recruitment.RecruitmentApi;
import io.partnerhub.support.Changed;
import io.partnerhub.support.Tenant;
import io.partnerhub.user.UserApi;
import io.partnerhub.webhook.WebhookApi;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How the walk exercises each address of Contract.ENDPOINTS: the typed request with A's
 * TenantContext naming B's ids (and P2's, for A's partner user), and with forged contexts that mix
 * A's organization with B's partner or B's user. An address missing here fails the walk.
 */
final class BusEndpointTable {
  private static final List<Actor> CONTEXTS =
      List.of(Actor.VENDOR, Actor.PARTNER, Actor.FORGED_PARTNER, Actor.FORGED_USER);

  /** Bus logins carry their own client address, so they count against no one's HTTP throttle. */
  private static final String CLIENT_IP = "203.0.113.77";

  static final Map<String, Function<IsolationWorld, List<Probe>>> ENDPOINTS =
      Map.ofEntries(
          entry(
              AuthApi.LOGIN.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          AuthApi.LOGIN,
                          new AuthApi.LoginRequest(
                              w.sharedEmail,
                              IsolationWorld.SHARED_PASSWORD_OF_A,
                              w.b.tenant().subdomain(),
                              CLIENT_IP),
                          401),
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          AuthApi.LOGIN,
                          new AuthApi.LoginRequest(
                              w.b.tenant().adminEmail(),
                              Tenant.PASSWORD,
                              w.a.tenant().subdomain(),
                              CLIENT_IP),
                          401),
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          AuthApi.LOGIN,
                          new AuthApi.LoginRequest(
                              w.sharedEmail,
                              IsolationWorld.SHARED_PASSWORD_OF_A,
                              w.a.tenant().subdomain(),
                              CLIENT_IP),
                          200))),
          entry(AuthApi.CHANGE_PASSWORD.address(), BusEndpointTable::changePassword),
          entry(
              AuthApi.PASSWORD_RESET.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          AuthApi.PASSWORD_RESET,
                          new AuthApi.RequestPasswordReset(
                              w.b.tenant().adminEmail(), w.a.tenant().subdomain(), CLIENT_IP),
                          200))),
          entry(
              AuthApi.PASSWORD_RESET_CONFIRM.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          AuthApi.PASSWORD_RESET_CONFIRM,
                          new AuthApi.ConfirmPasswordReset(
                              new TenantTokens("phr_")
                                  .create(w.b.organizationId(), UUID.randomUUID()),
                              "a password nobody else uses"),
                          400))),
          entry(InvitationApi.CREATE.address(), BusEndpointTable::createInvitation),
          entry(
              InvitationApi.LIST.address(),
              w ->
                  listing(
                      w,
                      InvitationApi.LIST,
                      c -> new InvitationApi.ListInvitations(c, null, 200, null))),
          entry(
              InvitationApi.GET.address(),
              w ->
                  byId(
                      w,
                      InvitationApi.GET,
                      Kind.INVITATION,
                      false,
                      InvitationApi.GetInvitation::new)),
          entry(
              InvitationApi.REVOKE.address(),
              w ->
                  byId(
                      w,
                      InvitationApi.REVOKE,
                      Kind.INVITATION,
                      false,
                      InvitationApi.RevokeInvitation::new)),
          entry(
              InvitationApi.RESEND.address(),
              w ->
                  byId(
                      w,
                      InvitationApi.RESEND,
                      Kind.INVITATION,
                      false,
                      InvitationApi.ResendInvitation::new)),
          entry(
              InvitationApi.ACCEPT.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          InvitationApi.ACCEPT,
                          new InvitationApi.AcceptInvitation(
                              new TenantTokens("phi_")
                                  .create(
                                      w.b.organizationId(),
                                      w.targets(Actor.VENDOR, Kind.INVITATION).get(0)),
                              "a password nobody else uses"),
                          400))),
          entry(
              RecruitmentApi.SUBMIT.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          RecruitmentApi.SUBMIT,
                          new RecruitmentApi.SubmitApplication(
                              w.b.tenant().subdomain(),
                              "Walker",
                              "Walker",
                              "walker-" + UUID.randomUUID() + "@example.test",
                              "emperor",
                              null,
                              null,
                              null,
                              null,
                              CLIENT_IP),
                          400))),
          entry(
              RecruitmentApi.LIST.address(),
              w ->
                  CONTEXTS.stream()
                      .<Probe>map(
                          actor ->
                              new Probe.Bus(
                                  actor,
                                  RecruitmentApi.LIST,
                                  new RecruitmentApi.ListApplications(
                                      w.context(actor), null, 200, null),
                                  w.expect(actor, RecruitmentApi.LIST, true, 200)))
                      .toList()),
          entry(
              RecruitmentApi.GET.address(),
              w ->
                  byId(
                      w,
                      RecruitmentApi.GET,
                      Kind.APPLICATION,
                      true,
                      RecruitmentApi.GetApplication::new)),
          entry(
              RecruitmentApi.APPROVE.address(),
              w ->
                  byId(
                      w,
                      RecruitmentApi.APPROVE,
                      Kind.APPLICATION,
                      true,
                      RecruitmentApi.ApproveApplication::new)),
          entry(
              RecruitmentApi.REJECT.address(),
              w ->
                  byId(
                      w,
                      RecruitmentApi.REJECT,
                      Kind.APPLICATION,
                      true,
                      (c, id) -> new RecruitmentApi.RejectApplication(c, id, "walk"))),
          entry(
              RecruitmentApi.AGREEMENT.address(),
              w -> listing(w, RecruitmentApi.AGREEMENT, RecruitmentApi.GetAgreement::new)),
          entry(
              RecruitmentApi.ACCEPT_AGREEMENT.address(),
              w ->
                  CONTEXTS.stream()
                      .<Probe>map(
                          actor ->
                              new Probe.Bus(
                                  actor,
                                  RecruitmentApi.ACCEPT_AGREEMENT,
                                  new RecruitmentApi.AcceptAgreement(w.context(actor), "1"),
                                  switch (actor) {
                                    // its own partner's acceptance, a row of A
                                    case PARTNER -> 200;
                                    // B's partner in A's tenant: the database refuses the row
                                    case FORGED_PARTNER -> 400;
                                    default -> 403;
                                  }))
                      .toList()),
          entry(
              OrganizationApi.PROVISION.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.PLATFORM,
                          OrganizationApi.PROVISION,
                          new OrganizationApi.ProvisionOrganization(
                              "Walk organization",
                              w.b.tenant().subdomain(),
                              "admin@walk.test",
                              Tenant.PASSWORD),
                          409))),
          entry(
              ConfigurationApi.LIST.address(),
              w ->
                  concat(
                      listing(
                          w,
                          ConfigurationApi.LIST,
                          c -> new ConfigurationApi.ListConfigurations(c, null, 200, null)),
                      listing(
                          w,
                          ConfigurationApi.LIST,
                          c -> new ConfigurationApi.ListConfigurations(c, "secret", 200, null)))),
          entry(
              ConfigurationApi.LIST_EFFECTIVE.address(),
              w ->
                  listing(
                      w,
                      ConfigurationApi.LIST_EFFECTIVE,
                      c ->
                          new ConfigurationApi.ListEffectiveConfigurations(
                              c, "secret", 200, null))),
          entry(ConfigurationApi.UPSERT.address(), BusEndpointTable::upsertConfiguration),
          entry(
              ConfigurationApi.GET_VALUE.address(),
              w ->
                  concat(
                      listing(
                          w,
                          ConfigurationApi.GET_VALUE,
                          404,
                          c ->
                              new ConfigurationApi.GetConfigurationValue(
                                  c, "secret", w.b.key("read"), null)),
                      listing(
                          w,
                          ConfigurationApi.GET_VALUE,
                          200,
                          c ->
                              new ConfigurationApi.GetConfigurationValue(
                                  c, "secret", w.b.key("read"), "fallback")))),
          entry(
              ConfigurationApi.DELETE.address(),
              w ->
                  listing(
                      w,
                      ConfigurationApi.DELETE,
                      404,
                      c ->
                          new ConfigurationApi.DeleteConfiguration(
                              c, "secret", w.b.key("read"), null))),
          entry(
              ConfigurationApi.HISTORY.address(),
              w ->
                  listing(
                      w,
                      ConfigurationApi.HISTORY,
                      200,
                      c ->
                          new ConfigurationApi.ConfigurationHistory(
                              c, "secret", w.b.key("read"), 200, null))),
          entry(
              UserApi.LIST.address(),
              w -> listing(w, UserApi.LIST, c -> new UserApi.ListUsers(c, 200, null))),
          entry(
              UserApi.GET.address(),
              w -> byId(w, UserApi.GET, Kind.USER, false, UserApi.GetUser::new)),
          entry(
              UserApi.CREATE.address(),
              w ->
                  namingPartner(
                      w,
                      UserApi.CREATE,
                      400,
                      (c, partner) ->
                          new UserApi.CreateUser(
                              c,
                              "walk-" + IsolationWorld.marker() + "@example.test",
                              Tenant.PASSWORD,
                              "partner_user",
                              partner))),
          entry(
              UserApi.UPDATE.address(),
              w ->
                  concat(
                      byId(
                          w,
                          UserApi.UPDATE,
                          Kind.USER,
                          false,
                          (c, id) ->
                              new UserApi.UpdateUser(
                                  c,
                                  id,
                                  Changed.from(
                                      UserApi.UserChanges.class,
                                      new JsonObject().put("role", "viewer")),
                                  null)),
                      namingPartner(
                          w,
                          UserApi.UPDATE,
                          400,
                          (c, partner) ->
                              new UserApi.UpdateUser(
                                  c,
                                  w.a.sharedUserId(),
                                  Changed.from(
                                      UserApi.UserChanges.class,
                                      new JsonObject()
                                          .put("role", "partner_user")
                                          .put(
                                              "partnerId",
                                              partner == null ? null : partner.toString())),
                                  null)),
                      smuggled(
                          w,
                          UserApi.UPDATE,
                          new UserApi.UpdateUser(
                              w.context(Actor.VENDOR),
                              w.a.sharedUserId(),
                              Changed.from(
                                  UserApi.UserChanges.class,
                                  new JsonObject().put("role", "viewer")),
                              null)))),
          entry(
              UserApi.DEACTIVATE.address(),
              w -> byId(w, UserApi.DEACTIVATE, Kind.USER, false, UserApi.DeactivateUser::new)),
          entry(
              UserApi.TEAM_LIST.address(),
              w ->
                  namingPartner(
                      w,
                      UserApi.TEAM_LIST,
                      404,
                      (c, partner) -> new UserApi.ListTeam(c, partner, 200, null))),
          entry(
              UserApi.TEAM_GET.address(),
              w -> byId(w, UserApi.TEAM_GET, Kind.USER, false, UserApi.GetTeamMember::new)),
          entry(
              UserApi.TEAM_UPDATE.address(),
              w ->
                  byId(
                      w,
                      UserApi.TEAM_UPDATE,
                      Kind.USER,
                      false,
                      (c, id) ->
                          new UserApi.UpdateTeamMember(
                              c,
                              id,
                              Changed.from(
                                  UserApi.TeamMemberChanges.class,
                                  new JsonObject().put("status", "inactive")),
                              null))),
          entry(
              UserApi.TEAM_DEACTIVATE.address(),
              w ->
                  byId(
                      w,
                      UserApi.TEAM_DEACTIVATE,
                      Kind.USER,
                      false,
                      UserApi.DeactivateTeamMember::new)),
          entry(
              NotificationApi.LIST.address(),
              w ->
                  listing(
                      w,
                      NotificationApi.LIST,
                      c -> new NotificationApi.ListNotifications(c, null, 200, null))),
          entry(
              NotificationApi.UNREAD_COUNT.address(),
              w -> listing(w, NotificationApi.UNREAD_COUNT, NotificationApi.CountUnread::new)),
          entry(
              NotificationApi.GET_PREFERENCES.address(),
              w ->
                  listing(w, NotificationApi.GET_PREFERENCES, NotificationApi.GetPreferences::new)),
          entry(
              NotificationApi.UPDATE_PREFERENCES.address(),
              BusEndpointTable::notificationPreferences),
          entry(
              NotificationApi.MARK_READ.address(),
              w ->
                  byId(
                      w,
                      NotificationApi.MARK_READ,
                      Kind.NOTIFICATION,
                      false,
                      NotificationApi.MarkRead::new)),
          entry(
              MailApi.DEAD_LETTERS.address(),
              w -> listing(w, MailApi.DEAD_LETTERS, c -> new MailApi.ListDeadMail(c, 200, null))),
          entry(
              MailApi.RESEND.address(),
              w -> byId(w, MailApi.RESEND, Kind.MAIL, true, MailApi.ResendMail::new)),
          entry(
              PartnerApi.CREATE.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.PARTNER,
                          PartnerApi.CREATE,
                          createPartner(w.context(Actor.PARTNER)),
                          403),
                      new Probe.Bus(
                          Actor.FORGED_PARTNER,
                          PartnerApi.CREATE,
                          createPartner(w.context(Actor.FORGED_PARTNER)),
                          403))),
          entry(
              PartnerApi.LIST.address(),
              w ->
                  listing(
                      w,
                      PartnerApi.LIST,
                      c ->
                          new PartnerApi.ListPartners(c, null, null, null, null, null, 200, null))),
          entry(
              PartnerApi.GET.address(),
              w -> byId(w, PartnerApi.GET, Kind.PARTNER, false, PartnerApi.GetPartner::new)),
          entry(
              PartnerApi.UPDATE.address(),
              w ->
                  concat(
                      byId(
                          w,
                          PartnerApi.UPDATE,
                          Kind.PARTNER,
                          false,
                          (c, id) ->
                              new PartnerApi.UpdatePartner(
                                  c,
                                  id,
                                  Changed.from(
                                      PartnerApi.PartnerChanges.class,
                                      new JsonObject().put("region", "bus walk")),
                                  null)),
                      smuggled(
                          w,
                          PartnerApi.UPDATE,
                          new PartnerApi.UpdatePartner(
                              w.context(Actor.VENDOR),
                              w.a.p1().id(),
                              Changed.from(
                                  PartnerApi.PartnerChanges.class,
                                  new JsonObject().put("region", "bus walk")),
                              null)))),
          entry(
              PartnerApi.DELETE.address(),
              w ->
                  byId(
                      w,
                      PartnerApi.DELETE,
                      Kind.PARTNER,
                      true,
                      (c, id) -> new PartnerApi.DeletePartner(c, id, null))),
          entry(
              OpportunityApi.REGISTER.address(),
              w ->
                  concat(
                      namingPartner(w, OpportunityApi.REGISTER, 404, BusEndpointTable::register),
                      List.of(
                          new Probe.Bus(
                              Actor.FORGED_USER,
                              OpportunityApi.REGISTER,
                              register(w.context(Actor.FORGED_USER), w.a.p1().id()),
                              400)))),
          entry(
              OpportunityApi.LIST.address(),
              w ->
                  concat(
                      listing(
                          w,
                          OpportunityApi.LIST,
                          c ->
                              new OpportunityApi.ListOpportunities(c, null, null, null, 200, null)),
                      partnerFilter(
                          w,
                          OpportunityApi.LIST,
                          (c, partner) ->
                              new OpportunityApi.ListOpportunities(
                                  c, partner, null, null, 200, null)))),
          entry(
              OpportunityApi.GET.address(),
              w ->
                  byId(
                      w,
                      OpportunityApi.GET,
                      Kind.OPPORTUNITY,
                      false,
                      OpportunityApi.GetOpportunity::new)),
          entry(
              OpportunityApi.UPDATE.address(),
              w ->
                  concat(
                      byId(
                          w,
                          OpportunityApi.UPDATE,
                          Kind.OPPORTUNITY,
                          false,
                          (c, id) ->
                              new OpportunityApi.UpdateOpportunity(
                                  c,
                                  id,
                                  Changed.from(
                                      OpportunityApi.OpportunityChanges.class,
                                      new JsonObject()
                                          .put("stage", "closed_lost")
                                          .put("amount", "1.00")),
                                  null)),
                      smuggled(
                          w,
                          OpportunityApi.UPDATE,
                          new OpportunityApi.UpdateOpportunity(
                              w.context(Actor.VENDOR),
                              w.a.p1().pendingDeal(),
                              Changed.from(
                                  OpportunityApi.OpportunityChanges.class,
                                  new JsonObject().put("name", "bus walk")),
                              null)))),
          entry(
              OpportunityApi.APPROVE_REGISTRATION.address(),
              w ->
                  byId(
                      w,
                      OpportunityApi.APPROVE_REGISTRATION,
                      Kind.OPPORTUNITY,
                      true,
                      OpportunityApi.ApproveOpportunity::new)),
          entry(
              OpportunityApi.REJECT_REGISTRATION.address(),
              w ->
                  byId(
                      w,
                      OpportunityApi.REJECT_REGISTRATION,
                      Kind.OPPORTUNITY,
                      true,
                      (c, id) -> new OpportunityApi.RejectOpportunity(c, id, "bus walk"))),
          entry(
              OpportunityApi.STAGE_HISTORY.address(),
              w ->
                  byId(
                      w,
                      OpportunityApi.STAGE_HISTORY,
                      Kind.OPPORTUNITY,
                      false,
                      OpportunityApi.GetStageHistory::new)),
          // a system job with no tenant input: it must leave every row of B as it is (nothing of B
          // has lapsed)
          entry(
              OpportunityApi.EXPIRE_REGISTRATIONS.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          OpportunityApi.EXPIRE_REGISTRATIONS,
                          new OpportunityApi.ExpireRegistrations(),
                          200))),
          entry(
              OpportunityApi.SEND_REMINDERS.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          OpportunityApi.SEND_REMINDERS,
                          new OpportunityApi.SendReminders(),
                          200))),
          entry(
              CommissionApi.LIST.address(),
              w ->
                  concat(
                      listing(
                          w,
                          CommissionApi.LIST,
                          c -> new CommissionApi.ListCommissions(c, null, null, 200, null)),
                      partnerFilter(
                          w,
                          CommissionApi.LIST,
                          (c, partner) ->
                              new CommissionApi.ListCommissions(c, partner, null, 200, null)))),
          entry(
              CommissionApi.GET.address(),
              w ->
                  byId(
                      w,
                      CommissionApi.GET,
                      Kind.COMMISSION,
                      false,
                      CommissionApi.GetCommission::new)),
          entry(
              CommissionApi.APPROVE_COMMISSION.address(),
              w ->
                  byId(
                      w,
                      CommissionApi.APPROVE_COMMISSION,
                      Kind.COMMISSION,
                      true,
                      CommissionApi.ApproveCommission::new)),
          entry(
              CommissionApi.PAY.address(),
              w ->
                  byId(
                      w,
                      CommissionApi.PAY,
                      Kind.COMMISSION,
                      true,
                      CommissionApi.PayCommission::new)),
          entry(
              CommissionApi.STATEMENT.address(),
              w ->
                  namingPartner(
                      w,
                      CommissionApi.STATEMENT,
                      404,
                      (c, partner) ->
                          new CommissionApi.GetStatement(c, partner, HttpRouteTable.quarter()))),
          entry(
              CommissionApi.PREVIEW.address(),
              w ->
                  namingPartner(
                      w,
                      CommissionApi.PREVIEW,
                      404,
                      (c, partner) ->
                          new CommissionApi.PreviewCommission(
                              c, partner, new BigDecimal("1000.00"), "EUR", null))),
          entry(
              DashboardApi.GET.address(),
              w ->
                  listing(
                      w,
                      DashboardApi.GET,
                      c -> new DashboardApi.GetDashboard(c, "2024-01-01", "2030-12-31"))),
          entry(
              ApiKeyApi.LIST.address(),
              w -> listing(w, ApiKeyApi.LIST, c -> new ApiKeyApi.ListApiKeys(c, 200, null))),
          entry(
              ApiKeyApi.GET.address(),
              w -> byId(w, ApiKeyApi.GET, Kind.USER, true, ApiKeyApi.GetApiKey::new)),
          entry(
              ApiKeyApi.REVOKE.address(),
              w -> byId(w, ApiKeyApi.REVOKE, Kind.USER, true, ApiKeyApi.RevokeApiKey::new)),
          entry(
              ApiKeyApi.CREATE.address(),
              w ->
                  namingPartner(
                      w,
                      ApiKeyApi.CREATE,
                      400,
                      (c, partner) ->
                          new ApiKeyApi.CreateApiKey(
                              c, "walk", java.util.Set.of("partners:read"), partner, null))),
          entry(
              ApiKeyApi.AUTHENTICATE.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS,
                          ApiKeyApi.AUTHENTICATE,
                          new ApiKeyApi.Authenticate(
                              "phk_" + "A".repeat(43) + "_" + "B".repeat(43)),
                          401))),
          entry(
              ApiKeyApi.RECORD_USE.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.VENDOR,
                          ApiKeyApi.RECORD_USE,
                          new ApiKeyApi.RecordUse(w.context(Actor.VENDOR)),
                          401))),
          entry(
              EventApi.LIST.address(),
              w -> listing(w, EventApi.LIST, c -> new EventApi.ListEvents(c, 0L, null, 200))),
          entry(
              WebhookApi.CREATE.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.PARTNER,
                          WebhookApi.CREATE,
                          createWebhook(w.context(Actor.PARTNER)),
                          403),
                      new Probe.Bus(
                          Actor.FORGED_PARTNER,
                          WebhookApi.CREATE,
                          createWebhook(w.context(Actor.FORGED_PARTNER)),
                          403))),
          entry(
              WebhookApi.LIST.address(),
              w -> listing(w, WebhookApi.LIST, c -> new WebhookApi.ListWebhooks(c, 200, null))),
          entry(
              WebhookApi.GET.address(),
              w -> byId(w, WebhookApi.GET, Kind.WEBHOOK, true, WebhookApi.GetWebhook::new)),
          entry(
              WebhookApi.UPDATE.address(),
              w ->
                  byId(
                      w,
                      WebhookApi.UPDATE,
                      Kind.WEBHOOK,
                      true,
                      (c, id) ->
                          new WebhookApi.UpdateWebhook(
                              c,
                              id,
                              new WebhookApi.WebhookChanges(
                                  Patch.absent(), Patch.absent(), Patch.absent(), Patch.of(false)),
                              null))),
          entry(
              WebhookApi.DELETE.address(),
              w -> byId(w, WebhookApi.DELETE, Kind.WEBHOOK, true, WebhookApi.DeleteWebhook::new)),
          entry(
              WebhookApi.ROTATE_SECRET.address(),
              w ->
                  byId(
                      w,
                      WebhookApi.ROTATE_SECRET,
                      Kind.WEBHOOK,
                      true,
                      WebhookApi.RotateWebhookSecret::new)),
          entry(
              WebhookApi.DELIVERIES.address(),
              w ->
                  byId(
                      w,
                      WebhookApi.DELIVERIES,
                      Kind.WEBHOOK,
                      true,
                      (c, id) -> new WebhookApi.ListDeliveries(c, id, 200, null))),
          entry(
              WebhookApi.REDELIVER.address(),
              w ->
                  byId(
                      w,
                      WebhookApi.REDELIVER,
                      Kind.WEBHOOK,
                      true,
                      (c, id) -> new WebhookApi.Redeliver(c, id, UUID.randomUUID()))),
          entry(
              WebhookApi.REPLAY.address(),
              w ->
                  byId(
                      w,
                      WebhookApi.REPLAY,
                      Kind.WEBHOOK,
                      true,
                      (c, id) ->
                          new WebhookApi.Replay(
                              c,
                              id,
                              java.time.Instant.parse("2020-01-01T00:00:00Z"),
                              java.time.Instant.parse("2030-01-01T00:00:00Z")))),
          entry(
              HealthApi.CHECK.address(),
              w ->
                  List.of(
                      new Probe.Bus(
                          Actor.ANONYMOUS, HealthApi.CHECK, new HealthApi.Probe(), 200))));

  private BusEndpointTable() {}

  /**
   * As {@link #namingPartner}, but a forged partner context (B's partner in A's tenant) is stopped
   * by the role's partner check, which finds no such partner: 400, before anything is written.
   */
  private static List<Probe> createInvitation(IsolationWorld w) {
    return namingPartner(
            w,
            InvitationApi.CREATE,
            400,
            (c, partner) ->
                new InvitationApi.CreateInvitation(
                    c, "walker-" + UUID.randomUUID() + "@example.test", "partner_user", partner))
        .stream()
        .<Probe>map(
            probe ->
                probe instanceof Probe.Bus bus
                        && bus.actor() == Actor.FORGED_PARTNER
                        && bus.expected() == 404
                    ? new Probe.Bus(bus.actor(), bus.endpoint(), bus.request(), 400)
                    : probe)
        .toList();
  }

  private static WebhookApi.CreateWebhook createWebhook(TenantContext context) {
    return new WebhookApi.CreateWebhook(
        context, "https://hooks.walk.test/in", List.of("opportunity.won"), null, null);
  }

  /** Each context at each foreign or guessed id. */
  static List<Probe> byId(
      IsolationWorld w,
      Endpoint<?, ?> endpoint,
      Kind kind,
      boolean vendorOnly,
      BiFunction<TenantContext, UUID, Object> request) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : CONTEXTS) {
      for (UUID id : w.targets(actor, kind)) {
        probes.add(
            new Probe.Bus(
                actor,
                endpoint,
                request.apply(w.context(actor), id),
                w.expect(actor, endpoint, vendorOnly, 404)));
      }
    }
    return probes;
  }

  /** Each context with one request: 200 (a list, an empty answer) or {@code reached}. */
  static List<Probe> listing(
      IsolationWorld w, Endpoint<?, ?> endpoint, Function<TenantContext, Object> request) {
    return listing(w, endpoint, 200, request);
  }

  static List<Probe> listing(
      IsolationWorld w,
      Endpoint<?, ?> endpoint,
      int reached,
      Function<TenantContext, Object> request) {
    return CONTEXTS.stream()
        .<Probe>map(
            actor ->
                new Probe.Bus(
                    actor,
                    endpoint,
                    request.apply(w.context(actor)),
                    w.expect(actor, endpoint, false, reached)))
        .toList();
  }

  static List<Probe> partnerFilter(
      IsolationWorld w, Endpoint<?, ?> endpoint, BiFunction<TenantContext, UUID, Object> request) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : CONTEXTS) {
      for (UUID partner : w.targets(actor, Kind.PARTNER)) {
        probes.add(
            new Probe.Bus(
                actor,
                endpoint,
                request.apply(w.context(actor), partner),
                w.expect(actor, endpoint, false, 200)));
      }
    }
    return probes;
  }

  /**
   * A request naming a partner: {@code reached} (404 or 400) for a vendor context naming a partner
   * it cannot see, 403 for a partner context naming any other. A forged partner context naming its
   * own (B's) partner, or none, acts for a partner A's organization does not have: 404.
   */
  static List<Probe> namingPartner(
      IsolationWorld w,
      Endpoint<?, ?> endpoint,
      int reached,
      BiFunction<TenantContext, UUID, Object> request) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : CONTEXTS) {
      TenantContext context = w.context(actor);
      for (UUID partner : w.targets(actor, Kind.PARTNER)) {
        int whenPermitted =
            !IsolationWorld.actsForAPartner(actor)
                ? reached
                : partner.equals(context.partnerId()) ? 404 : 403;
        probes.add(
            new Probe.Bus(
                actor,
                endpoint,
                request.apply(context, partner),
                w.expect(actor, endpoint, false, whenPermitted)));
      }
    }
    probes.add(
        new Probe.Bus(
            Actor.FORGED_PARTNER,
            endpoint,
            request.apply(w.context(Actor.FORGED_PARTNER), null),
            w.expect(Actor.FORGED_PARTNER, endpoint, false, 404)));
    return probes;
  }

  /**
   * Changes naming B's organization: not a field anyone may change. No Java record can carry one,
   * so they come as JSON from another node, in place of the valid changes of {@code request}, alone
   * or beside a valid field.
   */
  static List<Probe> smuggled(IsolationWorld w, Endpoint<?, ?> endpoint, Object request) {
    String b = w.b.organizationId().toString();
    JsonObject valid = new JsonObject(Jsons.encode(request));
    return Stream.of(
            new JsonObject().put("organizationId", b),
            new JsonObject().put("organization_id", b),
            valid.getJsonObject("changes").copy().put("organizationId", b))
        .<Probe>map(
            changes ->
                new Probe.Wire(Actor.VENDOR, endpoint, valid.copy().put("changes", changes), 400))
        .toList();
  }

  /**
   * A context's preferences are its own user's: A's users save theirs; a context naming B's admin
   * in A's organization is refused by the database (that user is not A's).
   */
  private static List<Probe> notificationPreferences(IsolationWorld w) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : CONTEXTS) {
      probes.add(
          new Probe.Bus(
              actor,
              NotificationApi.UPDATE_PREFERENCES,
              new NotificationApi.UpdatePreferences(
                  w.context(actor),
                  List.of(
                      new NotificationApi.PreferenceChoice("registration_submitted", true, false))),
              w.expect(
                  actor,
                  NotificationApi.UPDATE_PREFERENCES,
                  false,
                  actor == Actor.FORGED_USER ? 400 : 200)));
    }
    return probes;
  }

  /**
   * Writing B's configuration name writes A's own row; a version guard naming B's row finds none of
   * A's; a context naming B's user as the writer is refused by the database (that user is not A's).
   */
  private static List<Probe> upsertConfiguration(IsolationWorld w) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : CONTEXTS) {
      int permitted =
          w.expect(actor, ConfigurationApi.UPSERT, false, actor == Actor.FORGED_USER ? 400 : 200);
      probes.add(
          new Probe.Bus(
              actor,
              ConfigurationApi.UPSERT,
              upsert(w.context(actor), w.b.key("bus"), null),
              permitted));
    }
    probes.add(
        new Probe.Bus(
            Actor.VENDOR,
            ConfigurationApi.UPSERT,
            upsert(w.context(Actor.VENDOR), w.b.key("read"), 1),
            412));
    return probes;
  }

  /**
   * A password change is for the context's own user only: a context naming B's admin in A's
   * organization finds no such user even with that admin's real password, and neither does A's
   * partner user with B's partner as its partner (the users policy hides a user from any other
   * partner's transaction); A's own users with a wrong one get 400.
   */
  private static List<Probe> changePassword(IsolationWorld w) {
    List<Probe> probes = new ArrayList<>();
    probes.add(
        new Probe.Bus(
            Actor.FORGED_PARTNER,
            AuthApi.CHANGE_PASSWORD,
            new AuthApi.ChangePassword(
                w.context(Actor.FORGED_PARTNER),
                "walk",
                Tenant.PASSWORD,
                "a new password for P1",
                CLIENT_IP),
            401));
    for (Actor actor : List.of(Actor.VENDOR, Actor.PARTNER)) {
      probes.add(
          new Probe.Bus(
              actor,
              AuthApi.CHANGE_PASSWORD,
              new AuthApi.ChangePassword(
                  w.context(actor), "walk", "not the password", Tenant.PASSWORD, CLIENT_IP),
              400));
    }
    probes.add(
        new Probe.Bus(
            Actor.FORGED_USER,
            AuthApi.CHANGE_PASSWORD,
            new AuthApi.ChangePassword(
                w.context(Actor.FORGED_USER),
                "walk",
                Tenant.PASSWORD,
                "a new password for B",
                CLIENT_IP),
            401));
    probes.add(
        new Probe.Bus(
            Actor.ANONYMOUS,
            AuthApi.CHANGE_PASSWORD,
            new AuthApi.ChangePassword(
                null, "walk", Tenant.PASSWORD, "a new password for B", CLIENT_IP),
            401));
    return probes;
  }

  private static ConfigurationApi.UpsertConfiguration upsert(
      TenantContext context, String key, Integer version) {
    return new ConfigurationApi.UpsertConfiguration(
        context, "secret", key, "A's own value", null, "string", null, null, version);
  }

  private static PartnerApi.CreatePartner createPartner(TenantContext context) {
    return new PartnerApi.CreatePartner(
        context, "Bus partner", "reseller", "gold", null, null, null, null, null);
  }

  private static OpportunityApi.RegisterOpportunity register(TenantContext context, UUID partner) {
    return new OpportunityApi.RegisterOpportunity(
        context,
        partner,
        "Bus walk deal",
        "Bus " + IsolationWorld.marker(),
        null,
        new BigDecimal("500.00"),
        "EUR",
        null,
        List.of());
  }

  @SafeVarargs
  private static List<Probe> concat(List<Probe>... lists) {
    return Stream.of(lists).flatMap(List::stream).toList();
  }
}
