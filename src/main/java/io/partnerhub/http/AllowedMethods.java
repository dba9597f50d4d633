package io.partnerhub.http;

import io.partnerhub.bus.FailureCode;
import io.partnerhub.bus.ServiceException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A documented path asked with a method it does not have is 405 with {@code Allow}, before authentication:
 * the answer depends only on the API's shape, which openapi.yaml publishes, never on the caller. Without
 * this, every such request on /api/v1 was 401 (authentication runs before routes match).
 */
final class AllowedMethods implements Handler<RoutingContext> {
  private final Map<Pattern, Set<String>> methodsByPath = new LinkedHashMap<>();

  AllowedMethods(OpenApi openApi) {
    for (String operation : openApi.operations()) {
      String[] methodAndPath = operation.split(" ", 2);
      methodsByPath.computeIfAbsent(pattern(methodAndPath[1]), path -> new TreeSet<>()).add(methodAndPath[0]);
    }
  }

  /** "/partners/{id}" as a regular expression over /api/v1 paths: a parameter is one path segment. */
  private static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder(Pattern.quote(OpenApi.PREFIX));
    for (String segment : template.substring(1).split("/")) {
      regex.append('/').append(segment.startsWith("{") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(regex.append("/?").toString());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    // a path may match several templates (/commissions/statement and /commissions/{id}): any of them may serve it
    Set<String> allowed = new TreeSet<>();
    methodsByPath.forEach((pattern, methods) -> {
      if (pattern.matcher(path).matches()) {
        allowed.addAll(methods);
      }
    });
    if (allowed.isEmpty() || allowed.contains(ctx.request().method().name())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Allow", String.join(", ", allowed));
    ctx.fail(new ServiceException(FailureCode.METHOD_NOT_ALLOWED, ctx.request().method().name() + " is not allowed on "
        + path + "; allowed: " + String.join(", ", allowed)));
  }
}
