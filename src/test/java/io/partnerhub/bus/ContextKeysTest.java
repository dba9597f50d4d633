package io.partnerhub.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keys as openssl writes them, and what the verifier accepts and refuses. */
class ContextKeysTest {
  // a test pair: openssl genpkey -algorithm ed25519; openssl pkey -pubout; -outform DER | base64
  private static final String PRIVATE_PEM =
      "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIM2m1yP0n9kl5W4hph2F/pHF5XPDHhzRWMmpT0OPlPij\n-----END PRIVATE KEY-----\n";
  private static final String PUBLIC_PEM =
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAXFVaPPwqEtduMtuI9+RCLJQJtA0tGbXSJa2nf3hmno4=\n-----END PUBLIC KEY-----\n";
  private static final String PRIVATE_BASE64 =
      "MC4CAQAwBQYDK2VwBCIEIM2m1yP0n9kl5W4hph2F/pHF5XPDHhzRWMmpT0OPlPij";
  private static final String PUBLIC_BASE64 =
      "MCowBQYDK2VwAyEAXFVaPPwqEtduMtuI9+RCLJQJtA0tGbXSJa2nf3hmno4=";
  private static final TenantContext ADMIN =
      new TenantContext(
          UUID.randomUUID(), UUID.randomUUID(), "admin", Set.of("partners:read"), null);

  private static ServiceException refusal(ContextVerifier verifier, TenantContext context) {
    return catchThrowableOfType(ServiceException.class, () -> verifier.verify(context));
  }

  @Test
  void opensslKeysAsPemBase64OrFilesSignAndVerify() throws Exception {
    Path file = Files.createTempFile("context", ".pem");
    Files.writeString(file, PUBLIC_PEM);
    try {
      for (ContextKeys keys :
          new ContextKeys[] {
            ContextKeys.parse(PRIVATE_PEM, PUBLIC_PEM),
            ContextKeys.parse(PRIVATE_BASE64, PUBLIC_BASE64),
            ContextKeys.parse(PRIVATE_PEM, file.toString())
          }) {
        TenantContext signed = keys.issuer().issue(ADMIN);
        assertThat(refusal(new ContextVerifier(keys.verifying()), signed)).isNull();
      }
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void theVerifierRefusesUnsignedExpiredAlteredAndForeignContexts() {
    ContextKeys keys = ContextKeys.parse(PRIVATE_PEM, PUBLIC_PEM);
    ContextVerifier verifier = new ContextVerifier(keys.verifying());
    TenantContext signed = keys.issuer().issue(ADMIN);
    assertThat(refusal(verifier, signed)).isNull();
    assertThat(refusal(verifier, signed)).as("remembered").isNull();

    TenantContext escalated =
        new TenantContext(
            signed.organizationId(),
            signed.userId(),
            signed.role(),
            Set.of("partners:read", "users:write"),
            null,
            null,
            signed.expiresAt(),
            signed.signature());
    TenantContext expired =
        ContextForge.sign(
            keys, ADMIN, System.currentTimeMillis() - ContextVerifier.CLOCK_SKEW_MS - 1);
    TenantContext foreign = ContextKeys.generate().issuer().issue(ADMIN);
    TenantContext garbage = signed.signed(signed.expiresAt(), "%%not base64%%");
    for (TenantContext refused :
        new TenantContext[] {ADMIN, escalated, expired, foreign, garbage}) {
      assertThat(refusal(verifier, refused)).isNotNull();
      assertThat(refusal(verifier, refused).code()).isEqualTo(FailureCode.UNAUTHENTICATED);
    }
  }

  @Test
  void anIssuerReusesASignatureForHalfItsLifetime() {
    ContextIssuer issuer = ContextKeys.generate().issuer();
    TenantContext first = issuer.issue(ADMIN);
    assertThat(issuer.issue(ADMIN)).isSameAs(first);
    assertThat(first.expiresAt() - System.currentTimeMillis())
        .isGreaterThan(ContextIssuer.LIFETIME_MS / 2);
  }
}
