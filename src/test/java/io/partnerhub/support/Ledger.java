package io.partnerhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/** A deal's commission ledger as the tenant's admin lists it; the ledger follows events. */
public final class Ledger {
  private Ledger() {}

  /** The ledger rows of {@code opportunityId}, oldest first. */
  public static JsonArray of(Tenant tenant, String opportunityId) {
    return new JsonArray(
        Http.get("/commissions?limit=200", tenant.token()).json().getJsonArray("items").stream()
            .filter(item -> ((JsonObject) item).getString("opportunityId").equals(opportunityId))
            .toList());
  }

  /** The ledger once {@code condition} holds (the test fails if it does not in time). */
  public static JsonArray await(
      Tenant tenant, String opportunityId, Predicate<JsonArray> condition) {
    JsonArray ledger = Await.until(() -> of(tenant, opportunityId), condition, Await.JOB);
    assertThat(condition.test(ledger)).as("the ledger of %s: %s", opportunityId, ledger).isTrue();
    return ledger;
  }
}
