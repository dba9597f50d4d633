package io.partnerhub.invitation;

import io.partnerhub.auth.AuthApi.LoginResult;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of invitations: an admin (or a partner admin, for its own partner) invites someone
 * by e-mail with a role; the mail's one-time link lets them choose a password, which creates the
 * user and logs them in. The token is never in a reply or an event: only in the mail.
 */
public final class InvitationApi {
  private InvitationApi() {}

  public static final String READ = "team:read";
  public static final String WRITE = "team:write";

  public static final String CREATED = "invitation.created";
  public static final String REVOKED = "invitation.revoked";
  public static final String ACCEPTED = "invitation.accepted";

  /** {@code status}: pending, accepted, revoked or expired (pending past {@code expiresAt}). */
  public record Invitation(
      UUID id,
      String email,
      String role,
      UUID partnerId,
      String status,
      UUID invitedBy,
      Instant expiresAt,
      int sentCount,
      Instant acceptedAt,
      UUID acceptedUserId,
      Instant revokedAt,
      Instant createdAt) {}

  /** {@code partnerId}: for a partner role; a partner admin's own partner when it is the caller. */
  public record CreateInvitation(TenantContext context, String email, String role, UUID partnerId)
      implements TenantRequest {}

  /** {@code status}: only invitations in that status (null: all), newest first. */
  public record ListInvitations(TenantContext context, String status, Integer limit, String cursor)
      implements TenantRequest {}

  public record InvitationPage(List<Invitation> items, String nextCursor) {}

  public record GetInvitation(TenantContext context, UUID id) implements TenantRequest {}

  public record RevokeInvitation(TenantContext context, UUID id) implements TenantRequest {}

  /** A new link (the old one stops working) and a new expiry, mailed again. */
  public record ResendInvitation(TenantContext context, UUID id) implements TenantRequest {}

  /** No tenant: the token names it. */
  public record AcceptInvitation(String token, String password) {
    @Override
    public String toString() {
      return "AcceptInvitation[token=***, password=***]";
    }
  }

  public static final Endpoint<CreateInvitation, Invitation> CREATE =
      Endpoint.of("partnerhub.invitations.create", CreateInvitation.class, Invitation.class, WRITE);
  public static final Endpoint<ListInvitations, InvitationPage> LIST =
      Endpoint.of("partnerhub.invitations.list", ListInvitations.class, InvitationPage.class, READ);
  public static final Endpoint<GetInvitation, Invitation> GET =
      Endpoint.of("partnerhub.invitations.get", GetInvitation.class, Invitation.class, READ);
  public static final Endpoint<RevokeInvitation, Invitation> REVOKE =
      Endpoint.of("partnerhub.invitations.revoke", RevokeInvitation.class, Invitation.class, WRITE);
  public static final Endpoint<ResendInvitation, Invitation> RESEND =
      Endpoint.of("partnerhub.invitations.resend", ResendInvitation.class, Invitation.class, WRITE);
  public static final Endpoint<AcceptInvitation, LoginResult> ACCEPT =
      Endpoint.of("partnerhub.invitations.accept", AcceptInvitation.class, LoginResult.class, null);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(CREATE, LIST, GET, REVOKE, RESEND, ACCEPT);
}
