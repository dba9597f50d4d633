package io.partnerhub.user;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.Patch;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.Versions;
import io.partnerhub.user.UserApi.DeactivateTeamMember;
import io.partnerhub.user.UserApi.GetTeamMember;
import io.partnerhub.user.UserApi.ListTeam;
import io.partnerhub.user.UserApi.TeamMemberChanges;
import io.partnerhub.user.UserApi.UpdateTeamMember;
import io.partnerhub.user.UserApi.User;
import io.partnerhub.user.UserApi.UserPage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * A partner's team: its users, managed by its partner admins (team:read, team:write). The caller's
 * transaction carries its partner, so row-level security on users shows a partner admin its own
 * partner's users only: another partner's user, or a vendor user, is NOT_FOUND as a guessed id is.
 * Roles change only between partner_user and partner_admin; every other rule of a user change
 * (yourself, the grant-subset rule, sessions ended) is {@link UserService}'s.
 */
final class TeamService {
  private final Database database;
  private final UserRepository repository = new UserRepository();
  private final UserService users;

  TeamService(Database database, UserService users) {
    this.database = database;
    this.users = users;
  }

  Future<UserPage> list(ListTeam request) {
    TenantContext context = request.context();
    UUID partnerId = context.partnerOrNamed(request.partnerId());
    return database.inTenant(
        context,
        conn ->
            repository
                .partnerExists(conn, partnerId)
                .compose(
                    exists -> {
                      if (!exists) {
                        throw ServiceException.notFound("Partner " + partnerId);
                      }
                      return Paging.TimeKey.page(
                          request.limit(),
                          request.cursor(),
                          (after, rows) ->
                              repository.list(conn, partnerId, after.time(), after.id(), rows),
                          User::createdAt,
                          User::id);
                    })
                .map(page -> new UserPage(page.items(), page.nextCursor())));
  }

  Future<User> get(GetTeamMember request) {
    return database.inTenant(request.context(), conn -> member(conn, request.id(), false));
  }

  Future<User> update(UpdateTeamMember request) {
    TeamMemberChanges changes = Changes.required(request.changes());
    return change(
        request.context(),
        request.id(),
        current -> {
          Versions.check("user", current.version(), request.expectedVersion());
          return partnerRole(current, changes);
        });
  }

  Future<User> deactivate(DeactivateTeamMember request) {
    return change(
        request.context(),
        request.id(),
        current -> Patch.merge(current, UserService.Deactivation.CHANGES));
  }

  /** Locks the member, applies every rule of a user change to {@code wanted}, ends its sessions. */
  private Future<User> change(
      TenantContext context, UUID id, java.util.function.Function<User, User> wanted) {
    return database
        .inTenant(
            context,
            conn ->
                member(conn, id, true)
                    .compose(
                        current -> users.change(conn, context, current, wanted.apply(current))))
        .compose(users::endSessions);
  }

  /**
   * The changed member; a role other than the partner roles is VALIDATION (the spec says so too).
   */
  private static User partnerRole(User current, TeamMemberChanges changes) {
    User wanted = Patch.merge(current, changes);
    if (!Roles.isPartnerRole(wanted.role())) {
      throw ServiceException.validation(
          "A team member's role is partner_user or partner_admin",
          new JsonObject().put("role", "partner_user or partner_admin"));
    }
    return wanted;
  }

  /** A user bound to a partner that the caller sees; NOT_FOUND otherwise. */
  private Future<User> member(SqlConnection conn, UUID id, boolean forUpdate) {
    return users
        .find(conn, id, forUpdate)
        .map(
            user -> {
              if (user.partnerId() == null) {
                throw ServiceException.notFound("User " + id);
              }
              return user;
            });
  }
}
