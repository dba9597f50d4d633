package io.partnerhub.webhook;

import io.partnerhub.kernel.RandomSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: a secret is {@code whsec_} + base64 of 32 random bytes; the signature
 * of a message is base64 HMAC-SHA256, keyed by the secret's decoded bytes, of {@code
 * "<webhook-id>.<webhook-timestamp>.<body>"}; the header holds one {@code v1,<signature>} per
 * secret in use, separated by spaces (two while a rotated-out secret is in its grace period).
 */
final class WebhookSignature {
  private static final String PREFIX = "whsec_";

  private WebhookSignature() {}

  static String newSecret() {
    return PREFIX + Base64.getEncoder().encodeToString(RandomSecrets.bytes(32));
  }

  /** The {@code webhook-signature} header value for these secrets. */
  static String header(List<String> secrets, String id, long timestamp, String body) {
    byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    return secrets.stream()
        .map(secret -> "v1," + Base64.getEncoder().encodeToString(hmac(secret, content)))
        .collect(Collectors.joining(" "));
  }

  private static byte[] hmac(String secret, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
