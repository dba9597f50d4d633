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
import io.partnerhub.user.Passwords;
import io.partnerhub.user.UserApi.User;
import io.partnerhub.user.UserApi.UserView;
import io.partnerhub.user.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
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
  static final TenantTokens TOKENS = Inviter.TOKENS;

  private final Database database;
  private final Inviter inviter;
  private final UserRepository userRows = new UserRepository();
  private final InvitationRepository repository = new InvitationRepository();
  private final Passwords passwords;
  private final LoginSessions logins;
  private final AttemptThrottle throttle;

  InvitationService(
      Database database,
      Inviter inviter,
      Passwords passwords,
      LoginSessions logins,
      AttemptThrottle throttle) {
    this.database = database;
    this.inviter = inviter;
    this.passwords = passwords;
    this.logins = logins;
    this.throttle = throttle;
  }

  Future<Invitation> create(CreateInvitation request) {
    TenantContext context = request.context();
    String email = Emails.normalize(request.email());
    return limit(context, email)
        .compose(
            allowed ->
                database.inTenant(
                    context,
                    conn ->
                        inviter.invite(conn, context, email, request.role(), request.partnerId())));
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
                    revoked ->
                        Inviter.event(
                                conn,
                                DomainEvent.Actor.of(context),
                                context.organizationId(),
                                InvitationApi.REVOKED,
                                revoked)
                            .map(revoked)));
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
                                  return Inviter.ttlHours(conn)
                                      .compose(
                                          ttl ->
                                              repository.renew(
                                                  conn,
                                                  request.id(),
                                                  TenantTokens.hash(token),
                                                  ttl))
                                      .compose(
                                          renewed ->
                                              inviter
                                                  .mail(
                                                      conn,
                                                      context.organizationId(),
                                                      renewed,
                                                      token)
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
                            Inviter.event(
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
