package io.partnerhub.bus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 pair that signs and verifies {@link TenantContext}s: the private half only on issuing
 * (HTTP) nodes, the public half on every node. Keys are given as PEM text, bare base64 of the DER
 * (PKCS#8 private, X.509 public) or a path to a PEM file (decision 171).
 */
public record ContextKeys(PrivateKey signing, PublicKey verifying) {
  private static final String ALGORITHM = "Ed25519";
  private static ContextKeys development;

  /** An issuer of its own for this pair (tools and tests; a node uses {@link Contexts#issuer}). */
  public ContextIssuer issuer() {
    return new ContextIssuer(signing, new ContextVerifier(verifying));
  }

  /** A new random pair. */
  public static ContextKeys generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      return new ContextKeys(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK has no Ed25519", e);
    }
  }

  /**
   * The development pair: generated once per JVM, so the nodes of one process (tests, embedded dev
   * mode) trust each other; nothing outside the process can verify or forge with it.
   */
  public static synchronized ContextKeys development() {
    if (development == null) {
      development = generate();
    }
    return development;
  }

  /** The pair from settings text; {@code signing} may be null (a node that only verifies). */
  public static ContextKeys parse(String signing, String verifying) {
    try {
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      return new ContextKeys(
          signing == null
              ? null
              : factory.generatePrivate(new PKCS8EncodedKeySpec(der(signing, "PRIVATE KEY"))),
          factory.generatePublic(new X509EncodedKeySpec(der(verifying, "PUBLIC KEY"))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Not an Ed25519 key: " + e.getMessage(), e);
    }
  }

  /** The public key as PEM text, for a node's configuration (the CLI prints a pair with this). */
  public static String pem(java.security.Key key) {
    String label = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static boolean isFile(String value) {
    try {
      return Files.isRegularFile(Path.of(value));
    } catch (java.nio.file.InvalidPathException notAPath) {
      return false;
    }
  }

  private static byte[] der(String text, String label) {
    String value = text.trim();
    if (!value.startsWith("-----") && isFile(value)) {
      try {
        value = Files.readString(Path.of(value)).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the " + label.toLowerCase() + " file", e);
      }
    }
    String body =
        value
            .replace("-----BEGIN " + label + "-----", "")
            .replace("-----END " + label + "-----", "")
            .replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
