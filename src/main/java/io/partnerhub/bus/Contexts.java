package io.partnerhub.bus;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * The trust of one Vert.x node in issued {@link TenantContext}s: installed at boot from its keys,
 * used by every served request ({@link ServiceBus}) and by every issuer on the node. Kept per
 * Vert.x instance, so several nodes in one JVM (tests) each trust their own keys.
 */
public final class Contexts {
  private static final String NODE_TRUST = "partnerhub.contexts";
  private static final String KEY = "trust";

  private Contexts() {}

  private record Trust(ContextVerifier verifier, ContextIssuer issuer) implements Shareable {}

  /**
   * Makes {@code vertx} verify with the keys' public half and, when given, issue with the private.
   */
  public static void install(Vertx vertx, ContextKeys keys) {
    ContextVerifier verifier = new ContextVerifier(keys.verifying());
    ContextIssuer issuer =
        keys.signing() == null ? null : new ContextIssuer(keys.signing(), verifier);
    trusts(vertx).put(KEY, new Trust(verifier, issuer));
  }

  /** This node's issuer: fails on a node that holds no private key. */
  public static ContextIssuer issuer(Vertx vertx) {
    Trust trust = trusts(vertx).get(KEY);
    if (trust == null || trust.issuer() == null) {
      throw new IllegalStateException("This node holds no context signing key");
    }
    return trust.issuer();
  }

  /**
   * Fails with UNAUTHENTICATED unless the context was issued by PartnerHub and is unexpired; a node
   * with no keys installed trusts nothing.
   */
  public static void verify(TenantContext context) {
    Context current = Vertx.currentContext();
    Trust trust = current == null ? null : trusts(current.owner()).get(KEY);
    if (trust == null) {
      throw new ServiceException(
          FailureCode.UNAUTHENTICATED, "This node has no key to verify a TenantContext with");
    }
    trust.verifier().verify(context);
  }

  private static LocalMap<String, Trust> trusts(Vertx vertx) {
    return vertx.sharedData().getLocalMap(NODE_TRUST);
  }
}
