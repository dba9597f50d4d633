package io.partnerhub.configuration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A configuration category whose keys PartnerHub reads, declared by the feature that reads them (so
 * the configuration package knows no feature's rules): PUT validates against these keys, reads fall
 * back to their built-in values.
 */
public record ReservedCategory(String name, Map<String, ReservedKey> keys) {

  public ReservedCategory {
    keys = Map.copyOf(keys);
  }

  /**
   * PartnerHub's own value of each key, as copies: a caller may change what it gets, never the
   * built-in.
   */
  Map<String, Object> builtIns() {
    Map<String, Object> values = new TreeMap<>();
    keys.forEach((key, reserved) -> values.put(key, copy(reserved.builtIn())));
    return values;
  }

  private static Object copy(Object value) {
    return value instanceof JsonArray array
        ? array.copy()
        : value instanceof JsonObject object ? object.copy() : value;
  }

  /**
   * The category's effective values as one object, key to value: what a service decides with. Runs
   * on the caller's tenant transaction, so a decision and the configuration it used are consistent.
   */
  public Future<JsonObject> read(SqlConnection conn) {
    return TenantConfiguration.effective(conn, name, builtIns(), "", null)
        .map(
            values -> {
              JsonObject object = new JsonObject();
              values.forEach(value -> object.put(value.key(), value.value()));
              return object;
            });
  }
}
