package io.partnerhub.http;

import io.partnerhub.bus.TenantContext;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the edge learns about a request as it passes, kept on its RoutingContext under these keys.
 */
final class RequestScope {
  static final String TENANT = "partnerhub.tenant";
  static final String SESSION = "partnerhub.session";
  static final String REQUEST_ID = "partnerhub.requestId";

  /**
   * The operation's validated input: path, query and header parameters and the body, as one JSON
   * object.
   */
  static final String INPUT = "partnerhub.input";

  private RequestScope() {}

  /**
   * A random (version 4) UUID without SecureRandom, whose shared lock every request would contend
   * on.
   */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }

  static TenantContext tenant(RoutingContext ctx) {
    return ctx.get(TENANT);
  }
}
