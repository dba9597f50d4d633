package io.partnerhub.commission;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Await;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET /commissions/{id} sees what the list sees; approve and pay answer with the new version as an
 * ETag.
 */
class CommissionReadTest {

  private static JsonObject commissionOfAWonDeal(Tenant tenant, UUID partner) {
    JsonObject deal =
        Fixtures.register(tenant.token(), Fixtures.deal(partner, "read", "read.test", "1000.00"));
    Http.post("/opportunities/" + deal.getString("id") + "/approve", tenant.token(), null);
    Http.Response won =
        Http.send(
            "PATCH",
            "/opportunities/" + deal.getString("id"),
            tenant.token(),
            new JsonObject().put("stage", "closed_won"),
            Map.of());
    assertThat(won.status()).as(won.text()).isEqualTo(200);
    JsonArray items =
        Await.until(
            () -> Http.get("/commissions", tenant.token()).json().getJsonArray("items"),
            listed -> !listed.isEmpty(),
            Await.JOB);
    assertThat(items).hasSize(1);
    return items.getJsonObject(0);
  }

  @Test
  void aCommissionIsReadByIdWithinTheCallersTenantAndPartner() {
    Tenant tenant = Tenant.create();
    UUID partner = Fixtures.partner(tenant, "Seller");
    JsonObject listed = commissionOfAWonDeal(tenant, partner);
    String path = "/commissions/" + listed.getString("id");

    Http.Response read = Http.get(path, tenant.token());
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(listed);
    assertThat(read.header("ETag")).isEqualTo("\"" + listed.getInteger("version") + "\"");

    assertThat(Http.get(path, Fixtures.userToken(tenant, "viewer", null)).status()).isEqualTo(200);
    assertThat(Http.get(path, Fixtures.userToken(tenant, "partner_user", partner)).status())
        .isEqualTo(200);
    UUID otherPartner = Fixtures.partner(tenant, "Other seller");
    assertThat(Http.get(path, Fixtures.userToken(tenant, "partner_user", otherPartner)).status())
        .isEqualTo(404);
    assertThat(Http.get(path, Tenant.create().token()).status()).isEqualTo(404);
    assertThat(Http.get("/commissions/" + UUID.randomUUID(), tenant.token()).status())
        .isEqualTo(404);
    assertThat(Http.get("/commissions/not-a-uuid", tenant.token()).status()).isEqualTo(400);
  }

  @Test
  void approveAndPayAnswerWithAnETag() {
    Tenant tenant = Tenant.create();
    JsonObject commission = commissionOfAWonDeal(tenant, Fixtures.partner(tenant, "Seller"));
    String path = "/commissions/" + commission.getString("id");

    Http.Response approved = Http.post(path + "/approve", tenant.token(), null);
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.header("ETag"))
        .isEqualTo("\"" + approved.json().getInteger("version") + "\"");
    Http.Response paid = Http.post(path + "/pay", tenant.token(), null);
    assertThat(paid.status()).isEqualTo(200);
    assertThat(paid.header("ETag"))
        .isEqualTo("\"" + paid.json().getInteger("version") + "\"")
        .isEqualTo(Http.get(path, tenant.token()).header("ETag"));
  }
}
