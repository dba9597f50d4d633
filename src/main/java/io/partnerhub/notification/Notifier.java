package io.partnerhub.notification;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.mail.MailKind;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.mail.MailQueue;
import io.partnerhub.mail.MailTemplates;
import io.partnerhub.mail.OutgoingMail;
import io.partnerhub.notification.NotificationKind.Audience;
import io.partnerhub.notification.NotificationKind.Names;
import io.partnerhub.notification.NotificationRepository.Recipient;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.user.Roles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a domain event into notifications: one in-app row and one queued mail per recipient, each
 * as the recipient's preferences allow. Runs as the durable consumer {@value #CONSUMER} (decision
 * 203): everything it writes is written in the transaction that moves the consumer's cursor past
 * the event, so an event's notifications exist once, however often it is delivered; both carry the
 * dedupe key {@code <eventId>:<userId>} as a second guard. Whoever caused the event is not told of
 * it.
 */
final class Notifier {
  static final String CONSUMER = "notifications";
  static final String DETAILS_LINK = "detailsLink";

  private final NotificationRepository repository = new NotificationRepository();
  private final MailTemplates templates = new MailTemplates();
  private final MailLinks links;

  Notifier(MailLinks links) {
    this.links = links;
  }

  Future<Void> notify(SqlConnection conn, DomainEvent event) {
    NotificationKind kind = NotificationKind.of(event.type());
    if (kind == null) {
      return Future.succeededFuture();
    }
    UUID opportunityId =
        kind.aboutCommission()
            ? UUID.fromString(event.data().getString("opportunityId"))
            : event.aggregate().id();
    return repository
        .names(conn, event.partnerId(), opportunityId)
        .compose(
            names ->
                MailTemplates.CATEGORY
                    .read(conn)
                    .compose(
                        all ->
                            repository
                                .recipients(conn, kind.text(), kind.audience(), event.partnerId())
                                .compose(
                                    recipients ->
                                        tell(
                                            conn,
                                            event,
                                            kind,
                                            values(event, kind, names, opportunityId),
                                            all.getJsonObject(kind.text()),
                                            names.organizationName(),
                                            recipients))));
  }

  private Map<String, String> values(
      DomainEvent event, NotificationKind kind, Names names, UUID opportunityId) {
    Map<String, String> values = kind.values(event, names);
    values.put(
        DETAILS_LINK,
        kind.aboutCommission()
            ? links.page("commissions/" + event.aggregate().id())
            : links.page("opportunities/" + opportunityId));
    return values;
  }

  private Future<Void> tell(
      SqlConnection conn,
      DomainEvent event,
      NotificationKind kind,
      Map<String, String> values,
      JsonObject template,
      String organizationName,
      List<Recipient> recipients) {
    Map<String, String> rendered = new HashMap<>(values);
    rendered.put(MailKind.ORGANIZATION_NAME, organizationName);
    String title = templates.subject(kind.mail(), template, rendered);
    Future<Void> all = Future.succeededFuture();
    for (Recipient recipient : recipients) {
      if (!concerns(event, kind, recipient)) {
        continue;
      }
      String dedupeKey = event.id() + ":" + recipient.userId();
      if (recipient.inApp()) {
        all =
            all.compose(
                done ->
                    repository.insert(
                        conn,
                        event.organizationId(),
                        recipient.userId(),
                        kind.text(),
                        event.id(),
                        title,
                        values,
                        dedupeKey));
      }
      if (recipient.mail()) {
        all =
            all.compose(
                done ->
                    MailQueue.enqueue(
                        conn,
                        new OutgoingMail(
                            event.organizationId(),
                            kind.text(),
                            recipient.email(),
                            null,
                            values,
                            dedupeKey)));
      }
    }
    return all;
  }

  /**
   * Whether the recipient is to be told: not whoever caused the event, and of the vendor users only
   * those whose role (with the tenant's override) may approve registrations when the kind is for
   * reviewers.
   */
  private static boolean concerns(DomainEvent event, NotificationKind kind, Recipient recipient) {
    if (DomainEvent.Actor.USER.equals(event.actor().type())
        && recipient.userId().equals(event.actor().id())) {
      return false;
    }
    return kind.audience() != Audience.REVIEWERS
        || Roles.effectivePermissions(recipient.role(), recipient.roleOverride())
            .contains(OpportunityApi.APPROVE);
  }
}
