package io.partnerhub.apikey;

import io.partnerhub.kernel.Hashes;
import io.partnerhub.kernel.RandomSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The secret format (decision 173): {@code phk_<organization id and key id, base64url>_<32 random
 * bytes, base64url>}. The ids are not secret: they find the key (and its tenant) without a search;
 * the random part is the secret, stored only as its SHA-256.
 */
public final class ApiKeySecrets {
  public static final String PREFIX = "phk_";
  private static final Pattern FORMAT = Pattern.compile("phk_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private ApiKeySecrets() {}

  /** The organization and key a secret names; null when it is not one of ours. */
  public record KeyRef(UUID organizationId, UUID keyId) {}

  public static boolean looksLikeKey(String token) {
    return token.startsWith(PREFIX);
  }

  /** A new secret for the key. */
  static String create(UUID organizationId, UUID keyId) {
    byte[] random = RandomSecrets.bytes(32);
    ByteBuffer ids = ByteBuffer.allocate(32);
    ids.putLong(organizationId.getMostSignificantBits())
        .putLong(organizationId.getLeastSignificantBits())
        .putLong(keyId.getMostSignificantBits())
        .putLong(keyId.getLeastSignificantBits());
    return PREFIX + ENCODER.encodeToString(ids.array()) + "_" + ENCODER.encodeToString(random);
  }

  /** The ids in a well-formed secret, or null. */
  public static KeyRef parse(String secret) {
    if (secret == null || !FORMAT.matcher(secret).matches()) {
      return null;
    }
    ByteBuffer ids = ByteBuffer.wrap(Base64.getUrlDecoder().decode(secret.substring(4, 47)));
    return new KeyRef(
        new UUID(ids.getLong(), ids.getLong()), new UUID(ids.getLong(), ids.getLong()));
  }

  /** What is stored: the SHA-256 of the whole secret (high-entropy: no slow hash needed). */
  public static String hash(String secret) {
    return Hashes.sha256Hex(secret);
  }

  /** Whether {@code secret} hashes to {@code storedHash}, in constant time. */
  public static boolean matches(String secret, String storedHash) {
    return storedHash != null
        && MessageDigest.isEqual(
            hash(secret).getBytes(StandardCharsets.US_ASCII),
            storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
