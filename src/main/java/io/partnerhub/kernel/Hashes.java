package io.partnerhub.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one SHA-256 helper: for keys and names that must not carry the secret or personal text they
 * stand for.
 */
public final class Hashes {
  private Hashes() {}

  /**
   * The SHA-256 of the text's UTF-8 bytes, as 64 lowercase hex digits (a prefix of it is a shorter
   * fingerprint).
   */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
