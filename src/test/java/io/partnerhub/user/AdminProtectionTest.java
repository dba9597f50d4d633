package io.partnerhub.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.support.Changed;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Only an admin changes an admin, and no tenant ever loses its last active admin, even under races.
 */
class AdminProtectionTest {
  private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stopClients() {
    CLIENTS.shutdownNow();
  }

  private static void defineRole(Tenant tenant, String role, String... permissions) {
    Http.Response defined =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "roles")
                .put("key", role)
                .put("dataType", "array")
                .put("value", new JsonArray(List.of(permissions))));
    assertThat(defined.status()).as(defined.text()).isEqualTo(201);
  }

  private static JsonObject user(Tenant tenant, UUID id) {
    return Http.get("/users/" + id, tenant.token()).json();
  }

  @Test
  void aNonAdminCannotDeactivateDemoteOrChangeAnAdmin() {
    Tenant tenant = Tenant.create();
    defineRole(tenant, "hr", "users:read", "users:write");
    // even a custom role holding every permission there is is not the admin role
    defineRole(tenant, "deputy", Roles.ALL_PERMISSIONS.toArray(String[]::new));
    String adminPath = "/users/" + tenant.adminId();
    for (String token :
        List.of(
            Fixtures.userToken(tenant, "hr", null), Fixtures.userToken(tenant, "deputy", null))) {
      Http.Response deactivated = Http.delete(adminPath, token);
      assertThat(deactivated.status()).as(deactivated.text()).isEqualTo(403);
      assertThat(deactivated.json().getString("message")).contains("Only an admin");
      assertThat(
              Http.send("PATCH", adminPath, token, new JsonObject().put("role", "viewer"), Map.of())
                  .status())
          .isEqualTo(403);
      assertThat(
              Http.send(
                      "PATCH",
                      adminPath,
                      token,
                      new JsonObject().put("status", "inactive"),
                      Map.of())
                  .status())
          .isEqualTo(403);
    }
    JsonObject admin = user(tenant, tenant.adminId());
    assertThat(admin.getString("role")).isEqualTo("admin");
    assertThat(admin.getString("status")).isEqualTo("active");
    assertThat(Http.get("/auth/me", tenant.token()).status())
        .as("the admin keeps its session")
        .isEqualTo(200);
  }

  @Test
  void theLastActiveAdminIsNeverDeactivatedOrDemotedEvenByAnAdmin() {
    Tenant tenant = Tenant.create();
    // an admin that is no user of the tenant (how the command line acts): nothing stops it but the
    // rule
    TenantContext operator =
        TestApp.signed(
            new TenantContext(
                tenant.organizationId(),
                new UUID(0, 0),
                Roles.ADMIN,
                Roles.permissionsOf(Roles.ADMIN),
                null));
    List<Supplier<Future<UserApi.User>>> removals =
        List.of(
            () ->
                bus(
                    UserApi.UPDATE,
                    new UserApi.UpdateUser(
                        operator,
                        tenant.adminId(),
                        Changed.from(
                            UserApi.UserChanges.class, new JsonObject().put("role", "viewer")),
                        null)),
            () ->
                bus(
                    UserApi.UPDATE,
                    new UserApi.UpdateUser(
                        operator,
                        tenant.adminId(),
                        Changed.from(
                            UserApi.UserChanges.class, new JsonObject().put("status", "inactive")),
                        null)),
            () -> bus(UserApi.DEACTIVATE, new UserApi.DeactivateUser(operator, tenant.adminId())));
    for (Supplier<Future<UserApi.User>> removal : removals) {
      ServiceException refused =
          catchThrowableOfType(ServiceException.class, () -> removal.get().await());
      assertThat(refused.code()).isEqualTo(FailureCode.CONFLICT);
      assertThat(refused.getMessage()).contains("last active admin");
    }
    JsonObject admin = user(tenant, tenant.adminId());
    assertThat(admin.getString("role")).isEqualTo("admin");
    assertThat(admin.getString("status")).isEqualTo("active");
  }

  private static <Q> Future<UserApi.User> bus(Endpoint<Q, UserApi.User> endpoint, Q request) {
    return ServiceBus.request(
        TestApp.get().vertx(), endpoint, request, new DeliveryOptions().setSendTimeout(10_000));
  }

  /** Two admins demoting (or deactivating) each other at the same instant, several times over. */
  @Test
  void twoAdminsRemovingEachOtherAtOnceLeaveExactlyOneActiveAdmin() throws Exception {
    for (int round = 0; round < 6; round++) {
      Tenant tenant = Tenant.create();
      String email = "second-admin@" + tenant.subdomain() + ".test";
      Http.Response created =
          Http.post(
              "/users",
              tenant.token(),
              new JsonObject()
                  .put("email", email)
                  .put("password", Tenant.PASSWORD)
                  .put("role", "admin"));
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      UUID second = UUID.fromString(created.json().getString("id"));
      String secondToken = Tenant.login(tenant.subdomain(), email, Tenant.PASSWORD);
      boolean demote = round % 2 == 0;

      CyclicBarrier start = new CyclicBarrier(2);
      List<CompletableFuture<Http.Response>> both =
          List.of(
              CompletableFuture.supplyAsync(
                  atOnce(start, () -> remove(tenant.token(), second, demote)), CLIENTS),
              CompletableFuture.supplyAsync(
                  atOnce(start, () -> remove(secondToken, tenant.adminId(), demote)), CLIENTS));
      List<Integer> statuses =
          both.stream().map(CompletableFuture::join).map(Http.Response::status).sorted().toList();

      assertThat(statuses)
          .as(
              "round %d: %s",
              round, both.stream().map(CompletableFuture::join).map(Http.Response::text).toList())
          .hasSize(2)
          .first()
          .isEqualTo(200);
      // the loser is refused as the last admin, or finds its session already ended by the winner's
      // change
      assertThat(statuses.get(1)).isIn(401, 409);
      long activeAdmins =
          Http.get("/users", adminTokenOf(tenant, email, second))
              .json()
              .getJsonArray("items")
              .stream()
              .map(JsonObject.class::cast)
              .filter(
                  user ->
                      "admin".equals(user.getString("role"))
                          && "active".equals(user.getString("status")))
              .count();
      assertThat(activeAdmins).as("round %d", round).isEqualTo(1);
    }
  }

  private static Http.Response remove(String token, UUID user, boolean demote) {
    return demote
        ? Http.send(
            "PATCH", "/users/" + user, token, new JsonObject().put("role", "viewer"), Map.of())
        : Http.delete("/users/" + user, token);
  }

  private static <T> Supplier<T> atOnce(CyclicBarrier start, Supplier<T> request) {
    return () -> {
      try {
        start.await();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return request.get();
    };
  }

  /** A fresh token of whichever of the two admins is still one. */
  private static String adminTokenOf(Tenant tenant, String secondEmail, UUID second) {
    Http.Response first =
        Http.post(
            "/auth/login",
            null,
            new JsonObject()
                .put("email", tenant.adminEmail())
                .put("password", Tenant.PASSWORD)
                .put("subdomain", tenant.subdomain()));
    if (first.status() == 200
        && "admin".equals(first.json().getJsonObject("user").getString("role"))) {
      return first.json().getString("token");
    }
    return Tenant.login(tenant.subdomain(), secondEmail, Tenant.PASSWORD);
  }
}
