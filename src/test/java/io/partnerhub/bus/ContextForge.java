package io.partnerhub.bus;

/** Signs contexts the way no issuer would: with any key, any expiry (for attacks in tests). */
public final class ContextForge {
  private ContextForge() {}

  public static TenantContext sign(ContextKeys keys, TenantContext context, long expiresAt) {
    return new ContextIssuer(keys.signing(), new ContextVerifier(keys.verifying()))
        .sign(context.signed(0, null), expiresAt);
  }
}
