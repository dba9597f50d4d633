package io.partnerhub.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * E-mail addresses are normalized, single-script per part, and unique per tenant by how they look.
 */
class LookAlikeEmailTest {
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private Http.Response create(String email) {
    return Http.post(
        "/users",
        tenant.token(),
        new JsonObject()
            .put("email", email)
            .put("password", Tenant.PASSWORD)
            .put("role", "viewer"));
  }

  private Http.Response login(String email) {
    return Http.post(
        "/auth/login",
        null,
        new JsonObject()
            .put("email", email)
            .put("password", Tenant.PASSWORD)
            .put("subdomain", tenant.subdomain()));
  }

  @Test
  void aLookAlikeOfAnExistingAddressIsAConflict() {
    assertThat(create("a.payee@pace.test").status()).isEqualTo(201);
    // Cyrillic 'а' (U+0430) in place of the Latin 'a' of the first part
    Http.Response cyrillicA = create("\u0430.payee@pace.test");
    assertThat(cyrillicA.status()).as(cyrillicA.text()).isEqualTo(409);
    assertThat(cyrillicA.json().getString("message")).contains("looks the same");
    // a whole part spelled in Cyrillic look-alikes, and a domain label likewise
    assertThat(create("a.\u0440\u0430\u0443\u0435\u0435@pace.test").status()).isEqualTo(409);
    assertThat(create("a.payee@\u0440\u0430\u0441\u0435.test").status()).isEqualTo(409);
    assertThat(Http.get("/users", tenant.token()).json().getJsonArray("items")).hasSize(2);
  }

  @Test
  void aPartMixingScriptsIsRefused() {
    for (String mixed :
        new String[] {"p\u0430yee@corp.test", "payee@c\u043erp.test", "payee@corp.t\u0435st"}) {
      Http.Response refused = create(mixed);
      assertThat(refused.status()).as(mixed + ": " + refused.text()).isEqualTo(400);
      assertThat(refused.text()).contains("mixes scripts");
    }
    assertThat(
            create("\u0438\u0432\u0430\u043d@\u043f\u0440\u0438\u043c\u0435\u0440.test").status())
        .as("one script per part is fine, whichever script")
        .isEqualTo(201);
  }

  @Test
  void upperCaseAndFullwidthVariantsAreTheSameUser() {
    Http.Response created = create("Bob.Smith@Corp.test");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.json().getString("email")).isEqualTo("bob.smith@corp.test");
    for (String variant :
        new String[] {
          "BOB.SMITH@CORP.TEST", "\uff22\uff4f\uff42.smith@corp.test", "bob.smith\uff20corp.test"
        }) {
      Http.Response login = login(variant);
      assertThat(login.status()).as(variant + ": " + login.text()).isEqualTo(200);
      assertThat(login.json().getJsonObject("user").getString("id"))
          .isEqualTo(created.json().getString("id"));
      assertThat(create(variant).status()).as(variant).isEqualTo(409);
    }
  }

  @Test
  void provisioningNormalizesTheFirstAdminToo() {
    String subdomain = "t-" + java.util.UUID.randomUUID().toString().substring(0, 12);
    Http.Response provisioned =
        Http.send(
            "POST",
            "/organizations",
            null,
            new JsonObject()
                .put("name", "Org")
                .put("subdomain", subdomain)
                .put("adminEmail", "\uff21dmin@" + subdomain + ".test")
                .put("adminPassword", Tenant.PASSWORD),
            java.util.Map.of("X-Platform-Key", io.partnerhub.support.TestApp.PLATFORM_KEY));
    assertThat(provisioned.status()).as(provisioned.text()).isEqualTo(201);
    assertThat(provisioned.json().getJsonObject("admin").getString("email"))
        .isEqualTo("admin@" + subdomain + ".test");
    assertThat(
            Tenant.login(subdomain, "ADMIN@" + subdomain.toUpperCase() + ".TEST", Tenant.PASSWORD))
        .isNotBlank();
  }
}
