package io.partnerhub.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds JWTs by hand, header included, so a test can craft exactly the hostile token it needs (any
 * alg, kid or jwk header, any claims, any signature). A JWT library would refuse most of them.
 */
final class TokenForge {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

  /** The attacker's own RSA key pair. */
  static final KeyPair ATTACKER_RSA = rsaKeyPair();

  private TokenForge() {}

  static JsonObject header(String alg) {
    return new JsonObject().put("alg", alg).put("typ", "JWT");
  }

  static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** No signature at all: "header.payload." */
  static String unsigned(JsonObject header, JsonObject payload) {
    return encode(header) + "." + encode(payload) + ".";
  }

  /** HMAC with the JCA algorithm matching the header's alg (HS256, HS384, HS512). */
  static String hmac(JsonObject header, JsonObject payload, byte[] secret) {
    String jca = "Hmac" + header.getString("alg").replace("HS", "SHA");
    String signingInput = encode(header) + "." + encode(payload);
    try {
      Mac mac = Mac.getInstance(jca);
      mac.init(new SecretKeySpec(secret, jca));
      return signingInput
          + "."
          + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hmac(JsonObject header, JsonObject payload, String secret) {
    return hmac(header, payload, secret.getBytes(StandardCharsets.UTF_8));
  }

  /** RS256 with the attacker's private key. */
  static String rs256(JsonObject header, JsonObject payload) {
    String signingInput = encode(header) + "." + encode(payload);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(ATTACKER_RSA.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The attacker's public key as a JWK, for a token that carries its own verification key. */
  static JsonObject attackerJwk() {
    RSAPublicKey key = (RSAPublicKey) ATTACKER_RSA.getPublic();
    return new JsonObject()
        .put("kty", "RSA")
        .put("e", B64.encodeToString(key.getPublicExponent().toByteArray()))
        .put("n", B64.encodeToString(key.getModulus().toByteArray()));
  }

  /** The attacker's public key in PEM, the text a key-confusion attack uses as an HMAC secret. */
  static String attackerPublicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(ATTACKER_RSA.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static JsonObject payloadOf(String token) {
    return new JsonObject(
        new String(B64_DECODER.decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  /** The token's header and signature around another payload: a tampered token. */
  static String withPayload(String token, JsonObject payload) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + encode(payload) + "." + parts[2];
  }

  static String signatureOf(String token) {
    return token.split("\\.")[2];
  }

  static String withoutSignature(String token) {
    return token.substring(0, token.lastIndexOf('.') + 1);
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
