package io.partnerhub.bus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking, for which tenant: carried by every tenant-scoped request. Services trust only this,
 * never ids from a request body. {@code partnerId} is set when the user belongs to a partner.
 */
public record TenantContext(UUID organizationId, UUID userId, String role, Set<String> permissions, UUID partnerId) {

  public TenantContext {
    permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
  }

  public boolean can(String permission) {
    return permissions.contains(permission);
  }

  /** Fails with FORBIDDEN unless this context holds the permission. */
  public void require(String permission) {
    if (!can(permission)) {
      throw new ServiceException(FailureCode.FORBIDDEN, "Missing permission " + permission);
    }
  }

  /** A context with the fields every tenant-scoped request needs: organization, user and role. */
  @JsonIgnore
  public boolean isComplete() {
    return organizationId != null && userId != null && role != null;
  }
}
