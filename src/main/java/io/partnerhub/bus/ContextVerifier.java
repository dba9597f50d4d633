package io.partnerhub.bus;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a {@link TenantContext} was issued by PartnerHub: an Ed25519 signature by the issuing
 * key over its canonical encoding, not expired. A verify costs ~50-100 µs, so a context verified
 * (or signed) here once is remembered until it expires: a bounded map from signature to the very
 * context it signed, so a remembered signature never vouches for other fields (decision 172).
 */
public final class ContextVerifier {
  /** How far another node's clock may be behind this one's. */
  static final long CLOCK_SKEW_MS = 5_000;

  private static final int REMEMBERED = 50_000;
  private final PublicKey key;
  private final Map<String, TenantContext> verified = new ConcurrentHashMap<>();

  public ContextVerifier(PublicKey key) {
    this.key = key;
  }

  /** Fails with UNAUTHENTICATED unless {@code context} is signed by the issuer and unexpired. */
  public void verify(TenantContext context) {
    long now = System.currentTimeMillis();
    if (context.signature() == null || context.expiresAt() + CLOCK_SKEW_MS <= now) {
      throw refused(context.signature() == null ? "is not signed" : "has expired");
    }
    if (context.equals(verified.get(context.signature()))) {
      return;
    }
    if (!valid(context)) {
      throw refused("is not signed by PartnerHub");
    }
    remember(context, now);
  }

  /** A context this node's issuer has just signed: trusted without a verify. */
  void remember(TenantContext context, long now) {
    if (verified.size() >= REMEMBERED) {
      verified.values().removeIf(known -> known.expiresAt() + CLOCK_SKEW_MS <= now);
      if (verified.size() >= REMEMBERED) {
        verified.clear();
      }
    }
    verified.put(context.signature(), context);
  }

  private boolean valid(TenantContext context) {
    try {
      Signature check = Signature.getInstance("Ed25519");
      check.initVerify(key);
      check.update(canonical(context));
      return check.verify(Base64.getUrlDecoder().decode(context.signature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static ServiceException refused(String why) {
    return new ServiceException(FailureCode.UNAUTHENTICATED, "The TenantContext " + why);
  }

  /**
   * The signed bytes: every field but the signature, in a fixed order, permissions sorted, absent
   * values marked, so two encodings of one context cannot differ and two contexts cannot collide.
   */
  static byte[] canonical(TenantContext context) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF("partnerhub-tenant-context-v1");
      uuid(out, context.organizationId());
      uuid(out, context.userId());
      text(out, context.role());
      TreeSet<String> permissions = new TreeSet<>(context.permissions());
      out.writeInt(permissions.size());
      for (String permission : permissions) {
        out.writeUTF(permission);
      }
      uuid(out, context.partnerId());
      uuid(out, context.apiKeyId());
      out.writeLong(context.expiresAt());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void uuid(DataOutputStream out, UUID value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value.getMostSignificantBits());
      out.writeLong(value.getLeastSignificantBits());
    }
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }
}
