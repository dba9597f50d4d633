package io.partnerhub.recruitment;

import io.partnerhub.configuration.ReservedCategory;
import io.partnerhub.configuration.ReservedKey;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Configuration category {@code recruitment}: whether the tenant's public application form is
 * {@code open} (default false), the JSON Schema of an application's {@code customFields}, and the
 * partner program {@code agreement} ({@code {version, text}}) a recruited partner's admin accepts.
 */
public final class RecruitmentConfiguration {
  public static final String OPEN = "open";
  public static final String CUSTOM_FIELDS_SCHEMA = "customFieldsSchema";
  public static final String AGREEMENT = "agreement";

  public static final ReservedCategory CATEGORY =
      new ReservedCategory(
          "recruitment",
          Map.of(
              OPEN,
              new ReservedKey("boolean", new JsonObject().put("type", "boolean"), false),
              CUSTOM_FIELDS_SCHEMA,
              new ReservedKey(
                  "json",
                  new JsonObject().put("type", "object"),
                  new JsonObject().put("type", "object")),
              AGREEMENT,
              new ReservedKey(
                  "json",
                  new JsonObject()
                      .put("type", "object")
                      .put("additionalProperties", false)
                      .put("required", List.of("version", "text"))
                      .put(
                          "properties",
                          new JsonObject()
                              .put(
                                  "version",
                                  new JsonObject()
                                      .put("type", "string")
                                      .put("minLength", 1)
                                      .put("maxLength", 50))
                              .put(
                                  "text",
                                  new JsonObject()
                                      .put("type", "string")
                                      .put("minLength", 1)
                                      .put("maxLength", 50_000))),
                  new JsonObject()
                      .put("version", "1")
                      .put(
                          "text",
                          "The partner program agreement has not been written yet: ask the"
                              + " vendor for its terms before accepting."))));

  private RecruitmentConfiguration() {}
}
