package io.partnerhub.opportunity;

import io.partnerhub.kernel.ServiceException;
import io.partnerhub.opportunity.OpportunityApi.Opportunity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The one validator of a deal, for what it must be beyond its fields' bounds (those are
 * openapi.yaml's, checked before a request gets here, from HTTP and from the bus alike): a stage of
 * the tenant's configured pipeline.
 */
final class OpportunityRules {
  private OpportunityRules() {}

  /**
   * Fails with VALIDATION unless {@code deal} (registered, or changed) is in one of the tenant's
   * {@code stages}.
   */
  static void check(Opportunity deal, List<String> stages) {
    if (!stages.contains(deal.stage())) {
      throw ServiceException.validation(
          "Invalid opportunity",
          new JsonObject()
              .put("stage", "one of " + stages + " (configuration opportunities/stages)"));
    }
  }

  static List<String> stageNames(JsonArray stages) {
    return stages.stream().map(stage -> ((JsonObject) stage).getString("name")).toList();
  }
}
