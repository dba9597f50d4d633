package io.partnerhub.user;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.db.Database;
import io.partnerhub.input.Emails;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.Patch;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.Versions;
import io.partnerhub.user.UserApi.CreateUser;
import io.partnerhub.user.UserApi.DeactivateUser;
import io.partnerhub.user.UserApi.GetUser;
import io.partnerhub.user.UserApi.ListUsers;
import io.partnerhub.user.UserApi.UpdateUser;
import io.partnerhub.user.UserApi.User;
import io.partnerhub.user.UserApi.UserChanges;
import io.partnerhub.user.UserApi.UserPage;
import io.partnerhub.user.UserApi.UserStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * User management. A change of role, status or partner ends the user's live sessions at once,
 * because sessions carry what was resolved at login. Admins cannot deactivate or demote themselves;
 * only an admin changes an admin, and a tenant always keeps one active admin. Whoever is not an
 * admin only grants, and only touches users of, roles whose permissions it holds ({@link Grants}).
 */
public final class UserService {
  private final Database database;
  private final UserRepository repository = new UserRepository();
  private final Passwords passwords;
  private final SessionStore sessions;

  public UserService(Database database, Passwords passwords, SessionStore sessions) {
    this.database = database;
    this.passwords = passwords;
    this.sessions = sessions;
  }

