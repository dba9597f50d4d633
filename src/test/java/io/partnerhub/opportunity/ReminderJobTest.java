package io.partnerhub.opportunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reminder job writes opportunity.protection-ending and opportunity.review-overdue once per
 * registration, however often and however concurrently it runs, as the tenant's configuration says;
 * and approving or paying a commission writes commission.approved and commission.paid.
 */
class ReminderJobTest {
  private Tenant tenant;
  private UUID partner;

  @BeforeEach
  void tenantWithAPartner() {
    tenant = Tenant.create();
    partner = Fixtures.partner(tenant, "Acme");
  }

  private static void runReminders(int times) {
    List<Future<OpportunityApi.ReminderRun>> runs = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      runs.add(
          ServiceBus.request(
              TestApp.get().vertx(),
              OpportunityApi.SEND_REMINDERS,
              new OpportunityApi.SendReminders(),
              new DeliveryOptions().setSendTimeout(20_000)));
    }
    Future.all(runs).await();
  }

  private long events(String type, String opportunityId) {
    return TestDb.count(
        "SELECT count(*) FROM events WHERE organization_id = ? AND type = ? AND aggregate_id = ?",
        tenant.organizationId(),
        type,
        UUID.fromString(opportunityId));
  }

  private JsonObject approved(String customer) {
    JsonObject deal =
        Fixtures.register(
            tenant.token(), Fixtures.deal(partner, customer, customer + ".test", "100.00"));
    Http.Response approved =
        Http.post("/opportunities/" + deal.getString("id") + "/approve", tenant.token(), null);
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    return approved.json();
  }

  private void configure(String key, int value) {
    Http.Response put =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "opportunities")
                .put("key", key)
                .put("dataType", "integer")
                .put("value", value));
    assertThat(put.status()).as(put.text()).isIn(200, 201);
  }

  @Test
  void aProtectionEndingSoonIsReportedOnceWhateverTheRuns() {
    JsonObject soon = approved("soon");
    JsonObject later = approved("later");
    JsonObject won = approved("won");
    TestDb.update(
        "UPDATE opportunities SET protection_ends_at = now() + interval '3 days' WHERE id = ?",
        UUID.fromString(soon.getString("id")));
    TestDb.update(
        "UPDATE opportunities SET protection_ends_at = now() + interval '30 days' WHERE id = ?",
        UUID.fromString(later.getString("id")));
    TestDb.update(
        "UPDATE opportunities SET protection_ends_at = now() + interval '3 days',"
            + " stage = 'closed_won' WHERE id = ?",
        UUID.fromString(won.getString("id")));

    runReminders(4);
    runReminders(1);

    assertThat(events(OpportunityApi.PROTECTION_ENDING, soon.getString("id"))).isEqualTo(1);
    assertThat(events(OpportunityApi.PROTECTION_ENDING, later.getString("id"))).isZero();
    assertThat(events(OpportunityApi.PROTECTION_ENDING, won.getString("id"))).isZero();
    // a reminder changes nothing a client sees
    JsonObject after = Http.get("/opportunities/" + soon.getString("id"), tenant.token()).json();
    assertThat(after.getInteger("version")).isEqualTo(soon.getInteger("version"));
    assertThat(
            TestDb.column(
                "SELECT actor_type FROM events WHERE type = ? AND aggregate_id = ?",
                OpportunityApi.PROTECTION_ENDING,
                UUID.fromString(soon.getString("id"))))
        .containsExactly("system");
  }

  @Test
  void theWarningDaysComeFromTheTenantsConfigurationAndZeroTurnsThemOff() {
    JsonObject ending = approved("ending");
    TestDb.update(
        "UPDATE opportunities SET protection_ends_at = now() + interval '10 days' WHERE id = ?",
        UUID.fromString(ending.getString("id")));
    runReminders(1);
    assertThat(events(OpportunityApi.PROTECTION_ENDING, ending.getString("id"))).isZero();

    configure("protectionWarningDays", 0);
    TestDb.update(
        "UPDATE opportunities SET protection_ends_at = now() + interval '1 day' WHERE id = ?",
        UUID.fromString(ending.getString("id")));
    runReminders(1);
    assertThat(events(OpportunityApi.PROTECTION_ENDING, ending.getString("id"))).isZero();

    configure("protectionWarningDays", 14);
    runReminders(1);
    assertThat(events(OpportunityApi.PROTECTION_ENDING, ending.getString("id"))).isEqualTo(1);

    Http.Response refused =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "opportunities")
                .put("key", "reviewSlaHours")
                .put("dataType", "integer")
                .put("value", -1));
    assertThat(refused.status()).isEqualTo(400);
  }

  @Test
  void aReviewWaitingLongerThanTheSlaIsReportedOnce() {
    JsonObject waiting =
        Fixtures.register(
            tenant.token(), Fixtures.deal(partner, "waiting", "waiting.test", "5.00"));
    JsonObject fresh =
        Fixtures.register(tenant.token(), Fixtures.deal(partner, "fresh", "fresh.test", "5.00"));
    JsonObject reviewed = approved("reviewed");
    TestDb.update(
        "UPDATE opportunities SET created_at = now() - interval '49 hours' WHERE id IN (?, ?)",
        UUID.fromString(waiting.getString("id")),
        UUID.fromString(reviewed.getString("id")));

    runReminders(3);
    runReminders(1);

    assertThat(events(OpportunityApi.REVIEW_OVERDUE, waiting.getString("id"))).isEqualTo(1);
    assertThat(events(OpportunityApi.REVIEW_OVERDUE, fresh.getString("id"))).isZero();
    assertThat(events(OpportunityApi.REVIEW_OVERDUE, reviewed.getString("id"))).isZero();

    configure("reviewSlaHours", 0);
    TestDb.update(
        "UPDATE opportunities SET created_at = now() - interval '100 hours' WHERE id = ?",
        UUID.fromString(fresh.getString("id")));
    runReminders(1);
    assertThat(events(OpportunityApi.REVIEW_OVERDUE, fresh.getString("id"))).isZero();
  }

  @Test
  void approvingAndPayingACommissionWriteTheirOwnEvents() {
    Fixtures.wonDeal(tenant, partner, "paid", "1000.00");
    String commission =
        io.partnerhub.support.Await.until(
                () -> Http.get("/commissions", tenant.token()).json().getJsonArray("items"),
                items -> !items.isEmpty(),
                java.time.Duration.ofSeconds(10))
            .getJsonObject(0)
            .getString("id");
    assertThat(Http.post("/commissions/" + commission + "/approve", tenant.token(), null).status())
        .isEqualTo(200);
    assertThat(Http.post("/commissions/" + commission + "/pay", tenant.token(), null).status())
        .isEqualTo(200);
    assertThat(
            TestDb.column(
                "SELECT type FROM events WHERE aggregate_id = ? ORDER BY written",
                UUID.fromString(commission)))
        .containsExactly(
            "commission.recorded",
            "commission.updated",
            "commission.approved",
            "commission.updated",
            "commission.paid");
  }
}
