package io.partnerhub.auth;

import io.partnerhub.auth.AuthApi.ConfirmPasswordReset;
import io.partnerhub.auth.AuthApi.PasswordResetAccepted;
import io.partnerhub.auth.AuthApi.RequestPasswordReset;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.db.Database;
import io.partnerhub.input.Emails;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.TenantTokens;
import io.partnerhub.mail.MailKind;
import io.partnerhub.mail.MailLinks;
import io.partnerhub.mail.MailQueue;
import io.partnerhub.mail.OutgoingMail;
import io.partnerhub.user.Passwords;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.UUID;

/**
 * Password reset (decision 196). A request always gets the same answer after the same work: a
 * throttle slot (per account and per client address), the organization lookup, a token made and
 * hashed, and one transaction whose insert finds the user or not (an unknown organization runs it
 * in no tenant, where it finds nothing); only a found user adds the mail to that transaction. The
 * token ({@code phr_...}) is mailed, stored as its SHA-256, works once, within the tenant's {@code
 * security/resetTtlMinutes}; confirming sets the password, uses up every open reset of the user and
 * ends all of its sessions.
 */
final class PasswordResetService {
  static final TenantTokens TOKENS = new TenantTokens("phr_");
  private static final UUID NO_TENANT = new UUID(0, 0);
  private static final PasswordResetAccepted ACCEPTED =
      new PasswordResetAccepted(
          "If an account with this address exists, a link to reset its password is on its way.");

  private final Database database;
  private final AuthRepository accounts;
  private final PasswordResets resets = new PasswordResets();
  private final Passwords passwords;
  private final SessionStore sessions;
  private final AttemptThrottle throttle;
  private final MailLinks links;

  PasswordResetService(
      Database database,
      AuthRepository accounts,
      Passwords passwords,
      SessionStore sessions,
      AttemptThrottle throttle,
      MailLinks links) {
    this.database = database;
    this.accounts = accounts;
    this.passwords = passwords;
    this.sessions = sessions;
    this.throttle = throttle;
    this.links = links;
  }

  Future<PasswordResetAccepted> request(RequestPasswordReset request) {
    String email = Emails.normalize(request.email());
    UUID id = UUID.randomUUID();
    return throttle
        .acquire(throttle.accountKey(request.subdomain(), email), request.clientIp())
        .compose(allowed -> accounts.organizationId(request.subdomain()))
        .compose(
            organizationId -> {
              UUID tenant = organizationId == null ? NO_TENANT : organizationId;
              String token = TOKENS.create(tenant, id);
              return database.inTenant(
                  tenant,
                  conn ->
                      SecurityConfiguration.CATEGORY
                          .read(conn)
                          .compose(
                              settings -> {
                                int ttl =
                                    settings.getInteger(SecurityConfiguration.RESET_TTL_MINUTES);
                                return resets
                                    .issue(conn, id, email, TenantTokens.hash(token), ttl)
                                    .compose(
                                        issued ->
                                            issued == null
                                                ? Future.<Void>succeededFuture()
                                                : MailQueue.enqueue(
                                                    conn,
                                                    new OutgoingMail(
                                                        tenant,
                                                        MailKind.PASSWORD_RESET.name(),
                                                        issued.email(),
                                                        null,
                                                        Map.of(
                                                            "email", issued.email(),
                                                            "resetLink",
                                                                links.withToken(
                                                                    "reset-password", token),
                                                            "expiresInMinutes",
                                                                Integer.toString(ttl)),
                                                        "password-reset:" + id)));
                              }));
            })
        .map(done -> ACCEPTED);
  }

  /**
   * The token is checked before the password is hashed, and again, locked, in the transaction that
   * sets it, so a token sets a password once.
   */
  Future<Void> confirm(ConfirmPasswordReset request) {
    TenantTokens.Ref ref = TOKENS.parse(request.token());
    if (ref == null) {
      return Future.failedFuture(invalid());
    }
    return database
        .inTenant(ref.organizationId(), conn -> usable(conn, ref.id(), request.token(), false))
        .compose(checked -> passwords.hashNew("password", request.password()))
        .compose(
            hash ->
                database.inTenant(
                    ref.organizationId(),
                    conn ->
                        usable(conn, ref.id(), request.token(), true)
                            .compose(userId -> resets.complete(conn, userId, hash).map(userId))))
        .compose(sessions::revokeUser);
  }

  private Future<UUID> usable(SqlConnection conn, UUID id, String token, boolean forUpdate) {
    return resets
        .usable(conn, id, forUpdate)
        .map(
            reset -> {
              if (reset == null || !TenantTokens.matches(token, reset.tokenHash())) {
                throw invalid();
              }
              return reset.userId();
            });
  }

  private static ServiceException invalid() {
    return ServiceException.validation(
        "This reset link is invalid, expired or already used",
        new JsonObject().put("token", "invalid, expired or already used"));
  }
}
