package io.partnerhub.consumer;

import io.partnerhub.apikey.ApiKeyApi;
import io.partnerhub.auth.AuthApi;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.commission.CommissionApi;
import io.partnerhub.configuration.ConfigurationApi;
import io.partnerhub.dashboard.DashboardApi;
import io.partnerhub.health.HealthApi;
import io.partnerhub.invitation.InvitationApi;
import io.partnerhub.mail.MailApi;
import io.partnerhub.notification.NotificationApi;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.organization.OrganizationApi;
import io.partnerhub.outbox.EventApi;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.recruitment.RecruitmentApi;
import io.partnerhub.user.UserApi;
import io.partnerhub.webhook.WebhookApi;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole public event-bus contract of PartnerHub: every feature's endpoints, in the consumer
 * artifact so that a node registers the codecs without the service's classes.
 */
public final class Contract {
  private Contract() {}

  /**
   * Every endpoint of the public event-bus API; each node registers a codec for each message type.
   */
  public static final List<Endpoint<?, ?>> ENDPOINTS =
      Stream.of(
              AuthApi.ENDPOINTS,
              ApiKeyApi.ENDPOINTS,
              OrganizationApi.ENDPOINTS,
              ConfigurationApi.ENDPOINTS,
              UserApi.ENDPOINTS,
              PartnerApi.ENDPOINTS,
              OpportunityApi.ENDPOINTS,
              CommissionApi.ENDPOINTS,
              DashboardApi.ENDPOINTS,
              EventApi.ENDPOINTS,
              HealthApi.ENDPOINTS,
              WebhookApi.ENDPOINTS,
              NotificationApi.ENDPOINTS,
              MailApi.ENDPOINTS,
              InvitationApi.ENDPOINTS,
              RecruitmentApi.ENDPOINTS)
          .flatMap(List::stream)
          .toList();

  /**
   * Every domain event type the services write: the event feed's types filter accepts these, and
   * webhooks may subscribe to them.
   */
  public static final List<String> EVENT_TYPES =
      List.of(
          PartnerApi.CREATED,
          PartnerApi.UPDATED,
          PartnerApi.DELETED,
          OpportunityApi.REGISTERED,
          OpportunityApi.APPROVED,
          OpportunityApi.REJECTED,
          OpportunityApi.EXPIRED,
          OpportunityApi.UPDATED,
          OpportunityApi.STAGE_CHANGED,
          OpportunityApi.WON,
          OpportunityApi.LOST,
          OpportunityApi.PROTECTION_ENDING,
          OpportunityApi.REVIEW_OVERDUE,
          CommissionApi.RECORDED,
          CommissionApi.UPDATED,
          CommissionApi.APPROVED,
          CommissionApi.PAID,
          WebhookApi.DISABLED,
          InvitationApi.CREATED,
          InvitationApi.REVOKED,
          InvitationApi.ACCEPTED,
          RecruitmentApi.SUBMITTED,
          RecruitmentApi.APPROVED,
          RecruitmentApi.REJECTED,
          RecruitmentApi.AGREEMENT_ACCEPTED);

  /** Registers the codecs of every endpoint's messages and of the events; every node must. */
  public static void registerCodecs(Vertx vertx) {
    ServiceBus.registerCodecs(vertx, ENDPOINTS);
  }
}
