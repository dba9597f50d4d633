package io.partnerhub.partner;

import io.partnerhub.kernel.JsonSchemas;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.TenantSchemas;
import io.partnerhub.partner.PartnerApi.Partner;
import io.partnerhub.partner.PartnerApi.PartnerStatus;
import io.partnerhub.user.UserRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Arrays;

/** What a partner must be, given the tenant's partner settings (types, tiers, customFieldsSchema). */
final class PartnerRules {
  private PartnerRules() {
  }

  /** Fails with VALIDATION, every problem listed by field, unless {@code partner} (new or changed) is acceptable. */
  static void check(Partner partner, JsonObject settings) {
    JsonObject problems = new JsonObject();
    String name = partner.name();
    if (name == null || name.isBlank() || name.length() > 200) {
      problems.put("name", "required, at most 200 characters");
    }
    checkListed(partner.type(), settings.getJsonArray("types"), "type", problems);
    checkListed(partner.tier(), settings.getJsonArray("tiers"), "tier", problems);
    if (partner.status() == null) {
      problems.put("status", "one of " + Arrays.stream(PartnerStatus.values()).map(PartnerStatus::text).toList());
    }
    if (partner.contactEmail() != null) {
      UserRules.checkEmail(partner.contactEmail(), "contactEmail", problems);
    }
    if (partner.website() != null && !isWebAddress(partner.website())) {
      problems.put("website", "an http or https address of at most 2048 characters");
    }
    if (partner.region() != null && partner.region().length() > 100) {
      problems.put("region", "at most 100 characters");
    }
    if (!(partner.customFields() instanceof JsonObject customFields)) {
      problems.put("customFields", "a JSON object");
    } else {
      // each problem at its own pointer (/customFields/vat), as the tenant's partners/customFieldsSchema says
      problems.mergeIn(JsonSchemas.problems(TenantSchemas.compile(settings.getJsonObject("customFieldsSchema"),
          "The partners/customFieldsSchema configuration"), customFields, "/customFields"));
    }
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid partner", problems);
    }
  }

  private static void checkListed(String value, JsonArray allowed, String field, JsonObject problems) {
    if (value == null || !allowed.contains(value)) {
      problems.put(field, "one of " + allowed.encode() + " (configuration partners/" + field + "s)");
    }
  }

  private static boolean isWebAddress(String website) {
    try {
      URI uri = URI.create(website);
      return website.length() <= 2048 && uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
