package io.partnerhub.opportunity;

import io.partnerhub.configuration.ReservedCategory;
import io.partnerhub.configuration.ReservedKey;
import io.partnerhub.opportunity.OpportunityApi.ClosedStage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The keys of configuration category {@code opportunities} that deal registration and the pipeline
 * read (the dashboard too), and their built-in values.
 */
public final class OpportunityConfiguration {
  public static final ReservedCategory CATEGORY =
      new ReservedCategory(
          "opportunities",
          Map.of(
              "stages",
                  new ReservedKey(
                      "array",
                      stagesSchema(),
                      defaultStages(),
                      OpportunityConfiguration::stageProblems),
              "conflictPolicy",
                  new ReservedKey(
                      "string",
                      new JsonObject().put("enum", new JsonArray().add("review").add("reject")),
                      "review"),
              "protectionDays", integer(1, 3650, 90),
              "protectionWarningDays", integer(0, 365, 7),
              "reviewSlaHours", integer(0, 8760, 48)));

  private OpportunityConfiguration() {}

  /** An integer setting from {@code minimum} to {@code maximum}. */
  private static ReservedKey integer(int minimum, int maximum, int builtIn) {
    return new ReservedKey(
        "integer",
        new JsonObject().put("type", "integer").put("minimum", minimum).put("maximum", maximum),
        builtIn);
  }

  private static JsonObject stagesSchema() {
    JsonObject stage =
        new JsonObject()
            .put("type", "object")
            .put("additionalProperties", false)
            .put("required", new JsonArray().add("name").add("probability"))
            .put(
                "properties",
                new JsonObject()
                    .put(
                        "name",
                        new JsonObject()
                            .put("type", "string")
                            .put("pattern", "^[a-z][a-z0-9_]{0,62}$"))
                    .put(
                        "probability",
                        new JsonObject()
                            .put("type", "number")
                            .put("minimum", 0)
                            .put("maximum", 100)));
    return new JsonObject()
        .put("type", "array")
        .put("minItems", 2)
        .put("items", stage)
        .put(
            "allOf",
            new JsonArray()
                .add(containsStage(ClosedStage.CLOSED_WON))
                .add(containsStage(ClosedStage.CLOSED_LOST)));
  }

  /** What a schema cannot say of stages: names are unique, and a deal cannot start closed. */
  private static String stageProblems(Object value) {
    List<String> names =
        ((JsonArray) value).stream().map(stage -> ((JsonObject) stage).getString("name")).toList();
    if (names.stream().distinct().count() != names.size()) {
      return "stage names must be unique";
    }
    return ClosedStage.isClosed(names.get(0))
        ? "the first stage (where deals start) cannot be closed_won or closed_lost"
        : null;
  }

  private static JsonObject containsStage(ClosedStage stage) {
    return new JsonObject()
        .put(
            "contains",
            new JsonObject()
                .put(
                    "properties",
                    new JsonObject().put("name", new JsonObject().put("const", stage.text()))));
  }

  private static JsonArray defaultStages() {
    JsonArray stages = new JsonArray();
    String[] names = {
      "prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"
    };
    int[] probabilities = {10, 25, 50, 75, 100, 0};
    for (int i = 0; i < names.length; i++) {
      stages.add(new JsonObject().put("name", names[i]).put("probability", probabilities[i]));
    }
    return stages;
  }
}
