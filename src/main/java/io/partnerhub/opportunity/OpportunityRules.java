package io.partnerhub.opportunity;

import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.Money;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Field rules of a deal: names, customer domain, money (numeric(18,2), ISO 4217), dates and products. */
final class OpportunityRules {
  private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

  private OpportunityRules() {
  }

  static void checkRegistration(OpportunityApi.RegisterOpportunity request) {
    JsonObject problems = new JsonObject();
    checkText(request.name(), "name", problems);
    checkText(request.customerName(), "customerName", problems);
    if (request.customerDomain() != null && !DOMAIN.matcher(request.customerDomain()).matches()) {
      problems.put("customerDomain", "a lowercase domain name such as example.com");
    }
    Money.check(request.amount(), request.currency(), problems);
    checkDate(request.expectedCloseDate(), problems);
    checkProducts(request.products(), problems);
    fail(problems);
  }

  /** Checks a whole opportunity after a change is merged in (the JSON the API shows). */
  static void checkChanged(JsonObject merged, JsonArray stages) {
    JsonObject problems = new JsonObject();
    checkText(merged.getString("name"), "name", problems);
    Money.check(Money.parse(merged.getValue("amount")), merged.getValue("currency") instanceof String c ? c : null,
        problems);
    checkDate(merged.getValue("expectedCloseDate") instanceof String date ? date
        : merged.getValue("expectedCloseDate") == null ? null : "not a date", problems);
    Object products = merged.getValue("products");
    if (products != null && !(products instanceof JsonArray)) {
      problems.put("products", "an array of product names");
    } else {
      checkProducts(products == null ? null : ((JsonArray) products).getList(), problems);
    }
    if (!stageNames(stages).contains(merged.getValue("stage"))) {
      problems.put("stage", "one of " + stageNames(stages) + " (configuration opportunities/stages)");
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
