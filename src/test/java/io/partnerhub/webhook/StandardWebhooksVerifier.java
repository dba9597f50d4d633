package io.partnerhub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check, written from the Standard Webhooks specification (standardwebhooks.com,
 * "Verifying webhooks"), independent of the sender's code: the signed content is {@code
 * msg_id.timestamp.payload}; the key is the base64 after {@code whsec_}; {@code webhook-signature}
 * is a space-separated list of {@code v1,<base64 HMAC-SHA256>}, any one of which may match,
 * compared in constant time; a timestamp more than five minutes from now is refused.
 */
final class StandardWebhooksVerifier {
  private static final long TOLERANCE_SECONDS = 300;

  private StandardWebhooksVerifier() {}

  static boolean verify(
      String secret, String msgId, String timestamp, String payload, String signatureHeader) {
    if (msgId == null || timestamp == null || signatureHeader == null) {
      return false;
    }
    long sent;
    try {
      sent = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(System.currentTimeMillis() / 1000 - sent) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(Base64.getDecoder().decode(secret.split("_", 2)[1]), "HmacSHA256"));
      expected =
          mac.doFinal((msgId + "." + timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    for (String versioned : signatureHeader.split(" ")) {
      String[] parts = versioned.split(",", 2);
      if (parts.length == 2
          && parts[0].equals("v1")
          && MessageDigest.isEqual(
              expected, Base64.getDecoder().decode(parts[1].getBytes(StandardCharsets.UTF_8)))) {
        return true;
      }
    }
    return false;
  }
}
