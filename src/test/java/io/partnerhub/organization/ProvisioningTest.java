package io.partnerhub.organization;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisioningTest {

  private static Http.Response provision(JsonObject body) {
    return Http.send(
        "POST", "/organizations", null, body, Map.of("X-Platform-Key", TestApp.PLATFORM_KEY));
  }

  @Test
  void createsTheOrganizationAndAnAdminWhoCanLogIn() {
    Tenant tenant = Tenant.create();
    assertThat(
            TestDb.column(
                "SELECT role FROM users WHERE organization_id = ?", tenant.organizationId()))
        .containsExactly("admin");
    assertThat(
            TestDb.column("SELECT password_hash FROM users WHERE id = ?", tenant.adminId())
                .get(0)
                .toString())
        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
        .doesNotContain(Tenant.PASSWORD);
  }

  @Test
  void aTakenSubdomainIs409AndWritesNothing() {
    Tenant tenant = Tenant.create();
    long users = TestDb.count("SELECT count(*) FROM users");
    Http.Response again =
        provision(
            new JsonObject()
                .put("name", "Copy")
                .put("subdomain", tenant.subdomain())
                .put("adminEmail", "other@example.test")
                .put("adminPassword", "another long password"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("error")).isEqualTo("CONFLICT");
    assertThat(TestDb.count("SELECT count(*) FROM users")).isEqualTo(users);
  }

  @Test
  void theResponseNeverCarriesThePasswordOrItsHash() {
    Http.Response created =
        provision(
            new JsonObject()
                .put("name", "Safe")
                .put("subdomain", "safe-" + System.nanoTime())
                .put("adminEmail", "admin@safe.test")
                .put("adminPassword", "a very secret password"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text()).doesNotContain("a very secret password", "argon2", "passwordHash");
  }
}
