package io.partnerhub.http;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.openapi.OpenApi;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A documented path asked with a method it does not have is 405 with {@code Allow}, before
 * authentication: the answer depends only on the API's shape, which openapi.yaml publishes, never
 * on the caller. Without this, every such request on /api/v1 was 401 (authentication runs before
 * routes match). It runs on every request, so paths are compared segment by segment, not by regular
 * expression (which cost a tenth of a cached read).
 */
final class AllowedMethods implements Handler<RoutingContext> {
  private static final String PREFIX = OpenApi.PREFIX + "/";
  private static final String ANY_RESOURCE = "{}";
  // templates by their first segment, so a request compares itself with its resource's few paths
  private final Map<String, List<PathTemplate>> byResource = new HashMap<>();

  /**
   * One documented path: its segments (null for a parameter, which matches any one segment), its
   * rank ('1' for a literal segment, '0' for a parameter: as OpenAPI says, /commissions/preview
   * wins over /commissions/{id}), and its methods.
   */
  private record PathTemplate(String[] segments, String rank, Set<String> methods) {
    static PathTemplate of(String template) {
      String[] segments = template.substring(1).split("/");
      StringBuilder rank = new StringBuilder();
      for (int i = 0; i < segments.length; i++) {
        boolean parameter = segments[i].startsWith("{");
        rank.append(parameter ? '0' : '1');
        segments[i] = parameter ? null : segments[i];
      }
      return new PathTemplate(segments, rank.toString(), new TreeSet<>());
    }

    boolean matches(String[] path) {
      if (path.length != segments.length) {
        return false;
      }
      for (int i = 0; i < segments.length; i++) {
        if (path[i].isEmpty() || (segments[i] != null && !segments[i].equals(path[i]))) {
          return false;
        }
      }
      return true;
    }
  }

  AllowedMethods(OpenApi openApi) {
    Map<String, PathTemplate> templates = new LinkedHashMap<>();
    for (String operation : openApi.operations()) {
      String[] methodAndPath = operation.split(" ", 2);
      templates.computeIfAbsent(methodAndPath[1], PathTemplate::of).methods().add(methodAndPath[0]);
    }
    for (PathTemplate template : templates.values()) {
      byResource
          .computeIfAbsent(
              template.segments()[0] == null ? ANY_RESOURCE : template.segments()[0],
              resource -> new ArrayList<>())
          .add(template);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    PathTemplate best = path.startsWith(PREFIX) ? best(path) : null;
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

  /** The most literal template the path matches (a trailing slash allowed), or null. */
  private PathTemplate best(String path) {
    String relative = path.substring(PREFIX.length());
    if (relative.endsWith("/")) {
      relative = relative.substring(0, relative.length() - 1);
    }
    String[] segments = relative.split("/", -1);
    PathTemplate best = best(segments, byResource.get(segments[0]), null);
    return best(segments, byResource.get(ANY_RESOURCE), best);
  }

  private static PathTemplate best(
      String[] segments, List<PathTemplate> candidates, PathTemplate best) {
    if (candidates == null) {
      return best;
    }
    for (PathTemplate template : candidates) {
      if (template.matches(segments)
          && (best == null || template.rank().compareTo(best.rank()) > 0)) {
        best = template;
      }
    }
    return best;
  }
}
