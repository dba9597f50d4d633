package io.partnerhub.invitation;

import io.partnerhub.auth.SecurityConfiguration;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.invitation.InvitationApi.Invitation;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.TenantTokens;
import io.partnerhub.mail.MailKind;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.mail.MailQueue;
import io.partnerhub.mail.OutgoingMail;
import io.partnerhub.outbox.Outbox;
import io.partnerhub.user.UserService;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Inviting, in the caller's transaction (an invitation by hand, or the first partner admin of an
 * approved application): the rules of creating the user, the row, its mail and its event commit
 * together. A partner user invites into its own partner only.
 */
public final class Inviter {
  static final TenantTokens TOKENS = new TenantTokens("phi_");
  private static final String PAGE = "accept-invitation";

  private final UserService users;
  private final MailLinks links;
  private final InvitationRepository repository = new InvitationRepository();

  public Inviter(UserService users, MailLinks links) {
    this.users = users;
    this.links = links;
  }

  /** {@code email}: normalized already. */
  public Future<Invitation> invite(
      SqlConnection conn, TenantContext context, String email, String role, UUID named) {
    UUID partnerId = context.partnerId() != null ? context.partnerOrNamed(named) : named;
    UUID id = UUID.randomUUID();
    String token = TOKENS.create(context.organizationId(), id);
    return repository
        .lockAddress(conn, email)
        .compose(locked -> repository.taken(conn, email))
        .compose(
            taken -> {
              if (taken.user()) {
                throw new ServiceException(
                    FailureCode.CONFLICT, "A user with this e-mail address already exists");
              }
              if (taken.invited()) {
                throw new ServiceException(
                    FailureCode.CONFLICT,
                    "This address has a pending invitation: resend or revoke it");
              }
              return users.checkGrantable(conn, context, role, partnerId);
            })
        .compose(granted -> ttlHours(conn))
        .compose(
            ttl ->
                repository.insert(
                    conn,
                    id,
                    context.organizationId(),
                    email,
                    role,
                    partnerId,
                    TenantTokens.hash(token),
                    context.userId(),
                    ttl))
        .compose(
            invitation ->
                mail(conn, context.organizationId(), invitation, token)
                    .compose(
                        mailed ->
                            event(
                                conn,
                                DomainEvent.Actor.of(context),
                                context.organizationId(),
                                InvitationApi.CREATED,
                                invitation))
                    .map(invitation));
  }

  static Future<Integer> ttlHours(SqlConnection conn) {
    return SecurityConfiguration.CATEGORY
        .read(conn)
        .map(values -> values.getInteger(SecurityConfiguration.INVITATION_TTL_HOURS));
  }

  /** The invitation's mail, with its link; deduplicated per link sent. */
  Future<Void> mail(SqlConnection conn, UUID organizationId, Invitation invitation, String token) {
    return repository
        .partnerName(conn, invitation.partnerId())
        .compose(
            partnerName ->
                repository
                    .userEmail(conn, invitation.invitedBy())
                    .compose(
                        inviter -> {
                          Map<String, String> variables = new HashMap<>();
                          variables.put("inviterEmail", inviter == null ? "" : inviter);
                          variables.put("role", invitation.role());
                          if (partnerName != null) {
                            variables.put("partnerName", partnerName);
                          }
                          variables.put("acceptLink", links.withToken(PAGE, token));
                          variables.put("expiresAt", invitation.expiresAt().toString());
                          return MailQueue.enqueue(
                              conn,
                              new OutgoingMail(
                                  organizationId,
                                  MailKind.INVITATION.name(),
                                  invitation.email(),
                                  null,
                                  variables,
                                  "invitation:" + invitation.id() + ":" + invitation.sentCount()));
                        }));
  }

  static Future<Void> event(
      SqlConnection conn,
      DomainEvent.Actor actor,
      UUID organizationId,
      String type,
      Invitation invitation) {
    return Outbox.append(
        conn,
        DomainEvent.of(
            type, organizationId, actor, invitation.id(), invitation.partnerId(), invitation));
  }
}