  Future<UserPage> list(ListUsers request) {
    return database.inTenant(
        request.context(),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (after, rows) -> repository.list(conn, null, after.time(), after.id(), rows),
                    User::createdAt,
                    User::id)
                .map(page -> new UserPage(page.items(), page.nextCursor())));
  }

  Future<User> get(GetUser request) {
    return database.inTenant(request.context(), conn -> find(conn, request.id(), false));
  }

  public Future<User> create(CreateUser request) {
    String email = Emails.normalize(request.email());
    TenantContext context = request.context();
    checkAdminGrant(context, request.role());
    return passwords
        .hashNew("password", request.password())
        .compose(
            hash ->
                database.inTenant(
                    context,
                    conn ->
                        checkGrant(conn, context, request.role(), request.partnerId())
                            .compose(
                                valid ->
                                    repository.insert(
                                        conn,
                                        context.organizationId(),
                                        email,
                                        hash,
                                        request.role(),
                                        request.partnerId()))))
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof ServiceException e && e.code() == FailureCode.CONFLICT
                        ? new ServiceException(
                            FailureCode.CONFLICT,
                            "A user with this e-mail address, or one that looks the same, already exists")
                        : failure));
  }

  Future<User> update(UpdateUser request) {
    UserChanges changes = Changes.required(request.changes());
    TenantContext context = request.context();
    return database
        .inTenant(
            context,
            conn ->
                find(conn, request.id(), true)
                    .compose(
                        current -> {
                          Versions.check("user", current.version(), request.expectedVersion());
                          User wanted = Patch.merge(current, changes);
                          return change(conn, context, current, wanted);
                        }))
        .compose(this::endSessions);
  }

  Future<User> deactivate(DeactivateUser request) {
    TenantContext context = request.context();
    return database
        .inTenant(
            context,
            conn ->
                find(conn, request.id(), true)
                    .compose(
                        current ->
                            change(
                                conn,
                                context,
                                current,
                                Patch.merge(current, Deactivation.CHANGES))))
        .compose(this::endSessions);
  }

  /** What removing a user changes. */
  record Deactivation(Patch<UserStatus> status) implements Changes {
    static final Deactivation CHANGES = new Deactivation(Patch.of(UserStatus.INACTIVE));
  }

  /**
   * Every rule of a change to an existing user (role, status, partner), then the change itself.
   * Role and partner are checked only when they change, so a user whose custom role was deleted can
   * still be deactivated.
   */
  Future<User> change(SqlConnection conn, TenantContext context, User current, User wanted) {
    String role = wanted.role();
    protectSelf(context, current, wanted);
    checkAdminGrant(context, role);
    return mayTouch(conn, context, current)
        .compose(
            allowed ->
                !Objects.equals(role, current.role())
                    ? checkGrant(conn, context, role, wanted.partnerId())
                    : Objects.equals(wanted.partnerId(), current.partnerId())
                        ? Future.<Void>succeededFuture()
                        : checkRoleAndPartner(conn, role, wanted.partnerId()))
        .compose(valid -> keepAnActiveAdmin(conn, current, wanted))
        .compose(kept -> repository.update(conn, wanted));
  }

  /**
   * Whether {@code actor} may give {@code role}, bound to {@code partnerId}, to a new user (an
   * invitation): the same rules as creating one directly.
   */
  public Future<Void> checkGrantable(
      SqlConnection conn, TenantContext actor, String role, UUID partnerId) {
    checkAdminGrant(actor, role);
    return checkGrant(conn, actor, role, partnerId);
  }

  Future<User> endSessions(User user) {
    return sessions.revokeUser(user.id()).map(user);
  }

  /**
   * Only an admin may make an admin: users:write alone (a custom role) must not escalate to admin.
   */
  private static void checkAdminGrant(TenantContext context, String role) {
    if (Roles.ADMIN.equals(role) && !Grants.isAdmin(context)) {
      throw new ServiceException(FailureCode.FORBIDDEN, "Only an admin may grant the admin role");
    }
  }

  /** The new role exists, fits the partner binding, and holds nothing the actor lacks. */
  private Future<Void> checkGrant(
      SqlConnection conn, TenantContext context, String role, UUID partnerId) {
    return checkRoleAndPartner(conn, role, partnerId)
        .compose(valid -> permissionsOf(conn, role))
        .map(
            permissions -> {
              Grants.requireHolds(context, permissions, "grant role " + role);
              return null;
            });
  }

  /**
   * Only an admin changes an admin; others only change users whose role holds nothing they lack.
   */
  private Future<Void> mayTouch(SqlConnection conn, TenantContext context, User current) {
    if (Roles.ADMIN.equals(current.role()) && !Grants.isAdmin(context)) {
      return Future.failedFuture(
          new ServiceException(FailureCode.FORBIDDEN, "Only an admin may change an admin"));
    }
    return permissionsOf(conn, current.role())
        .map(
            permissions -> {
              Grants.requireHolds(context, permissions, "change a user of role " + current.role());
              return null;
            });
  }

  /**
   * The role's permissions in this tenant: its override in configuration category roles, or the
   * built-in set.
   */
  private Future<Set<String>> permissionsOf(SqlConnection conn, String role) {
    return repository
        .roleOverride(conn, role)
        .map(override -> Roles.effectivePermissions(role, override));
  }

  /**
   * Refuses to demote or deactivate the tenant's last active admin. A per-tenant transaction lock
   * serializes such changes before counting, so two admins demoting each other at once leave one:
   * the second counts after the first has committed.
   */
  private Future<Void> keepAnActiveAdmin(SqlConnection conn, User current, User wanted) {
    boolean removesAnAdmin = isActiveAdmin(current) && !isActiveAdmin(wanted);
    if (!removesAnAdmin) {
      return Future.succeededFuture();
    }
    return repository
        .otherActiveAdminsLocked(conn, current.id())
        .map(
            others -> {
              if (others == 0) {
                throw new ServiceException(
                    FailureCode.CONFLICT,
                    "This is the organization's last active admin: it cannot"
                        + " be deactivated or demoted until another user is an active admin");
              }
              return null;
            });
  }

  private static boolean isActiveAdmin(User user) {
    return Roles.ADMIN.equals(user.role()) && user.status() == UserStatus.ACTIVE;
  }

  private static void protectSelf(TenantContext context, User current, User wanted) {
    if (current.id().equals(context.userId())
        && (!current.role().equals(wanted.role()) || wanted.status() != UserStatus.ACTIVE)) {
      throw new ServiceException(
          FailureCode.CONFLICT, "You cannot deactivate yourself or change your own role");
    }
  }

  /**
   * The role must exist (built-in or configured); the partner roles, and only they, are bound to a
   * visible partner.
   */
  private Future<Void> checkRoleAndPartner(SqlConnection conn, String role, UUID partnerId) {
    boolean partnerRole = Roles.isPartnerRole(role);
    if (partnerRole != (partnerId != null)) {
      return Future.failedFuture(
          ServiceException.validation(
              "Invalid user",
              new JsonObject()
                  .put(
                      "partnerId",
                      partnerRole
                          ? "required for roles partner_user and partner_admin"
                          : "only roles partner_user and partner_admin are bound to a partner")));
    }
    return repository
        .roleAndPartner(conn, role, partnerId)
        .map(
            found -> {
              JsonObject problems = new JsonObject();
              if (!Roles.isBuiltIn(role) && !found.roleConfigured()) {
                problems.put(
                    "role",
                    "admin, manager, partner_user, partner_admin, viewer or a role configured in"
                        + " category roles");
              }
              if (!found.partnerExists()) {
                problems.put("partnerId", "no such partner");
              }
              if (!problems.isEmpty()) {
                throw ServiceException.validation("Invalid user", problems);
              }
              return null;
            });
  }

  Future<User> find(SqlConnection conn, UUID id, boolean forUpdate) {
    return repository
        .find(conn, id, forUpdate)
        .map(
            user -> {
              if (user == null) {
                throw ServiceException.notFound("User " + id);
              }
              return user;
            });
  }
}
