package io.partnerhub.opportunity;

import io.partnerhub.kernel.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a deal must be beyond its fields' bounds (those are openapi.yaml's, checked before a request gets
 * here): a stage of the tenant's configured pipeline.
 */
final class OpportunityRules {
  private OpportunityRules() {
  }

  /** Checks a whole opportunity after a change is merged in (the JSON the API shows). */
  static void checkChanged(JsonObject merged, JsonArray stages) {
    if (!stageNames(stages).contains(merged.getValue("stage"))) {
      throw ServiceException.validation("Invalid opportunity", new JsonObject().put("stage",
          "one of " + stageNames(stages) + " (configuration opportunities/stages)"));
    }
  }

  static List<String> stageNames(JsonArray stages) {
    return stages.stream().map(stage -> ((JsonObject) stage).getString("name")).toList();
  }
}
