package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input is read in one canonical form or refused with a 400 naming the parameter: ids only as
 * 8-4-4-4-12 hex (never as whatever UUID.fromString makes of them), dates only within 1900-01-01 to
 * 9999-12-31, list filters only with a value they know.
 */
class CanonicalInputTest {
  private static Tenant tenant;

  /**
   * A partner whose id has leading zeros in every group, so a short form such as "1a-2b-3c-4d-5e"
   * names it.
   */
  private static UUID partnerId;

  private static String shortForm;

  @BeforeAll
  static void tenantWithAPartnerWhoseIdHasAShortForm() {
    tenant = Tenant.create();
    UUID created = Fixtures.partner(tenant, "Lenient");
    String[] groups = new String[5];
    for (int i = 0; i < 5; i++) {
      groups[i] =
          Integer.toHexString(
              0x10 + java.util.concurrent.ThreadLocalRandom.current().nextInt(0xf0));
    }
    shortForm = String.join("-", groups);
    partnerId = UUID.fromString(shortForm);
    assertThat(partnerId.toString()).hasSize(36).isNotEqualTo(shortForm);
    TestDb.update(
        "UPDATE partners SET id = ?::uuid WHERE id = ?::uuid",
        partnerId.toString(),
        created.toString());
  }

  @Test
  void onlyCanonicalUuidsAreIds() {
    assertThat(Http.get("/partners/" + partnerId, tenant.token()).status()).isEqualTo(200);
    assertThat(Http.get("/partners/" + partnerId.toString().toUpperCase(), tenant.token()).status())
        .isEqualTo(200);
    for (String path :
        new String[] {
          "/partners/" + shortForm,
          "/partners/1-1-1-1-1",
          "/opportunities/1-1-1-1-1",
          "/opportunities/1-1-1-1-1/stage-history",
          "/partners/" + partnerId + "0",
          "/partners/" + partnerId.toString().replace("-", "")
        }) {
      assertProblem(Http.get(path, tenant.token()), "id", "UUID");
    }
    assertProblem(
        Http.send(
            "PATCH",
            "/partners/1-1-1-1-1",
            tenant.token(),
            new JsonObject().put("name", "x"),
            Map.of()),
        "id",
        "UUID");
    assertProblem(Http.delete("/users/1-1-1-1-1", tenant.token()), "id", "UUID");
    assertProblem(Http.post("/commissions/1-1-1-1-1/approve", tenant.token(), null), "id", "UUID");
    assertProblem(
        Http.get("/opportunities?partnerId=1-1-1-1-1", tenant.token()), "partnerId", "UUID");
    assertProblem(
        Http.get("/commissions?partnerId=1-1-1-1-1", tenant.token()), "partnerId", "UUID");
    assertProblem(
        Http.get("/commissions/statement?period=2026-01&partnerId=1-1-1-1-1", tenant.token()),
        "partnerId",
        "UUID");
    assertProblem(
        Http.post(
            "/commissions/preview",
            tenant.token(),
            new JsonObject()
                .put("partnerId", "1-1-1-1-1")
                .put("amount", "100.00")
                .put("currency", "EUR")),
        "/partnerId",
        "UUID");
    assertProblem(
        Http.post(
            "/opportunities",
            tenant.token(),
            Fixtures.deal(null, "Canonical", null, "10.00").put("partnerId", "1-1-1-1-1")),
        "/partnerId",
        null);
    assertProblem(
        Http.post(
            "/users",
            tenant.token(),
            new JsonObject()
                .put("email", "pu@" + tenant.subdomain() + ".test")
                .put("password", Tenant.PASSWORD)
                .put("role", "partner_user")
                .put("partnerId", "1-1-1-1-1")),
        "/partnerId",
        null);
    // a cursor is input too: a forged one holding a lenient id is refused like any other bad cursor
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new JsonArray()
                    .add("2026-01-01T00:00:00Z")
                    .add("1-1-1-1-1")
                    .encode()
                    .getBytes(StandardCharsets.UTF_8));
    assertProblem(
        Http.get("/opportunities?cursor=" + forged, tenant.token()), "cursor", "nextCursor");
    assertProblem(Http.get("/users?cursor=" + forged, tenant.token()), "cursor", "nextCursor");
  }

  @Test
  void datesOutsideTheSupportedRangeAreA400() {
    assertThat(Http.get("/dashboard?from=1900-01-01&to=1900-01-02", tenant.token()).status())
        .isEqualTo(200);
    assertThat(Http.get("/dashboard?from=9999-12-30&to=9999-12-31", tenant.token()).status())
        .isEqualTo(200);
    assertProblem(
        Http.get("/dashboard?from=-999999999-01-01&to=-999999999-01-02", tenant.token()),
        "to",
        "1900-01-01");
    assertProblem(
        Http.get("/dashboard?from=1899-12-31&to=1900-01-01", tenant.token()), "from", "9999-12-31");
    assertProblem(
        Http.get("/dashboard?from=9999-12-31&to=%2B10000-01-01", tenant.token()),
        "to",
        "YYYY-MM-DD");
    assertProblem(
        Http.post(
            "/opportunities",
            tenant.token(),
            Fixtures.deal(partnerId, "Ancient", null, "10.00")
                .put("expectedCloseDate", "0001-01-01")),
        "/expectedCloseDate",
        "1900-01-01");
    JsonObject deal =
        Fixtures.register(tenant.token(), Fixtures.deal(partnerId, "Patched", null, "10.00"));
    assertProblem(
        Http.send(
            "PATCH",
            "/opportunities/" + deal.getString("id"),
            tenant.token(),
            new JsonObject().put("expectedCloseDate", "1899-12-31"),
            Map.of()),
        "/expectedCloseDate",
        "1900-01-01");
    assertProblem(
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "commissions")
                .put("key", "rules")
                .put("dataType", "array")
                .put(
                    "value",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("effectiveFrom", "0001-01-01")
                                .put(
                                    "base", new JsonObject().put("kind", "flat").put("rate", 5))))),
        "/value",
        "1900-01-01");
    assertProblem(
        Http.get(
            "/commissions/statement?partnerId=" + partnerId + "&period=0000-01", tenant.token()),
        "period",
        "1900");
    assertProblem(
        Http.get(
            "/commissions/statement?partnerId=" + partnerId + "&period=1899-Q4", tenant.token()),
        "period",
        "1900");
  }

  @Test
  void unknownFilterValuesAreA400ListingTheAllowedOnes() {
    assertThat(Http.get("/partners?status=active&tier=gold&type=reseller", tenant.token()).status())
        .isEqualTo(200);
    assertThat(
            Http.get(
                    "/opportunities?registrationStatus=approved&stage=qualification",
                    tenant.token())
                .status())
        .as("known values still filter")
        .isEqualTo(200);
    assertThat(Http.get("/commissions?status=paid", tenant.token()).status()).isEqualTo(200);
    assertProblem(
        Http.get("/partners?status=zzz", tenant.token()), "status", "prospect, onboarding, active");
    assertProblem(
        Http.get("/partners?tier=goold", tenant.token()),
        "tier",
        "registered, silver, gold, platinum");
    assertProblem(Http.get("/partners?type=reseler", tenant.token()), "type", "reseller");
    assertProblem(
        Http.get("/opportunities?registrationStatus=aproved", tenant.token()),
        "registrationStatus",
        "pending, approved, rejected, expired");
    assertProblem(Http.get("/opportunities?stage=zzz", tenant.token()), "stage", "qualification");
    assertProblem(
        Http.get("/commissions?status=zzz", tenant.token()),
        "status",
        "pending, approved, paid, void");
  }

  /**
   * A 400 whose only problem is at {@code field}, its text containing {@code mentions} when given.
   */
  private static void assertProblem(Http.Response response, String field, String mentions) {
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.problems()).as(response.text()).containsOnlyKeys(field);
    if (mentions != null) {
      assertThat(response.problems().get(field)).as(response.text()).contains(mentions);
    }
  }
}
