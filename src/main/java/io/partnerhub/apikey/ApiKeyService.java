package io.partnerhub.apikey;

import io.partnerhub.apikey.ApiKeyApi.ApiKey;
import io.partnerhub.apikey.ApiKeyApi.ApiKeyPage;
import io.partnerhub.apikey.ApiKeyApi.ApiKeyPrincipal;
import io.partnerhub.apikey.ApiKeyApi.Authenticate;
import io.partnerhub.apikey.ApiKeyApi.CreateApiKey;
import io.partnerhub.apikey.ApiKeyApi.GetApiKey;
import io.partnerhub.apikey.ApiKeyApi.IssuedApiKey;
import io.partnerhub.apikey.ApiKeyApi.ListApiKeys;
import io.partnerhub.apikey.ApiKeyApi.RecordUse;
import io.partnerhub.apikey.ApiKeyApi.RevokeApiKey;
import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.user.Grants;
import io.partnerhub.user.Roles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * API keys: created with a permission subset of the creator's (the {@link Grants} rule users
 * follow), optionally for one partner (then only what a partner user may hold) and expiring;
 * revoked for good. Authentication reads PostgreSQL only when Redis has no entry for the key.
 */
final class ApiKeyService {
  private final Database database;
  private final ApiKeyStore store;
  private final ApiKeyRepository repository = new ApiKeyRepository();

  ApiKeyService(Database database, ApiKeyStore store) {
    this.database = database;
    this.store = store;
  }

  Future<ApiKeyPage> list(ListApiKeys request) {
    return database.inTenant(
        request.context(),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (after, rows) -> repository.list(conn, after.time(), after.id(), rows),
                    ApiKey::createdAt,
                    ApiKey::id)
                .map(page -> new ApiKeyPage(page.items(), page.nextCursor())));
  }

  Future<ApiKey> get(GetApiKey request) {
    return database.inTenant(
        request.context(), conn -> repository.find(conn, request.id()).map(ApiKeyService::found));
  }

  Future<IssuedApiKey> create(CreateApiKey request) {
    TenantContext context = request.context();
    context.requireVendorUser("create API keys");
    Set<String> permissions = checkedPermissions(request.permissions(), request.partnerId());
    Grants.requireHolds(context, permissions, "create this API key");
    UUID id = UUID.randomUUID();
    String secret = ApiKeySecrets.create(context.organizationId(), id);
    Instant expiresAt =
        request.expiresInDays() == null
            ? null
            : Instant.now().plus(Duration.ofDays(request.expiresInDays()));
    ApiKeyPrincipal principal =
        new ApiKeyPrincipal(
            id,
            context.organizationId(),
            context.userId(),
            permissions,
            request.partnerId(),
            expiresAt,
            ApiKeySecrets.hash(secret));
    return database
        .inTenant(
            context,
            conn -> repository.insert(conn, principal, request.name(), context.userId(), expiresAt))
        .compose(key -> store.put(principal, false).map(stored -> new IssuedApiKey(key, secret)));
  }

  /**
   * Revoked in Redis first, then in PostgreSQL: a failure in between leaves the key dead, never
   * alive. Revoking a revoked key is done already.
   */
  Future<Void> revoke(RevokeApiKey request) {
    TenantContext context = request.context();
    return database
        .inTenant(context, conn -> repository.find(conn, request.id()).map(ApiKeyService::found))
        .compose(key -> store.revoke(key.id()))
        .compose(
            revoked ->
                database.inTenant(
                    context, conn -> repository.revoke(conn, request.id(), context.userId())))
        .mapEmpty();
  }

  /** The live key a secret belongs to, refilled into Redis; UNAUTHENTICATED for anything else. */
  Future<ApiKeyPrincipal> authenticate(Authenticate request) {
    ApiKeySecrets.KeyRef ref = ApiKeySecrets.parse(request.secret());
    if (ref == null) {
      return Future.failedFuture(refused());
    }
    return database
        .inTenant(ref.organizationId(), conn -> repository.live(conn, ref.keyId()))
        .compose(
            principal -> {
              if (principal == null
                  || !ApiKeySecrets.matches(request.secret(), principal.secretHash())) {
                return Future.failedFuture(refused());
              }
              return store.put(principal, true).map(stored -> principal);
            });
  }

  /** The key's last-used time: only the key's own signed context may set it. */
  Future<Void> recordUse(RecordUse request) {
    TenantContext context = request.context();
    if (context == null || context.apiKeyId() == null) {
      return Future.failedFuture(refused());
    }
    Contexts.verify(context);
    return database.inTenant(context, conn -> repository.recordUse(conn, context.apiKeyId()));
  }

  /**
   * Known permissions only; a partner-scoped key acts as the partner's user would, so never with a
   * permission on the whole tenant.
   */
  private static Set<String> checkedPermissions(Set<String> requested, UUID partnerId) {
    Set<String> permissions = new TreeSet<>(requested == null ? Set.of() : requested);
    JsonObject problems = new JsonObject();
    for (String permission : permissions) {
      if (!Roles.ALL_PERMISSIONS.contains(permission)) {
        problems.put("permissions", "unknown permission " + permission);
      } else if (partnerId != null && Roles.VENDOR_ONLY.contains(permission)) {
        problems.put("permissions", "a partner-scoped key cannot hold " + permission);
      }
    }
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid permissions", problems);
    }
    return Set.copyOf(permissions);
  }

  private static ApiKey found(ApiKey key) {
    if (key == null) {
      throw new ServiceException(FailureCode.NOT_FOUND, "No such API key");
    }
    return key;
  }

  private static ServiceException refused() {
    return new ServiceException(FailureCode.UNAUTHENTICATED, "Invalid API key");
  }
}
