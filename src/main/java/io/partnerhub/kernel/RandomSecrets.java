package io.partnerhub.kernel;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bytes for secrets (keys, API-key and webhook secrets, generated passwords): one source.
 */
public final class RandomSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomSecrets() {}

  public static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** {@code count} random bytes as unpadded base64url text. */
  public static String urlText(int count) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(count));
  }
}
