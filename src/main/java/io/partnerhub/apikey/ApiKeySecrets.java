package io.partnerhub.apikey;

import io.partnerhub.kernel.TenantTokens;
import java.util.UUID;

/**
 * The secret format of API keys (decision 173): a {@link TenantTokens} token with prefix {@code
 * phk_}: the organization and key ids find the key (and its tenant) without a search; the random
 * part is the secret, stored only as its SHA-256.
 */
public final class ApiKeySecrets {
  public static final String PREFIX = "phk_";
  private static final TenantTokens TOKENS = new TenantTokens(PREFIX);

  private ApiKeySecrets() {}

  /** The organization and key a secret names; null when it is not one of ours. */
  public record KeyRef(UUID organizationId, UUID keyId) {}

  public static boolean looksLikeKey(String token) {
    return TOKENS.looksLike(token);
  }

  /** A new secret for the key. */
  static String create(UUID organizationId, UUID keyId) {
    return TOKENS.create(organizationId, keyId);
  }

  /** The ids in a well-formed secret, or null. */
  public static KeyRef parse(String secret) {
    TenantTokens.Ref ref = TOKENS.parse(secret);
    return ref == null ? null : new KeyRef(ref.organizationId(), ref.id());
  }

  /** What is stored: the SHA-256 of the whole secret. */
  public static String hash(String secret) {
    return TenantTokens.hash(secret);
  }

  /** Whether {@code secret} hashes to {@code storedHash}, in constant time. */
  public static boolean matches(String secret, String storedHash) {
    return TenantTokens.matches(secret, storedHash);
  }
}
