package io.partnerhub.user;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The grant-subset rule: whoever is not an admin may only hand out, define or touch a role whose
 * permissions it holds itself, so users:write or configurations:write never escalate beyond the
 * actor.
 */
public final class Grants {
  private Grants() {}

  public static boolean isAdmin(TenantContext actor) {
    return Roles.ADMIN.equals(actor.role());
  }

  /**
   * FORBIDDEN unless the actor is an admin or holds every one of {@code permissions}; {@code what}
   * says what was refused ("grant role hr"), the message names what the actor lacks.
   */
  public static void requireHolds(TenantContext actor, Set<String> permissions, String what) {
    if (isAdmin(actor)) {
      return;
    }
    Set<String> lacking = new TreeSet<>(permissions);
    lacking.removeAll(actor.permissions());
    if (!lacking.isEmpty()) {
      throw new ServiceException(
          FailureCode.FORBIDDEN,
          "You may not " + what + ": it holds permissions you do not " + lacking);
    }
  }
}
