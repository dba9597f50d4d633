package io.partnerhub.http;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.openapi.OpenApi;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A documented path asked with a method it does not have is 405 with {@code Allow}, before
 * authentication: the answer depends only on the API's shape, which openapi.yaml publishes, never
 * on the caller. Without this, every such request on /api/v1 was 401 (authentication runs before
 * routes match).
 */
final class AllowedMethods implements Handler<RoutingContext> {
  private final Map<String, PathTemplate> templates = new LinkedHashMap<>();

  /**
   * One documented path: its regular expression (a parameter is one segment), its rank ('1' for a
   * literal segment, '0' for a parameter: as OpenAPI says, /commissions/preview wins over
   * /commissions/{id}), and its methods.
   */
  private record PathTemplate(Pattern pattern, String rank, Set<String> methods) {
    static PathTemplate of(String template) {
      StringBuilder regex = new StringBuilder(Pattern.quote(OpenApi.PREFIX));
      StringBuilder rank = new StringBuilder();
      for (String segment : template.substring(1).split("/")) {
        boolean parameter = segment.startsWith("{");
        regex.append('/').append(parameter ? "[^/]+" : Pattern.quote(segment));
        rank.append(parameter ? '0' : '1');
      }
      return new PathTemplate(
          Pattern.compile(regex.append("/?").toString()), rank.toString(), new TreeSet<>());
    }
  }

  AllowedMethods(OpenApi openApi) {
    for (String operation : openApi.operations()) {
      String[] methodAndPath = operation.split(" ", 2);
      templates.computeIfAbsent(methodAndPath[1], PathTemplate::of).methods().add(methodAndPath[0]);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    PathTemplate best = null;
    for (PathTemplate template : templates.values()) {
      if (template.pattern().matcher(path).matches()
          && (best == null || template.rank().compareTo(best.rank()) > 0)) {
        best = template;
      }
    }
    if (best == null || best.methods().contains(ctx.request().method().name())) {
      ctx.next();
      return;
    }
    String allowed = String.join(", ", best.methods());
    ctx.response().putHeader("Allow", allowed);
    ctx.fail(
        new ServiceException(
            FailureCode.METHOD_NOT_ALLOWED,
            ctx.request().method().name()
                + " is not allowed on "
                + path
                + "; allowed: "
                + allowed));
  }
}
