package io.partnerhub.invitation;

import io.partnerhub.auth.AttemptThrottle;
import io.partnerhub.auth.AuthApi.LoginResult;
import io.partnerhub.auth.LoginSessions;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.input.Emails;
import io.partnerhub.invitation.InvitationApi.AcceptInvitation;
import io.partnerhub.invitation.InvitationApi.CreateInvitation;
import io.partnerhub.invitation.InvitationApi.GetInvitation;
import io.partnerhub.invitation.InvitationApi.Invitation;
import io.partnerhub.invitation.InvitationApi.InvitationPage;
import io.partnerhub.invitation.InvitationApi.ListInvitations;
import io.partnerhub.invitation.InvitationApi.ResendInvitation;
import io.partnerhub.invitation.InvitationApi.RevokeInvitation;
import io.partnerhub.invitation.InvitationRepository.Stored;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.TenantTokens;
import io.partnerhub.mail.MailKind;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.mail.MailQueue;
import io.partnerhub.mail.OutgoingMail;
import io.partnerhub.outbox.Outbox;
import io.partnerhub.user.Passwords;
import io.partnerhub.user.SecurityConfiguration;
import io.partnerhub.user.UserApi.User;
import io.partnerhub.user.UserApi.UserView;
import io.partnerhub.user.UserRepository;
import io.partnerhub.user.UserService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Invitations (decision 195). Inviting checks what creating the user directly would (the role
 * exists, fits the partner binding, holds nothing the inviter lacks; only an admin invites an
 * admin), a partner user invites into its own partner only, and the row, its mail and its event
 * commit together. The token ({@code phi_...}) is in the mail only, stored as its SHA-256;
 * resending replaces it. Accepting with an invalid, expired, used or revoked token is one
 * VALIDATION answer, and creates nothing.
 */
final class InvitationService {
  static final TenantTokens TOKENS = new TenantTokens("phi_");
  private static final String PAGE = "accept-invitation";

  private final Database database;
  private final UserService users;
  private final UserRepository userRows = new UserRepository();
  private final InvitationRepository repository = new InvitationRepository();
  private final Passwords passwords;
  private final LoginSessions logins;
  private final AttemptThrottle throttle;
  private final MailLinks links;

  InvitationService(
      Database database,
      UserService users,
      Passwords passwords,
      LoginSessions logins,
      AttemptThrottle throttle,
      MailLinks links) {
    this.database = database;
    this.users = users;
    this.passwords = passwords;
    this.logins = logins;
    this.throttle = throttle;
    this.links = links;
  }

