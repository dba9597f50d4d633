package io.partnerhub.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields every log line of a request carries (requestId, organizationId, userId), kept on the
 * request's duplicated Vert.x context: they follow the request through its asynchronous callbacks,
 * which thread-bound MDC cannot. Registered as a Vert.x service provider so the context-local slot
 * exists before any Vert.x instance is built.
 */
public final class RequestLogContext implements VertxServiceProvider {
  @SuppressWarnings({"unchecked", "rawtypes"})
  static final ContextLocal<Map<String, String>> FIELDS =
      (ContextLocal) ContextLocal.registerLocal(Map.class);

  @Override
  public void init(VertxBootstrap bootstrap) {
    // registration happens in the static initializer above
  }

  /**
   * Adds a field to the current request's log context; outside a request (no duplicated context) a
   * no-op.
   */
  public static void put(String name, Object value) {
    Context context = Vertx.currentContext();
    if (value == null
        || !(context instanceof ContextInternal internal)
        || !internal.isDuplicate()) {
      return;
    }
    Map<String, String> fields = FIELDS.get(context, HashMap::new);
    fields.put(name, value.toString());
    FIELDS.put(context, fields);
  }

  /** The current request's fields, or null outside a request. */
  static Map<String, String> current() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal && internal.isDuplicate()
        ? FIELDS.get(context)
        : null;
  }
}
