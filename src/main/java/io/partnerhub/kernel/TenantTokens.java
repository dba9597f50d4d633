package io.partnerhub.kernel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A secret that names what it opens (decision 173): {@code <prefix><organization id and record id,
 * base64url>_<32 random bytes, base64url>}. The ids are not secret: they find the record (and its
 * tenant) without a search and without a tenant being known; the random part is the secret, stored
 * only as the SHA-256 of the whole token. API keys ({@code phk_}), invitations ({@code phi_}) and
 * password resets ({@code phr_}) use it.
 */
public final class TenantTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String prefix;
  private final Pattern format;

  /** {@code prefix}: lowercase letters and an underscore, e.g. {@code phk_}. */
  public TenantTokens(String prefix) {
    this.prefix = prefix;
    this.format = Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{43}");
  }

  /** The organization and record a token names. */
  public record Ref(UUID organizationId, UUID id) {}

  public boolean looksLike(String token) {
    return token.startsWith(prefix);
  }

  /** A new token for the record. */
  public String create(UUID organizationId, UUID id) {
    ByteBuffer ids = ByteBuffer.allocate(32);
    ids.putLong(organizationId.getMostSignificantBits())
        .putLong(organizationId.getLeastSignificantBits())
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits());
    return prefix
        + ENCODER.encodeToString(ids.array())
        + "_"
        + ENCODER.encodeToString(RandomSecrets.bytes(32));
  }

  /** The ids in a well-formed token, or null. */
  public Ref parse(String token) {
    if (token == null || !format.matcher(token).matches()) {
      return null;
    }
    int start = prefix.length();
    ByteBuffer ids =
        ByteBuffer.wrap(Base64.getUrlDecoder().decode(token.substring(start, start + 43)));
    return new Ref(new UUID(ids.getLong(), ids.getLong()), new UUID(ids.getLong(), ids.getLong()));
  }

  /** What is stored: the SHA-256 of the whole token (high-entropy: no slow hash needed). */
  public static String hash(String token) {
    return Hashes.sha256Hex(token);
  }

  /** Whether {@code token} hashes to {@code storedHash}, in constant time. */
  public static boolean matches(String token, String storedHash) {
    return storedHash != null
        && MessageDigest.isEqual(
            hash(token).getBytes(StandardCharsets.US_ASCII),
            storedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
