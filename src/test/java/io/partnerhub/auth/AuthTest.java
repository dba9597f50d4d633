package io.partnerhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
  private Tenant tenant;

  @BeforeEach
  void freshTenant() {
    tenant = Tenant.create();
  }

  private static Http.Response login(String subdomain, String email, String password) {
    return Http.post(
        "/auth/login",
        null,
        new JsonObject().put("email", email).put("password", password).put("subdomain", subdomain));
  }

  @Test
  void loginGivesATokenWhoseSessionNamesTheUser() {
    Http.Response login = login(tenant.subdomain(), tenant.adminEmail(), tenant.adminPassword());
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().getString("token")).isNotBlank();
    assertThat(Instant.parse(login.json().getString("expiresAt")))
        .isAfter(Instant.now().plusSeconds(3000));
    assertThat(login.json().getJsonObject("user").getString("role")).isEqualTo("admin");
    assertThat(login.json().getJsonObject("user").containsKey("passwordHash")).isFalse();

    JsonObject me = Http.get("/auth/me", login.json().getString("token")).json();
    assertThat(me.getJsonObject("user").getString("id")).isEqualTo(tenant.adminId().toString());
    assertThat(me.getJsonObject("user").getString("organizationId"))
        .isEqualTo(tenant.organizationId().toString());
    assertThat(me.getJsonArray("permissions").getList()).contains("configurations:write");
  }

  @Test
  void emailIsMatchedWithoutRegardToCase() {
    assertThat(
            login(tenant.subdomain(), tenant.adminEmail().toUpperCase(), tenant.adminPassword())
                .status())
        .isEqualTo(200);
  }

  @Test
  void wrongPasswordUnknownEmailAndUnknownOrganizationLookTheSame() {
    Http.Response wrongPassword =
        login(tenant.subdomain(), tenant.adminEmail(), "not the password at all");
    Http.Response unknownEmail =
        login(tenant.subdomain(), "nobody@example.test", tenant.adminPassword());
    Http.Response unknownOrg =
        login(
            "no-such-org-" + UUID.randomUUID().toString().substring(0, 8),
            tenant.adminEmail(),
            tenant.adminPassword());
    for (Http.Response response : new Http.Response[] {wrongPassword, unknownEmail, unknownOrg}) {
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.json().getString("error")).isEqualTo("UNAUTHENTICATED");
      assertThat(response.json().getString("message"))
          .isEqualTo(wrongPassword.json().getString("message"));
    }
  }
}