  Future<Invitation> create(CreateInvitation request) {
    TenantContext context = request.context();
    String email = Emails.normalize(request.email());
    UUID partnerId =
        context.partnerId() != null
            ? context.partnerOrNamed(request.partnerId())
            : request.partnerId();
    UUID id = UUID.randomUUID();
    String token = TOKENS.create(context.organizationId(), id);
    return limit(context, email)
        .compose(
            allowed ->
                database.inTenant(
                    context,
                    conn ->
                        repository
                            .lockAddress(conn, email)
                            .compose(locked -> repository.taken(conn, email))
                            .compose(
                                taken -> {
                                  if (taken.user()) {
                                    throw new ServiceException(
                                        FailureCode.CONFLICT,
                                        "A user with this e-mail address already exists");
                                  }
                                  if (taken.invited()) {
                                    throw new ServiceException(
                                        FailureCode.CONFLICT,
                                        "This address has a pending invitation: resend or revoke"
                                            + " it");
                                  }
                                  return users.checkGrantable(
                                      conn, context, request.role(), partnerId);
                                })
                            .compose(granted -> ttlHours(conn))
                            .compose(
                                ttl ->
                                    repository.insert(
                                        conn,
                                        id,
                                        context.organizationId(),
                                        email,
                                        request.role(),
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
                                                    context,
                                                    InvitationApi.CREATED,
                                                    invitation))
                                        .map(invitation))));
  }

  Future<InvitationPage> list(ListInvitations request) {
    return database.inTenant(
        request.context(),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (before, rows) -> repository.list(conn, request.status(), before, rows),
                    Invitation::createdAt,
                    Invitation::id)
                .map(page -> new InvitationPage(page.items(), page.nextCursor())));
  }

  Future<Invitation> get(GetInvitation request) {
    return database.inTenant(
        request.context(), conn -> found(conn, request.id(), false).map(Stored::invitation));
  }

  Future<Invitation> revoke(RevokeInvitation request) {
    TenantContext context = request.context();
    return database.inTenant(
        context,
        conn ->
            found(conn, request.id(), true)
                .compose(
                    stored -> {
                      open(stored.invitation());
                      return repository.revoke(conn, request.id(), context.userId());
                    })
                .compose(
                    revoked -> event(conn, context, InvitationApi.REVOKED, revoked).map(revoked)));
  }

  Future<Invitation> resend(ResendInvitation request) {
    TenantContext context = request.context();
    return database
        .inTenant(context, conn -> found(conn, request.id(), false))
        .compose(stored -> limit(context, stored.invitation().email()))
        .compose(
            allowed ->
                database.inTenant(
                    context,
                    conn ->
                        found(conn, request.id(), true)
                            .compose(
                                stored -> {
                                  open(stored.invitation());
                                  String token =
                                      TOKENS.create(context.organizationId(), request.id());
                                  return ttlHours(conn)
                                      .compose(
                                          ttl ->
                                              repository.renew(
                                                  conn,
                                                  request.id(),
                                                  TenantTokens.hash(token),
                                                  ttl))
                                      .compose(
                                          renewed ->
                                              mail(conn, context.organizationId(), renewed, token)
                                                  .map(renewed));
                                })));
  }

  /**
   * Creates the invited user with the invitation's e-mail, role and partner, and logs it in. The
   * token is checked before the password is hashed (a wrong token costs no Argon2), and again,
   * locked, in the transaction that creates the user, so two accepts of one token create one.
   */
  Future<LoginResult> accept(AcceptInvitation request) {
    TenantTokens.Ref ref = TOKENS.parse(request.token());
    if (ref == null) {
      return Future.failedFuture(invalid());
    }
    return database
        .inTenant(ref.organizationId(), conn -> usable(conn, ref, request.token(), false))
        .compose(checked -> passwords.hashNew("password", request.password()))
        .compose(
            hash ->
                database.inTenant(
                    ref.organizationId(),
                    conn ->
                        usable(conn, ref, request.token(), true)
                            .compose(invitation -> join(conn, ref, invitation, hash))))
        .compose(joined -> logins.open(joined.user(), joined.roleOverride()));
  }

  private record Joined(UserView user, Object roleOverride) {}

  private Future<Joined> join(
      SqlConnection conn, TenantTokens.Ref ref, Invitation invitation, String hash) {
    return userRows
        .insert(
            conn,
            ref.organizationId(),
            invitation.email(),
            hash,
            invitation.role(),
            invitation.partnerId())
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof ServiceException e && e.code() == FailureCode.CONFLICT
                        ? new ServiceException(
                            FailureCode.CONFLICT,
                            "A user with this e-mail address, or one that looks the same, already"
                                + " exists")
                        : failure))
        .compose(
            user ->
                repository
                    .accepted(conn, invitation.id(), user.id())
                    .compose(
                        accepted ->
                            event(
                                conn,
                                DomainEvent.Actor.of(null),
                                ref.organizationId(),
                                InvitationApi.ACCEPTED,
                                accepted))
                    .compose(recorded -> userRows.roleOverride(conn, user.role()))
                    .map(override -> new Joined(view(ref.organizationId(), user), override)));
  }

  private static UserView view(UUID organizationId, User user) {
    return new UserView(
        user.id(), organizationId, user.email(), user.role(), user.status(), user.partnerId());
  }

  /** The invitation the token opens, pending and of a partner that is not barred; else invalid. */
  private Future<Invitation> usable(
      SqlConnection conn, TenantTokens.Ref ref, String token, boolean forUpdate) {
    return repository
        .find(conn, ref.id(), forUpdate)
        .compose(
            stored -> {
              if (stored == null
                  || !TenantTokens.matches(token, stored.tokenHash())
                  || !"pending".equals(stored.invitation().status())) {
                throw invalid();
              }
              return repository
                  .partnerBarred(conn, stored.invitation().partnerId())
                  .map(
                      barred -> {
                        if (barred) {
                          throw invalid();
                        }
                        return stored.invitation();
                      });
            });
  }

  private static ServiceException invalid() {
    return ServiceException.validation(
        "This invitation link is invalid, expired, already used or revoked",
        new JsonObject().put("token", "invalid, expired, already used or revoked"));
  }

  /** Still to be accepted (pending, or expired and so worth a new link): else CONFLICT. */
  private static void open(Invitation invitation) {
    if ("accepted".equals(invitation.status()) || "revoked".equals(invitation.status())) {
      throw new ServiceException(
          FailureCode.CONFLICT, "The invitation is " + invitation.status() + " already");
    }
  }

  /** Per address (a mailbox is not flooded) and per inviter. */
  private Future<Void> limit(TenantContext context, String email) {
    return throttle.acquire(
        throttle.accountKey(context.organizationId().toString(), email),
        context.actorId().toString());
  }

  private Future<Integer> ttlHours(SqlConnection conn) {
    return SecurityConfiguration.CATEGORY
        .read(conn)
        .map(values -> values.getInteger(SecurityConfiguration.INVITATION_TTL_HOURS));
  }

  private Future<Void> mail(
      SqlConnection conn, UUID organizationId, Invitation invitation, String token) {
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

  private static Future<Void> event(
      SqlConnection conn, TenantContext context, String type, Invitation invitation) {
    return event(conn, DomainEvent.Actor.of(context), context.organizationId(), type, invitation);
  }

  private static Future<Void> event(
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

  private Future<Stored> found(SqlConnection conn, UUID id, boolean forUpdate) {
    return repository
        .find(conn, id, forUpdate)
        .map(
            stored -> {
              if (stored == null) {
                throw ServiceException.notFound("Invitation " + id);
              }
              return stored;
            });
  }
}
