package io.partnerhub.bus;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues signed {@link TenantContext}s: only a node holding the private key can. A principal's
 * signed context is reused while more than half of its lifetime remains, so a busy session or API
 * key costs one signature per half lifetime, not one per request (decision 172).
 */
public final class ContextIssuer {
  /** How long an issued context is valid: long enough to cover a request and its retries. */
  public static final long LIFETIME_MS = 5 * 60_000;

  private static final int REMEMBERED = 50_000;
  private final PrivateKey key;
  private final ContextVerifier verifier;
  private final Map<TenantContext, TenantContext> issued = new ConcurrentHashMap<>();

  ContextIssuer(PrivateKey key, ContextVerifier verifier) {
    this.key = key;
    this.verifier = verifier;
  }

  /**
   * {@code principal} (its expiry and signature ignored), signed until now + {@link #LIFETIME_MS}.
   */
  public TenantContext issue(TenantContext principal) {
    TenantContext unsigned = principal.signed(0, null);
    long now = System.currentTimeMillis();
    TenantContext known = issued.get(unsigned);
    if (known != null && known.expiresAt() - now > LIFETIME_MS / 2) {
      return known;
    }
    TenantContext signed = sign(unsigned, now + LIFETIME_MS);
    if (issued.size() >= REMEMBERED) {
      issued.clear();
    }
    issued.put(unsigned, signed);
    verifier.remember(signed, now);
    return signed;
  }

  TenantContext sign(TenantContext unsigned, long expiresAt) {
    TenantContext dated = unsigned.signed(expiresAt, null);
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(ContextVerifier.canonical(dated));
      return dated.signed(
          expiresAt, Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign a TenantContext", e);
    }
  }
}
