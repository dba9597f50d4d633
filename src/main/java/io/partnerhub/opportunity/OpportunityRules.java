package io.partnerhub.opportunity;

import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.Money;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.opportunity.OpportunityApi.Opportunity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one validator of a deal: names, customer domain, money (numeric(18,2), ISO 4217), dates, products and
 * its stage among the tenant's.
 */
final class OpportunityRules {
  private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

  private OpportunityRules() {
  }

  /**
   * Fails with VALIDATION, every problem by field, unless {@code deal} (registered, or changed) is acceptable
   * with the tenant's {@code stages}.
   */
  static void check(Opportunity deal, List<String> stages) {
    JsonObject problems = new JsonObject();
    checkText(deal.name(), "name", problems);
    checkText(deal.customerName(), "customerName", problems);
    if (deal.customerDomain() != null && !DOMAIN.matcher(deal.customerDomain()).matches()) {
      problems.put("customerDomain", "a lowercase domain name such as example.com");
    }
    Money.check(deal.amount(), deal.currency(), problems);
    checkDate(deal.expectedCloseDate(), problems);
    checkProducts(deal.products(), problems);
    if (!stages.contains(deal.stage())) {
      problems.put("stage", "one of " + stages + " (configuration opportunities/stages)");
    }
    fail(problems);
  }

  static List<String> stageNames(JsonArray stages) {
    return stages.stream().map(stage -> ((JsonObject) stage).getString("name")).toList();
  }

  private static void checkText(String value, String field, JsonObject problems) {
    if (value == null || value.isBlank() || value.length() > 200) {
      problems.put(field, "required, at most 200 characters");
    }
  }

  private static void checkDate(String date, JsonObject problems) {
    if (date != null && Dates.parse(date) == null) {
      problems.put("expectedCloseDate", Dates.PROBLEM);
    }
  }

  private static void checkProducts(List<?> products, JsonObject problems) {
    if (products == null) {
      return;
    }
    boolean valid = products.size() <= 50 && products.stream()
        .allMatch(product -> product instanceof String name && !name.isBlank() && name.length() <= 100);
    if (!valid) {
      problems.put("products", "at most 50 product names of 1 to 100 characters");
    }
  }

  private static void fail(JsonObject problems) {
    if (!problems.isEmpty()) {
      throw ServiceException.validation("Invalid opportunity", problems);
    }
  }
}
