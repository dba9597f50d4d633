package io.partnerhub.partner;

import io.partnerhub.input.JsonSchemas;
import io.partnerhub.input.TenantSchemas;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.partner.PartnerApi.Partner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one validator of a partner, for what it must be given the tenant's partner settings (types,
 * tiers, customFieldsSchema); the bounds of its fields are openapi.yaml's, checked before a request
 * gets here.
 */
final class PartnerRules {
  private PartnerRules() {}

  /**
   * Fails with VALIDATION, every problem listed by field, unless {@code partner} (new or changed)
   * is acceptable.
   */
  static void check(Partner partner, JsonObject settings) {
    JsonObject problems = new JsonObject();
    checkListed(partner.type(), settings.getJsonArray("types"), "type", problems);
    checkListed(partner.tier(), settings.getJsonArray("tiers"), "tier", problems);
    // each problem at its own pointer (/customFields/vat), as the tenant's
    // partners/customFieldsSchema says
    problems.mergeIn(
        JsonSchemas.problems(
            TenantSchemas.compile(
                settings.getJsonObject("customFieldsSchema"),
                "The partners/customFieldsSchema configuration"),
            partner.customFields(),
            "/customFields"));
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid partner", problems);
    }
  }

  private static void checkListed(
      String value, JsonArray allowed, String field, JsonObject problems) {
    if (value == null || !allowed.contains(value)) {
      problems.put(
          field, "one of " + allowed.encode() + " (configuration partners/" + field + "s)");
    }
  }
}
