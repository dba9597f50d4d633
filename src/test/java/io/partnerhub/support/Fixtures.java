package io.partnerhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Builds tenant data through the real API: partners, users of a role, registered deals. */
public final class Fixtures {
  private Fixtures() {}

  public static UUID partner(Tenant tenant, String name) {
    Http.Response created =
        Http.post(
            "/partners",
            tenant.token(),
            new JsonObject()
                .put("name", name)
                .put("type", "reseller")
                .put("tier", "gold")
                .put("status", "active"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return UUID.fromString(created.json().getString("id"));
  }

  /** A user of a tenant, logged in. */
  public record Member(UUID id, String email, String token) {}

  /** Creates a user with the role (bound to {@code partnerId} when given) and logs it in. */
  public static Member member(Tenant tenant, String role, UUID partnerId) {
    String email =
        role.replace('_', '-')
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "@"
            + tenant.subdomain()
            + ".test";
    JsonObject body =
        new JsonObject().put("email", email).put("password", Tenant.PASSWORD).put("role", role);
    if (partnerId != null) {
      body.put("partnerId", partnerId.toString());
    }
    Http.Response created = Http.post("/users", tenant.token(), body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return new Member(
        UUID.fromString(created.json().getString("id")),
        email,
        Tenant.login(tenant.subdomain(), email, Tenant.PASSWORD));
  }

  /** Creates a user with the role (bound to {@code partnerId} when given) and returns its token. */
  public static String userToken(Tenant tenant, String role, UUID partnerId) {
    return member(tenant, role, partnerId).token();
  }

  public static JsonObject deal(
      UUID partnerId, String customerName, String customerDomain, String amount) {
    JsonObject deal =
        new JsonObject()
            .put("name", "Deal with " + customerName)
            .put("customerName", customerName)
            .put("amount", amount)
            .put("currency", "EUR")
            .put("expectedCloseDate", "2027-03-31")
            .put("products", new JsonArray().add("platform"));
    if (partnerId != null) {
      deal.put("partnerId", partnerId.toString());
    }
    if (customerDomain != null) {
      deal.put("customerDomain", customerDomain);
    }
    return deal;
  }

  /** Registers a deal and returns the created opportunity. */
  public static JsonObject register(String token, JsonObject deal) {
    Http.Response created = Http.post("/opportunities", token, deal);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  /** Registers, approves and wins a deal; returns the opportunity as it is after the win. */
  public static JsonObject wonDeal(Tenant tenant, UUID partner, String customer, String amount) {
    JsonObject deal = register(tenant.token(), deal(partner, customer, customer + ".test", amount));
    JsonObject approved =
        Http.post("/opportunities/" + deal.getString("id") + "/approve", tenant.token(), null)
            .json();
    Http.Response won =
        Http.send(
            "PATCH",
            "/opportunities/" + deal.getString("id"),
            tenant.token(),
            new JsonObject().put("stage", "closed_won"),
            java.util.Map.of("If-Match", "\"" + approved.getInteger("version") + "\""));
    assertThat(won.status()).as(won.text()).isEqualTo(200);
    return won.json();
  }
}
