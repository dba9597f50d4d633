package io.partnerhub.bus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import java.util.Set;
import java.util.UUID;

/**
 * Who is asking, for which tenant: carried by every tenant-scoped request. Services trust only
 * this, never ids from a request body. {@code partnerId} is set when the user belongs to a partner;
 * {@code apiKeyId} when an API key asks (then {@code userId} is the key's creator). A context is
 * issued by PartnerHub: {@code expiresAt} (epoch milliseconds) and the Ed25519 {@code signature}
 * over the other fields ({@link ContextSigning}) let every service check that it was (decision
 * 170).
 */
public record TenantContext(
    UUID organizationId,
    UUID userId,
    String role,
    Set<String> permissions,
    UUID partnerId,
    UUID apiKeyId,
    long expiresAt,
    String signature) {

  public TenantContext {
    permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
  }

  /**
   * An unsigned context for a user: what an issuer signs, and what code calling a service directly
   * uses.
   */
  public TenantContext(
      UUID organizationId, UUID userId, String role, Set<String> permissions, UUID partnerId) {
    this(organizationId, userId, role, permissions, partnerId, null, 0, null);
  }

  /** The same principal, valid until {@code expiresAt}, with {@code signature}. */
  public TenantContext signed(long expiresAt, String signature) {
    return new TenantContext(
        organizationId, userId, role, permissions, partnerId, apiKeyId, expiresAt, signature);
  }

  /** Who acts, as an event's actor names it: {@code api_key} or {@code user}. */
  @JsonIgnore
  public String actorType() {
    return apiKeyId != null ? DomainEvent.Actor.API_KEY : DomainEvent.Actor.USER;
  }

  /** The actor's id: the API key's, or the user's. */
  @JsonIgnore
  public UUID actorId() {
    return apiKeyId != null ? apiKeyId : userId;
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

  /**
   * Fails with FORBIDDEN when an API key asks: {@code what} is what only a signed-in user may do.
   */
  public void requireUser(String what) {
    if (apiKeyId != null) {
      throw new ServiceException(FailureCode.FORBIDDEN, "An API key cannot " + what);
    }
  }

  /**
   * Fails with FORBIDDEN when the user belongs to a partner: {@code what} is what only vendor users
   * may do.
   */
  public void requireVendorUser(String what) {
    if (partnerId != null) {
      throw new ServiceException(FailureCode.FORBIDDEN, "Partner users cannot " + what);
    }
  }

  /**
   * The partner a request is about: a partner user's own (naming another is FORBIDDEN), or the one
   * a vendor user names (required: VALIDATION without it).
   */
  public UUID partnerOrNamed(UUID named) {
    if (partnerId != null) {
      if (named != null && !named.equals(partnerId)) {
        throw new ServiceException(
            FailureCode.FORBIDDEN, "A partner user acts for its own partner only");
      }
      return partnerId;
    }
    if (named == null) {
      throw ServiceException.validation(
          "partnerId is required",
          new io.vertx.core.json.JsonObject().put("partnerId", "required"));
    }
    return named;
  }

  /** A context with the fields every tenant-scoped request needs: organization, user and role. */
  @JsonIgnore
  public boolean isComplete() {
    return organizationId != null && userId != null && role != null;
  }
}
