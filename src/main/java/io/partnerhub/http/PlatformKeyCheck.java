package io.partnerhub.http;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The spec's {@code platformKey} security scheme: X-Platform-Key must be the configured key
 * (compared in constant time).
 */
final class PlatformKeyCheck implements Handler<RoutingContext> {
  private final byte[] platformKey;

  PlatformKeyCheck(String platformKey) {
    this.platformKey = platformKey.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Platform-Key");
    if (given == null
        || !MessageDigest.isEqual(platformKey, given.getBytes(StandardCharsets.UTF_8))) {
      throw new ServiceException(FailureCode.UNAUTHENTICATED, "A valid X-Platform-Key is required");
    }
    ctx.next();
  }
}
