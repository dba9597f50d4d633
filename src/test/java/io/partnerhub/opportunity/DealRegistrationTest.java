package io.partnerhub.opportunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.support.EventRecorder;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DealRegistrationTest {
  private Tenant tenant;
  private UUID partnerP;
  private UUID partnerQ;

  @BeforeEach
  void tenantWithTwoPartners() {
    tenant = Tenant.create();
    partnerP = Fixtures.partner(tenant, "Partner P");
    partnerQ = Fixtures.partner(tenant, "Partner Q");
  }

  private Http.Response approve(String id) {
    return Http.post("/opportunities/" + id + "/approve", tenant.token(), null);
  }

  private Http.Response setStage(String id, String stage, int version) {
    return Http.send(
        "PATCH",
        "/opportunities/" + id,
        tenant.token(),
        new JsonObject().put("stage", stage),
        Map.of("If-Match", "\"" + version + "\""));
  }

  @Test
  void theWholeWorkflowRegisterConflictApproveRefuseSecondExpireAndWin() {
    String[] types = {
      OpportunityApi.REGISTERED,
      OpportunityApi.APPROVED,
      OpportunityApi.EXPIRED,
      OpportunityApi.STAGE_CHANGED,
      OpportunityApi.WON
    };
    try (EventRecorder events = new EventRecorder(tenant.organizationId(), types)) {
      JsonObject first =
          Fixtures.register(
              tenant.token(), Fixtures.deal(partnerP, "Globex", "globex.test", "50000.00"));
      assertThat(first.getString("registrationStatus")).isEqualTo("pending");
      assertThat(first.getString("stage")).isEqualTo("prospecting");
      assertThat(first.getValue("amount")).as("money is a decimal string").isEqualTo("50000.00");
      assertThat(first.getValue("amount").toString()).isEqualTo("50000.00");
      assertThat(first.getValue("conflictWith")).isNull();

      JsonObject rival =
          Fixtures.register(
              tenant.token(), Fixtures.deal(partnerQ, "GLOBEX Inc", "globex.test", "42000"));
      assertThat(rival.getString("conflictWith")).isEqualTo(first.getString("id"));

      JsonObject approved = approve(first.getString("id")).json();
      assertThat(approved.getString("registrationStatus")).isEqualTo("approved");
      assertThat(approved.getString("protectionEndsAt")).isNotNull();
      Http.Response second = approve(rival.getString("id"));
      assertThat(second.status()).isEqualTo(409);
      assertThat(second.json().getString("error")).isEqualTo("CONFLICT");

      // the protection period ends without a win: reads show it expired at once, the sweep persists
      // it
      TestDb.update(
          "UPDATE opportunities SET protection_ends_at = now() - interval '1 minute' WHERE id = ?::uuid",
          first.getString("id"));
      assertThat(
              Http.get("/opportunities/" + first.getString("id"), tenant.token())
                  .json()
                  .getString("registrationStatus"))
          .isEqualTo("expired");
      int expired =
          ServiceBus.request(
                  TestApp.get().vertx(),
                  OpportunityApi.EXPIRE_REGISTRATIONS,
                  new OpportunityApi.ExpireRegistrations(),
                  new DeliveryOptions().setSendTimeout(10_000))
              .await()
              .expired();
      assertThat(expired).isGreaterThanOrEqualTo(1);
      assertThat(events.await(OpportunityApi.EXPIRED, 1))
          .extracting((DomainEvent event) -> event.aggregate().id())
          .containsExactly(UUID.fromString(first.getString("id")));

      JsonObject rivalApproved = approve(rival.getString("id")).json();
      assertThat(rivalApproved.getString("registrationStatus")).isEqualTo("approved");
      Http.Response won =
          setStage(rival.getString("id"), "closed_won", rivalApproved.getInteger("version"));
      assertThat(won.status()).as(won.text()).isEqualTo(200);
      assertThat(won.json().getString("closedAt")).isNotNull();

      List<DomainEvent> wins = events.await(OpportunityApi.WON, 1);
      assertThat(wins)
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.aggregate().id().toString()).isEqualTo(rival.getString("id"));
                assertThat(event.actor().id()).isEqualTo(tenant.adminId());
                assertThat(event.data().getString("partnerId")).isEqualTo(partnerQ.toString());
              });
      assertThat(events.await(OpportunityApi.REGISTERED, 2)).hasSize(2);
      assertThat(events.await(OpportunityApi.APPROVED, 2)).hasSize(2);
      assertThat(events.await(OpportunityApi.STAGE_CHANGED, 1)).hasSize(1);
    }
  }

  @Test
  void aDealCanBeWonOnlyOnceItsRegistrationIsApproved() {
    JsonObject deal =
        Fixtures.register(tenant.token(), Fixtures.deal(partnerP, "Initech", null, "10"));
    assertThat(setStage(deal.getString("id"), "closed_won", 1).status()).isEqualTo(409);
    assertThat(setStage(deal.getString("id"), "closed_lost", 1).status()).isEqualTo(200);
    assertThat(setStage(deal.getString("id"), "no_such_stage", 2).status()).isEqualTo(400);
  }

  @Test
  void stageChangesAreRecordedWithWhoAndWhen() {
    JsonObject deal =
        Fixtures.register(
            tenant.token(), Fixtures.deal(partnerP, "Umbrella", "umbrella.test", "10"));
    setStage(deal.getString("id"), "qualification", 1);
    setStage(deal.getString("id"), "proposal", 2);
    JsonArray history =
        Http.get("/opportunities/" + deal.getString("id") + "/stage-history", tenant.token())
            .json()
            .getJsonArray("items");
    assertThat(history.stream().map(change -> ((JsonObject) change).getString("toStage")))
        .containsExactly("prospecting", "qualification", "proposal");
    assertThat(history.getJsonObject(2).getString("fromStage")).isEqualTo("qualification");
    assertThat(history.getJsonObject(2).getString("changedBy"))
        .isEqualTo(tenant.adminId().toString());
  }

  @Test
  void withTheRejectPolicyAConflictingRegistrationIs409AndNotStored() {
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "opportunities")
            .put("key", "conflictPolicy")
            .put("dataType", "string")
            .put("value", "reject"));
    Fixtures.register(tenant.token(), Fixtures.deal(partnerP, "Hooli", "hooli.test", "1"));
    Http.Response conflicting =
        Http.post(
            "/opportunities", tenant.token(), Fixtures.deal(partnerQ, "Hooli", "hooli.test", "1"));
    assertThat(conflicting.status()).isEqualTo(409);
    assertThat(conflicting.json().getJsonObject("details").getString("conflictWith")).isNotBlank();
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM opportunities WHERE organization_id = ?",
                tenant.organizationId()))
        .isEqualTo(1);
    // the same partner registering the same customer again is not a conflict
    assertThat(
            Http.post(
                    "/opportunities",
                    tenant.token(),
                    Fixtures.deal(partnerP, "Hooli", "hooli.test", "2"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void stagesMustBeUniqueAndDealsCannotStartClosed() {
    JsonArray closedFirst =
        new JsonArray()
            .add(new JsonObject().put("name", "closed_won").put("probability", 100))
            .add(new JsonObject().put("name", "closed_lost").put("probability", 0));
    JsonArray duplicated =
        new JsonArray()
            .add(new JsonObject().put("name", "open").put("probability", 10))
            .add(new JsonObject().put("name", "open").put("probability", 20))
            .add(new JsonObject().put("name", "closed_won").put("probability", 100))
            .add(new JsonObject().put("name", "closed_lost").put("probability", 0));
    for (JsonArray stages :
        List.of(
            closedFirst,
            duplicated,
            new JsonArray()
                .add(new JsonObject().put("name", "a").put("probability", 1))
                .add(new JsonObject().put("name", "b").put("probability", 2)))) {
      assertThat(
              Http.put(
                      "/configurations",
                      tenant.token(),
                      new JsonObject()
                          .put("category", "opportunities")
                          .put("key", "stages")
                          .put("dataType", "array")
                          .put("value", stages))
                  .status())
          .as(stages.encode())
          .isEqualTo(400);
    }
  }

  @Test
  void customersWithoutDomainMatchByNormalizedName() {
    JsonObject first =
        Fixtures.register(tenant.token(), Fixtures.deal(partnerP, "Wayne Enterprises", null, "1"));
    JsonObject second =
        Fixtures.register(tenant.token(), Fixtures.deal(partnerQ, "wayne-enterprises!", null, "1"));
    assertThat(second.getString("conflictWith")).isEqualTo(first.getString("id"));
  }

  @Test
  void simultaneousConflictingRegistrationsAndApprovalsLeaveAtMostOneApproved() {
    List<UUID> partners =
        List.of(partnerP, partnerQ, Fixtures.partner(tenant, "R"), Fixtures.partner(tenant, "S"));
    List<CompletableFuture<Http.Response>> registrations =
        partners.stream()
            .map(
                partner ->
                    CompletableFuture.supplyAsync(
                        () ->
                            Http.post(
                                "/opportunities",
                                tenant.token(),
                                Fixtures.deal(partner, "Contested", "contested.test", "5"))))
            .toList();
    List<JsonObject> deals =
        registrations.stream().map(CompletableFuture::join).map(Http.Response::json).toList();
    // under the per-customer lock every registration after the first sees an earlier one
    assertThat(deals.stream().filter(deal -> deal.getValue("conflictWith") == null)).hasSize(1);

    List<Integer> statuses =
        deals.stream()
            .map(
                deal -> CompletableFuture.supplyAsync(() -> approve(deal.getString("id")).status()))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .toList();
    assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM opportunities WHERE organization_id = ? AND registration_status = 'approved'",
                tenant.organizationId()))
        .isEqualTo(1);
  }

  @Test
  void rejectionNeedsAReasonAndTheApprovePermission() {
    JsonObject deal =
        Fixtures.register(tenant.token(), Fixtures.deal(partnerP, "Stark", "stark.test", "1"));
    assertThat(
            Http.post(
                    "/opportunities/" + deal.getString("id") + "/reject",
                    tenant.token(),
                    new JsonObject())
                .status())
        .isEqualTo(400);
    String viewer = Fixtures.userToken(tenant, "viewer", null);
    assertThat(
            Http.post("/opportunities/" + deal.getString("id") + "/approve", viewer, null).status())
        .isEqualTo(403);
    Http.Response rejected =
        Http.post(
            "/opportunities/" + deal.getString("id") + "/reject",
            tenant.token(),
            new JsonObject().put("reason", "duplicate of an existing direct deal"));
    assertThat(rejected.json().getString("registrationStatus")).isEqualTo("rejected");
    assertThat(rejected.json().getString("rejectionReason"))
        .isEqualTo("duplicate of an existing direct deal");
    assertThat(approve(deal.getString("id")).status()).isEqualTo(409);
  }

  @Test
  void aPartnerUserRegistersForItsOwnPartnerAndNeverSeesAnotherPartnersDeals() {
    String pToken = Fixtures.userToken(tenant, "partner_user", partnerP);
    JsonObject qDeal =
        Fixtures.register(
            tenant.token(), Fixtures.deal(partnerQ, "Cyberdyne", "cyberdyne.test", "9"));
    JsonObject own = Fixtures.register(pToken, Fixtures.deal(null, "Tyrell", "tyrell.test", "7"));
    assertThat(own.getString("partnerId")).isEqualTo(partnerP.toString());

    assertThat(
            Http.post(
                    "/opportunities", pToken, Fixtures.deal(partnerQ, "Tyrell", "tyrell.test", "7"))
                .status())
        .isEqualTo(403);
    assertThat(Http.get("/opportunities/" + qDeal.getString("id"), pToken).status()).isEqualTo(404);
    assertThat(
            Http.send(
                    "PATCH",
                    "/opportunities/" + qDeal.getString("id"),
                    pToken,
                    new JsonObject().put("name", "mine"),
                    Map.of())
                .status())
        .isEqualTo(404);
    assertThat(
            Http.get("/opportunities/" + qDeal.getString("id") + "/stage-history", pToken).status())
        .isEqualTo(404);
    JsonArray visible = Http.get("/opportunities", pToken).json().getJsonArray("items");
    assertThat(visible.stream().map(item -> ((JsonObject) item).getString("partnerId")))
        .containsOnly(partnerP.toString());
    assertThat(
            Http.get("/opportunities?partnerId=" + partnerQ, pToken).json().getJsonArray("items"))
        .isEmpty();
    assertThat(
            Http.post("/opportunities/" + own.getString("id") + "/approve", pToken, null).status())
        .isEqualTo(403);
  }

  @Test
  void anotherTenantsDealsAreInvisibleEvenByRealIds() {
    Tenant other = Tenant.create();
    UUID theirPartner = Fixtures.partner(other, "Theirs");
    JsonObject theirs =
        Fixtures.register(
            other.token(), Fixtures.deal(theirPartner, "Soylent", "soylent.test", "3"));
    assertThat(Http.get("/opportunities/" + theirs.getString("id"), tenant.token()).status())
        .isEqualTo(404);
    assertThat(approve(theirs.getString("id")).status()).isEqualTo(404);
    assertThat(Http.get("/opportunities", tenant.token()).json().getJsonArray("items")).isEmpty();
    assertThat(
            Http.post("/opportunities", tenant.token(), Fixtures.deal(theirPartner, "X", null, "1"))
                .status())
        .isEqualTo(404);
    // the same customer in two tenants is no conflict
    JsonObject mine =
        Fixtures.register(tenant.token(), Fixtures.deal(partnerP, "Soylent", "soylent.test", "3"));
    assertThat(mine.getValue("conflictWith")).isNull();
  }

  @Test
  void listFiltersAndPages() {
    for (int i = 0; i < 3; i++) {
      Fixtures.register(tenant.token(), Fixtures.deal(partnerP, "Customer " + i, null, "1"));
    }
    Fixtures.register(tenant.token(), Fixtures.deal(partnerQ, "Other", null, "1"));
    JsonObject page =
        Http.get("/opportunities?partnerId=" + partnerP + "&limit=2", tenant.token()).json();
    assertThat(page.getJsonArray("items")).hasSize(2);
    assertThat(
            Http.get(
                    "/opportunities?partnerId="
                        + partnerP
                        + "&limit=2&cursor="
                        + page.getString("nextCursor"),
                    tenant.token())
                .json()
                .getJsonArray("items"))
        .hasSize(1);
    assertThat(
            Http.get("/opportunities?registrationStatus=pending", tenant.token())
                .json()
                .getJsonArray("items"))
        .hasSize(4);
    assertThat(
            Http.get("/opportunities?stage=proposal", tenant.token()).json().getJsonArray("items"))
        .isEmpty();
  }

  @Test
  void badDealInputIs400WithDetailsAndWritesNothing() {
    List<JsonObject> bad =
        List.of(
            Fixtures.deal(partnerP, "C", null, "-5"),
            Fixtures.deal(partnerP, "C", null, "1.234"),
            Fixtures.deal(partnerP, "C", null, "1").put("amount", true),
            Fixtures.deal(partnerP, "C", null, "1").put("currency", "EURO"),
            Fixtures.deal(partnerP, "C", null, "1").put("currency", "XYZ"),
            Fixtures.deal(partnerP, "C", null, "1").put("expectedCloseDate", "2027-02-30"),
            Fixtures.deal(partnerP, "C", null, "1").put("expectedCloseDate", "tomorrow"),
            Fixtures.deal(partnerP, "x".repeat(201), null, "1"),
            Fixtures.deal(partnerP, "C", "not a domain", "1"),
            Fixtures.deal(partnerP, "C", null, "1").put("products", new JsonArray().add(5)),
            Fixtures.deal(partnerP, "C", null, "1").put("partnerId", "nope"),
            Fixtures.deal(null, "C", null, "1"),
            Fixtures.deal(partnerP, "C", null, "1").put("registrationStatus", "approved"));
    for (JsonObject deal : bad) {
      Http.Response response = Http.post("/opportunities", tenant.token(), deal);
      assertThat(response.status()).as(deal.encode() + " -> " + response.text()).isEqualTo(400);
      assertThat(response.json().getString("error")).isEqualTo("VALIDATION");
    }
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM opportunities WHERE organization_id = ?",
                tenant.organizationId()))
        .isZero();
  }
}
