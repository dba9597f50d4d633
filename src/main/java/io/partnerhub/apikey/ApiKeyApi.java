package io.partnerhub.apikey;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The public bus contract of API keys (service accounts): records and endpoints. */
public final class ApiKeyApi {
  public static final String READ = "api_keys:read";
  public static final String WRITE = "api_keys:write";

  private ApiKeyApi() {}

  /** A key as listed: never its secret. */
  public record ApiKey(
      UUID id,
      String name,
      Set<String> permissions,
      UUID partnerId,
      UUID createdBy,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /** A new key and its secret, which is shown this once and stored only hashed. */
  public record IssuedApiKey(ApiKey apiKey, String secret) {
    @Override
    public String toString() {
      return "IssuedApiKey[apiKey=" + apiKey + ", secret=***]";
    }
  }

  public record CreateApiKey(
      TenantContext context,
      String name,
      Set<String> permissions,
      UUID partnerId,
      Integer expiresInDays)
      implements TenantRequest {}

  public record ListApiKeys(TenantContext context, Integer limit, String cursor)
      implements TenantRequest {}

  public record ApiKeyPage(List<ApiKey> items, String nextCursor) {}

  public record GetApiKey(TenantContext context, UUID id) implements TenantRequest {}

  public record RevokeApiKey(TenantContext context, UUID id) implements TenantRequest {}

  /**
   * What an HTTP or bridge node asks when the key's entry is not in Redis: the secret itself, so
   * only a caller holding it learns who the key is.
   */
  public record Authenticate(String secret) {
    @Override
    public String toString() {
      return "Authenticate[secret=***]";
    }
  }

  /**
   * Who a live key is: what an issuer turns into a signed context. {@code secretHash} is the
   * SHA-256 the authenticating node compares the presented secret with; {@code expiresAt} may be
   * null.
   */
  public record ApiKeyPrincipal(
      UUID id,
      UUID organizationId,
      UUID createdBy,
      Set<String> permissions,
      UUID partnerId,
      Instant expiresAt,
      String secretHash) {

    /** The unsigned context the key acts with. */
    public TenantContext context() {
      return new TenantContext(
          organizationId, createdBy, ROLE, permissions, partnerId, id, 0, null);
    }

    public boolean isExpired(long nowMillis) {
      return expiresAt != null && expiresAt.toEpochMilli() <= nowMillis;
    }

    @Override
    public String toString() {
      return "ApiKeyPrincipal[id=" + id + ", organizationId=" + organizationId + "]";
    }
  }

  /** The last-used time of the context's own key: sent by an authenticating node, throttled. */
  public record RecordUse(TenantContext context) implements TenantRequest {}

  /** The role name an API key's context carries: never a user role (so never admin). */
  public static final String ROLE = "api_key";

  public static final Endpoint<ListApiKeys, ApiKeyPage> LIST =
      Endpoint.of("partnerhub.api-keys.list", ListApiKeys.class, ApiKeyPage.class, READ);
  public static final Endpoint<GetApiKey, ApiKey> GET =
      Endpoint.of("partnerhub.api-keys.get", GetApiKey.class, ApiKey.class, READ);
  public static final Endpoint<CreateApiKey, IssuedApiKey> CREATE =
      Endpoint.of("partnerhub.api-keys.create", CreateApiKey.class, IssuedApiKey.class, WRITE);
  public static final Endpoint<RevokeApiKey, Void> REVOKE =
      Endpoint.of("partnerhub.api-keys.revoke", RevokeApiKey.class, Void.class, WRITE);
  public static final Endpoint<Authenticate, ApiKeyPrincipal> AUTHENTICATE =
      Endpoint.of(
          "partnerhub.api-keys.authenticate", Authenticate.class, ApiKeyPrincipal.class, null);
  public static final Endpoint<RecordUse, Void> RECORD_USE =
      Endpoint.of("partnerhub.api-keys.record-use", RecordUse.class, Void.class, null);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(LIST, GET, CREATE, REVOKE, AUTHENTICATE, RECORD_USE);
}
