package io.partnerhub.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.EventRecorder;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartnerApiTest {
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private Http.Response create(JsonObject partner) {
    return Http.post("/partners", tenant.token(), partner);
  }

  private static JsonObject partner(String name, String type, String tier) {
    return new JsonObject().put("name", name).put("type", type).put("tier", tier);
  }

  @Test
  void createReadAndPublishPartnerCreated() {
    try (EventRecorder events = new EventRecorder(tenant.organizationId(), PartnerApi.CREATED)) {
      Http.Response created =
          create(
              partner("Acme", "reseller", "gold")
                  .put("contactEmail", "sales@acme.test")
                  .put("website", "https://acme.test")
                  .put("region", "EMEA")
                  .put("customFields", new JsonObject().put("vat", "X1")));
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      JsonObject body = created.json();
      assertThat(body.getString("status")).isEqualTo("prospect");
      assertThat(body.getInteger("version")).isEqualTo(1);
      assertThat(created.header("Location")).isEqualTo("/api/v1/partners/" + body.getString("id"));
      JsonObject read = Http.get("/partners/" + body.getString("id"), tenant.token()).json();
      assertThat(read).isEqualTo(body);
      assertThat(events.await(PartnerApi.CREATED, 1))
          .singleElement()
          .satisfies(
              event ->
                  assertThat(event.aggregate().id().toString()).isEqualTo(body.getString("id")));
    }
  }

  @Test
  void typesTiersAndCustomFieldsFollowTheTenantsConfiguration() {
    assertThat(create(partner("A", "reseller", "diamond")).status()).isEqualTo(400);
    assertThat(create(partner("A", "franchise", "gold")).status()).isEqualTo(400);
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "partners")
            .put("key", "tiers")
            .put("dataType", "array")
            .put("value", new JsonArray().add("bronze").add("diamond")));
    Http.put(
        "/configurations",
        tenant.token(),
        new JsonObject()
            .put("category", "partners")
            .put("key", "customFieldsSchema")
            .put("dataType", "json")
            .put(
                "value",
                new JsonObject()
                    .put("type", "object")
                    .put("required", new JsonArray().add("vat"))
                    .put(
                        "properties",
                        new JsonObject()
                            .put(
                                "vat",
                                new JsonObject()
                                    .put("type", "string")
                                    .put("pattern", "^[A-Z]{2}[0-9]+$")))));
    assertThat(
            create(
                    partner("A", "reseller", "gold")
                        .put("customFields", new JsonObject().put("vat", "DE1")))
                .status())
        .isEqualTo(400);
    Http.Response missingVat = create(partner("A", "reseller", "diamond"));
    assertThat(missingVat.status()).isEqualTo(400);
    assertThat(missingVat.problems()).containsEntry("/customFields/vat", "required");
    assertThat(
            create(
                    partner("A", "reseller", "diamond")
                        .put("customFields", new JsonObject().put("vat", "DE123")))
                .status())
        .isEqualTo(201);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM partners WHERE organization_id = ?", tenant.organizationId()))
        .isEqualTo(1);
    assertThat(
            Http.put(
                    "/configurations",
                    tenant.token(),
                    new JsonObject()
                        .put("category", "partners")
                        .put("key", "tiers")
                        .put("dataType", "array")
                        .put("value", new JsonArray()))
                .status())
        .isEqualTo(400);
  }

  @Test
  void listFiltersSortsAndPagesByKeyset() {
    for (String name : new String[] {"Delta", "alpha corp", "Charlie", "Bravo", "Echo"}) {
      create(
          partner(
                  name,
                  name.equals("Echo") ? "referral" : "reseller",
                  name.startsWith("B") ? "silver" : "gold")
              .put("status", name.equals("Charlie") ? "active" : "prospect"));
    }
    List<String> all = names(Http.get("/partners?limit=2", tenant.token()).json());
    assertThat(all).containsExactly("Bravo", "Charlie");
    JsonObject first = Http.get("/partners?limit=2", tenant.token()).json();
    JsonObject second =
        Http.get("/partners?limit=2&cursor=" + first.getString("nextCursor"), tenant.token())
            .json();
    JsonObject third =
        Http.get("/partners?limit=2&cursor=" + second.getString("nextCursor"), tenant.token())
            .json();
    assertThat(names(second)).containsExactly("Delta", "Echo");
    assertThat(names(third)).containsExactly("alpha corp");
    assertThat(third.getString("nextCursor")).isNull();

    assertThat(names(Http.get("/partners?sort=-name&limit=2", tenant.token()).json()))
        .containsExactly("alpha corp", "Echo");
    assertThat(names(Http.get("/partners?tier=silver", tenant.token()).json()))
        .containsExactly("Bravo");
    assertThat(names(Http.get("/partners?type=referral", tenant.token()).json()))
        .containsExactly("Echo");
    assertThat(names(Http.get("/partners?status=active", tenant.token()).json()))
        .containsExactly("Charlie");
    assertThat(names(Http.get("/partners?q=ALPHA", tenant.token()).json()))
        .containsExactly("alpha corp");
    assertThat(names(Http.get("/partners?q=%25", tenant.token()).json())).isEmpty();
    assertThat(names(Http.get("/partners?sort=createdAt", tenant.token()).json()))
        .first()
        .isEqualTo("Delta");
    assertThat(Http.get("/partners?sort=bogus", tenant.token()).status()).isEqualTo(400);
  }

  private static List<String> names(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("name"))
        .toList();
  }

  @Test
  void updatesTakeIfMatchAndOfTwoWithTheSameVersionExactlyOneWins() {
    UUID id = Fixtures.partner(tenant, "Racy");
    Http.Response stale =
        Http.send(
            "PATCH",
            "/partners/" + id,
            tenant.token(),
            new JsonObject().put("region", "x"),
            Map.of("If-Match", "\"5\""));
    assertThat(stale.status()).isEqualTo(412);

    List<CompletableFuture<Integer>> racers =
        List.of("EMEA", "APAC", "AMER", "LATAM").stream()
            .map(
                region ->
                    CompletableFuture.supplyAsync(
                        () ->
                            Http.send(
                                    "PATCH",
                                    "/partners/" + id,
                                    tenant.token(),
                                    new JsonObject().put("region", region),
                                    Map.of("If-Match", "\"1\""))
                                .status()))
            .toList();
    List<Integer> statuses = racers.stream().map(CompletableFuture::join).toList();
    assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 412);
    assertThat(Http.get("/partners/" + id, tenant.token()).json().getInteger("version"))
        .isEqualTo(2);
  }

  @Test
  void deleteRemovesAnUnusedPartnerAndArchivesOneWithDeals() {
    UUID unused = Fixtures.partner(tenant, "Unused");
    assertThat(Http.delete("/partners/" + unused, tenant.token()).status()).isEqualTo(204);
    assertThat(Http.get("/partners/" + unused, tenant.token()).status()).isEqualTo(404);

    UUID busy = Fixtures.partner(tenant, "Busy");
    Fixtures.register(tenant.token(), Fixtures.deal(busy, "Customer", "customer.test", "100.00"));
    Http.Response archived = Http.delete("/partners/" + busy, tenant.token());
    assertThat(archived.status()).isEqualTo(200);
    assertThat(archived.json().getString("status")).isEqualTo("terminated");
    assertThat(Http.get("/partners/" + busy, tenant.token()).json().getString("status"))
        .isEqualTo("terminated");
  }

  @Test
  void aPartnerUserSeesAndEditsOnlyItsOwnPartnerAndOnlyItsContactDetails() {
    UUID own = Fixtures.partner(tenant, "Own");
    UUID other = Fixtures.partner(tenant, "Other");
    String partnerToken = Fixtures.userToken(tenant, "partner_user", own);

    assertThat(names(Http.get("/partners", partnerToken).json())).containsExactly("Own");
    assertThat(Http.get("/partners/" + other, partnerToken).status()).isEqualTo(404);
    assertThat(
            Http.send(
                    "PATCH",
                    "/partners/" + other,
                    partnerToken,
                    new JsonObject().put("region", "x"),
                    Map.of())
                .status())
        .isIn(403, 404);
    assertThat(
            Http.send(
                    "PATCH",
                    "/partners/" + own,
                    partnerToken,
                    new JsonObject().put("region", "Nordics"),
                    Map.of())
                .status())
        .isEqualTo(200);
    assertThat(
            Http.send(
                    "PATCH",
                    "/partners/" + own,
                    partnerToken,
                    new JsonObject().put("tier", "platinum"),
                    Map.of())
                .status())
        .isEqualTo(403);
    assertThat(Http.post("/partners", partnerToken, partner("Mine", "reseller", "gold")).status())
        .isEqualTo(403);
    assertThat(Http.delete("/partners/" + own, partnerToken).status()).isEqualTo(403);
    assertThat(Http.get("/partners/" + other, tenant.token()).json().getString("region")).isNull();
  }

  @Test
  void anotherTenantsPartnersAreInvisible() {
    Tenant other = Tenant.create();
    UUID theirs = Fixtures.partner(other, "Theirs");
    assertThat(Http.get("/partners/" + theirs, tenant.token()).status()).isEqualTo(404);
    assertThat(Http.get("/partners", tenant.token()).json().getJsonArray("items")).isEmpty();
    assertThat(
            Http.send(
                    "PATCH",
                    "/partners/" + theirs,
                    tenant.token(),
                    new JsonObject().put("region", "x"),
                    Map.of())
                .status())
        .isEqualTo(404);
    assertThat(Http.delete("/partners/" + theirs, tenant.token()).status()).isEqualTo(404);
    assertThat(Http.get("/partners/" + theirs, other.token()).status()).isEqualTo(200);
  }

  @Test
  void badPartnerInputIs400AndWritesNothing() {
    for (JsonObject bad :
        List.of(
            partner("", "reseller", "gold"),
            partner("x".repeat(201), "reseller", "gold"),
            partner("A", "reseller", "gold").put("contactEmail", "not-an-email"),
            partner("A", "reseller", "gold").put("website", "javascript:alert(1)"),
            partner("A", "reseller", "gold").put("status", "sleeping"),
            partner("A", "reseller", "gold").put("customFields", "text"),
            partner("A", "reseller", "gold").put("organizationId", UUID.randomUUID().toString()),
            new JsonObject().put("name", 5).put("type", "reseller").put("tier", "gold"))) {
      Http.Response response = create(bad);
      assertThat(response.status()).as(bad.encode()).isEqualTo(400);
      assertThat(response.json().getString("error")).isEqualTo("VALIDATION");
    }
    assertThat(Http.get("/partners/not-a-uuid", tenant.token()).status()).isEqualTo(400);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM partners WHERE organization_id = ?", tenant.organizationId()))
        .isZero();
  }
}
