package io.partnerhub.support;

import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.Jsons;
import io.vertx.core.json.JsonObject;

/**
 * A changes record as a client writes it: JSON, decoded the way the binder and the bus decode it.
 */
public final class Changed {
  private Changed() {}

  public static <C extends Changes> C from(Class<C> type, JsonObject json) {
    return Jsons.mapper().convertValue(json.getMap(), type);
  }
}
