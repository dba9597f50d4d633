package io.partnerhub.commission;

import io.partnerhub.configuration.ReservedCategory;
import io.partnerhub.configuration.ReservedKey;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The key of configuration category {@code commissions} that the commission service reads: its
 * rules.
 */
public final class CommissionConfiguration {
  public static final ReservedCategory CATEGORY =
      new ReservedCategory(
          "commissions",
          Map.of(
              "rules",
              new ReservedKey(
                  "array",
                  new JsonObject().put("type", "array"),
                  CommissionRules.DEFAULT,
                  CommissionRules::problems)));

  private CommissionConfiguration() {}
}
