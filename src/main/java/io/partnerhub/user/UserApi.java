package io.partnerhub.user;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Patch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of a tenant's users, managed by its admins, and of a partner's team (its users),
 * managed by its partner admins. Removing a user deactivates it.
 */
public final class UserApi {
  private UserApi() {}

  public static final String READ = "users:read";
  public static final String WRITE = "users:write";

  /** A partner's own users, for its partner admins: never vendor-only. */
  public static final String TEAM_READ = "team:read";

  public static final String TEAM_WRITE = "team:write";

  /** Whether a user may log in; removing a user makes it inactive (users are never deleted). */
  public enum UserStatus implements DomainValue {
    ACTIVE,
    INACTIVE
  }

  /** A user as shown to clients: never the password hash. */
  public record UserView(
      UUID id, UUID organizationId, String email, String role, UserStatus status, UUID partnerId) {}

  public record User(
      UUID id,
      String email,
      String role,
      UserStatus status,
      UUID partnerId,
      int version,
      Instant createdAt,
      Instant updatedAt) {}

  public record ListUsers(TenantContext context, Integer limit, String cursor)
      implements TenantRequest {}

  public record UserPage(List<User> items, String nextCursor) {}

  public record GetUser(TenantContext context, UUID id) implements TenantRequest {}

  /**
   * {@code partnerId} is required for the partner roles (partner_user, partner_admin) and refused
   * for every other role.
   */
  public record CreateUser(
      TenantContext context, String email, String password, String role, UUID partnerId)
      implements TenantRequest {
    @Override
    public String toString() {
      return "CreateUser[email=" + email + ", role=" + role + ", password=***]";
    }
  }

  /** Changes the fields {@code changes} sends. */
  public record UpdateUser(
      TenantContext context, UUID id, UserChanges changes, Integer expectedVersion)
      implements TenantRequest {}

  /** A user's fields a PATCH may send; partnerId null unbinds the user from its partner. */
  public record UserChanges(Patch<String> role, Patch<UserStatus> status, Patch<UUID> partnerId)
      implements Changes {}

  public record DeactivateUser(TenantContext context, UUID id) implements TenantRequest {}

  /**
   * A partner's users: a partner user's own partner (naming another is FORBIDDEN); a vendor user
   * names the partner.
   */
  public record ListTeam(TenantContext context, UUID partnerId, Integer limit, String cursor)
      implements TenantRequest {}

  /** A user of a partner; a vendor user or another partner's user is NOT_FOUND. */
  public record GetTeamMember(TenantContext context, UUID id) implements TenantRequest {}

  /** Changes a partner user's role (partner_user or partner_admin only) and/or status. */
  public record UpdateTeamMember(
      TenantContext context, UUID id, TeamMemberChanges changes, Integer expectedVersion)
      implements TenantRequest {}

  public record TeamMemberChanges(Patch<String> role, Patch<UserStatus> status)
      implements Changes {}

  public record DeactivateTeamMember(TenantContext context, UUID id) implements TenantRequest {}

  public static final Endpoint<ListUsers, UserPage> LIST =
      Endpoint.of("partnerhub.users.list", ListUsers.class, UserPage.class, READ);
  public static final Endpoint<GetUser, User> GET =
      Endpoint.of("partnerhub.users.get", GetUser.class, User.class, READ);
  public static final Endpoint<CreateUser, User> CREATE =
      Endpoint.of("partnerhub.users.create", CreateUser.class, User.class, WRITE);
  public static final Endpoint<UpdateUser, User> UPDATE =
      Endpoint.of("partnerhub.users.update", UpdateUser.class, User.class, WRITE);
  public static final Endpoint<DeactivateUser, User> DEACTIVATE =
      Endpoint.of("partnerhub.users.deactivate", DeactivateUser.class, User.class, WRITE);

  public static final Endpoint<ListTeam, UserPage> TEAM_LIST =
      Endpoint.of("partnerhub.team.list", ListTeam.class, UserPage.class, TEAM_READ);
  public static final Endpoint<GetTeamMember, User> TEAM_GET =
      Endpoint.of("partnerhub.team.get", GetTeamMember.class, User.class, TEAM_READ);
  public static final Endpoint<UpdateTeamMember, User> TEAM_UPDATE =
      Endpoint.of("partnerhub.team.update", UpdateTeamMember.class, User.class, TEAM_WRITE);
  public static final Endpoint<DeactivateTeamMember, User> TEAM_DEACTIVATE =
      Endpoint.of("partnerhub.team.deactivate", DeactivateTeamMember.class, User.class, TEAM_WRITE);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(
          LIST, GET, CREATE, UPDATE, DEACTIVATE, TEAM_LIST, TEAM_GET, TEAM_UPDATE, TEAM_DEACTIVATE);
}
