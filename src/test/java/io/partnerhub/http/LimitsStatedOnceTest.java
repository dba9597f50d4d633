package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.user.Roles;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bound lives in openapi.yaml only, and every field problem of a request comes in one 400: the
 * rules the spec has no keyword for are its named formats (email-address, currency, amount,
 * date...), checked in the same pass. A caller of the public event bus meets the same bounds, with
 * the same answer.
 */
class LimitsStatedOnceTest {
  private static Tenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = Tenant.create();
  }

  @Test
  void everyFieldProblemOfAUserComesInOneAnswer() {
    Http.Response response =
        Http.post(
            "/users",
            tenant.token(),
            new JsonObject()
                .put("email", "bad")
                .put("password", "short")
                .put("role", "Not A Role"));
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.problems())
        .as(response.text())
        .containsOnlyKeys("/email", "/password", "/role");
    assertThat(response.problems().get("/email"))
        .isEqualTo("a valid e-mail address of at most 254 characters");
    assertThat(response.problems().get("/password")).isEqualTo("at least 12 characters");
    assertThat(response.problems().get("/role")).contains("pattern");

    Http.Response mixed =
        Http.post(
            "/users",
            tenant.token(),
            new JsonObject()
                .put("email", "p\u0430yee@corp.test")
                .put("password", "short")
                .put("role", "viewer"));
    assertThat(mixed.problems()).as(mixed.text()).containsOnlyKeys("/email", "/password");
    assertThat(mixed.problems().get("/email")).contains("mixes scripts");
  }

  @Test
  void everyFieldProblemOfADealComesInOneAnswer() {
    UUID partner = Fixtures.partner(tenant, "Formats");
    Http.Response response =
        Http.post(
            "/opportunities",
            tenant.token(),
            Fixtures.deal(partner, "Formats", null, "1")
                .put("name", "   ")
                .put("amount", -5)
                .put("currency", "XYZ")
                .put("expectedCloseDate", "1899-12-31")
                .put("customerDomain", "Not A Domain"));
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.problems())
        .as(response.text())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "/name", "not blank",
                "/amount",
                    "a non-negative decimal up to 9999999999999999.99 with at most 2 decimal places",
                "/currency", "an ISO 4217 code such as EUR",
                "/expectedCloseDate", "a date as YYYY-MM-DD from 1900-01-01 to 9999-12-31",
                "/customerDomain",
                    "must match the pattern ^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$"));
  }

  @Test
  void aBusCallerGetsTheSame400AsAnHttpClient() throws Exception {
    String longName = "n".repeat(201);
    Http.Response http =
        Http.post(
            "/partners",
            tenant.token(),
            new JsonObject().put("name", longName).put("type", "reseller").put("tier", "gold"));
    ServiceException bus =
        fromBus(
            PartnerApi.CREATE,
            new PartnerApi.CreatePartner(
                admin(), longName, "reseller", "gold", null, null, null, null, null));
    assertSameAnswer(http, bus);
    assertThat(bus.details().getJsonArray("problems")).hasSize(1);

    // (an unknown status cannot be put in the typed record; from another node it fails to decode:
    // RecordCodecTest)
    assertSameAnswer(
        Http.get("/partners?limit=500", tenant.token()),
        fromBus(
            PartnerApi.LIST,
            new PartnerApi.ListPartners(admin(), null, null, null, null, null, 500, null)));
  }

  private static TenantContext admin() {
    return TestApp.signed(
        new TenantContext(
            tenant.organizationId(),
            tenant.adminId(),
            Roles.ADMIN,
            Roles.permissionsOf(Roles.ADMIN),
            null));
  }

  /** The failure a bus caller gets for {@code request}. */
  private static <Q> ServiceException fromBus(Endpoint<Q, ?> endpoint, Q request) throws Exception {
    try {
      ServiceBus.request(
              TestApp.get().vertx(), endpoint, request, new DeliveryOptions().setSendTimeout(5_000))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (ServiceException) e.getCause();
    }
    throw new AssertionError("the bus accepted " + request);
  }

  private static void assertSameAnswer(Http.Response http, ServiceException bus) {
    assertThat(http.status()).as(http.text()).isEqualTo(400);
    assertThat(bus.code()).isEqualTo(FailureCode.VALIDATION);
    assertThat(bus.getMessage()).isEqualTo(http.json().getString("message"));
    assertThat(bus.details()).isEqualTo(http.json().getJsonObject("details"));
  }
}
