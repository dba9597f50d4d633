package io.partnerhub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Http;
import io.partnerhub.support.RawHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.user.Roles;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login throttling over real HTTP, on an app of its own with small limits (a long window, so a slow
 * machine cannot let it lapse mid-test; the one test about the window's end starts an app with a
 * short one). Each login comes from a loopback address of its own (127.x.y.z), so the client IP is
 * real, per test, and never the 127.0.0.1 whose budget the shared app's other tests spend.
 */
class BruteForceTest {
  private static final int PER_ACCOUNT = 3;
  private static final int PER_IP = 5;
  private static final int WINDOW_SECONDS = 60;
  // long enough for four password checks on a loaded machine (3 s lapsed mid-test once), short
  // enough to wait out
  private static final int SHORT_WINDOW_SECONDS = 10;
  private static PartnerHub app;

  @BeforeAll
  static void appWithSmallLimits() {
    app = appWithWindow(WINDOW_SECONDS);
  }

  private static PartnerHub appWithWindow(int windowSeconds) {
    return TestApp.start(
        TestApp.settings()
            .with(Setting.HTTP_INSTANCES, 1)
            .with(Setting.LOGIN_MAX_FAILURES_PER_ACCOUNT, PER_ACCOUNT)
            .with(Setting.LOGIN_MAX_FAILURES_PER_IP, PER_IP)
            .with(Setting.LOGIN_WINDOW_SECONDS, windowSeconds));
  }

  @AfterAll
  static void close() {
    app.close().await();
  }

  private static RawHttp.Response login(
      InetAddress fromIp,
      String subdomain,
      String email,
      String password,
      Map<String, String> headers) {
    return login(app, fromIp, subdomain, email, password, headers);
  }

  private static RawHttp.Response login(
      PartnerHub to,
      InetAddress fromIp,
      String subdomain,
      String email,
      String password,
      Map<String, String> headers) {
    Map<String, String> json = new java.util.HashMap<>(headers);
    json.put("Content-Type", "application/json");
    return new RawHttp(to.httpPort(), fromIp)
        .send(
            "POST",
            "/api/v1/auth/login",
            json,
            new JsonObject()
                .put("email", email)
                .put("password", password)
                .put("subdomain", subdomain)
                .encode()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static RawHttp.Response login(InetAddress fromIp, Tenant tenant, String password) {
    return login(fromIp, tenant.subdomain(), tenant.adminEmail(), password, Map.of());
  }

  private static void assertUnauthenticated(RawHttp.Response response) {
    assertThat(response.status()).as(response.text()).isEqualTo(401);
    assertThat(response.json().getString("error")).isEqualTo("UNAUTHENTICATED");
  }

  private static int assertRateLimited(RawHttp.Response response) {
    return assertRateLimited(response, WINDOW_SECONDS);
  }

  /** 429 in the error shape, Retry-After in whole seconds within the window, and no token. */
  private static int assertRateLimited(RawHttp.Response response, int windowSeconds) {
    assertThat(response.status()).as(response.text()).isEqualTo(429);
    JsonObject body = response.json();
    assertThat(body.fieldNames())
        .containsExactlyInAnyOrder("error", "message", "details", "requestId");
    assertThat(body.getString("error")).isEqualTo("RATE_LIMITED");
    int retryAfter = Integer.parseInt(response.header("Retry-After"));
    assertThat(retryAfter).isBetween(1, windowSeconds);
    assertThat(body.getJsonObject("details").getInteger("retryAfterSeconds")).isEqualTo(retryAfter);
    return retryAfter;
  }

  /**
   * What a client behind no proxy may claim about itself; none of it may choose the throttling
   * bucket.
   */
  private static Map<String, String> spoofedForwardingHeaders() {
    String claimed = RawHttp.randomLoopbackAddress().getHostAddress();
    return Map.of("X-Forwarded-For", claimed, "X-Real-IP", claimed, "Forwarded", "for=" + claimed);
  }

  @Test
  void credentialStuffingAcrossAccountsFromOneIpIsThrottledWhateverForwardingHeadersClaim() {
    Tenant tenant = Tenant.create();
    InetAddress attacker = RawHttp.randomLoopbackAddress();
    for (int i = 0; i < PER_IP; i++) {
      assertUnauthenticated(
          login(
              attacker,
              tenant.subdomain(),
              "stuffed" + i + "@example.test",
              "guessed password",
              spoofedForwardingHeaders()));
    }
    // even the right password of an untouched account, and with yet another claimed address
    assertRateLimited(
        login(
            attacker,
            tenant.subdomain(),
            tenant.adminEmail(),
            tenant.adminPassword(),
            spoofedForwardingHeaders()));
    assertThat(login(RawHttp.randomLoopbackAddress(), tenant, tenant.adminPassword()).status())
        .isEqualTo(200);
  }

  @Test
  void oneAccountGuessedFromManyIpsIsThrottledWhateverTheCaseOfItsEmail() {
    Tenant tenant = Tenant.create();
    String colleague = "colleague@" + tenant.subdomain() + ".test";
    assertThat(
            Http.post(
                    "/users",
                    tenant.token(),
                    new JsonObject()
                        .put("email", colleague)
                        .put("password", Tenant.PASSWORD)
                        .put("role", Roles.VIEWER))
                .status())
        .isEqualTo(201);
    List<String> emails =
        List.of(
            tenant.adminEmail(),
            tenant.adminEmail().toUpperCase(),
            Character.toUpperCase(tenant.adminEmail().charAt(0))
                + tenant.adminEmail().substring(1));
    for (int i = 0; i < PER_ACCOUNT; i++) {
      assertUnauthenticated(
          login(
              RawHttp.randomLoopbackAddress(),
              tenant.subdomain(),
              emails.get(i % emails.size()),
              "guess " + i,
              Map.of()));
    }
    assertRateLimited(login(RawHttp.randomLoopbackAddress(), tenant, tenant.adminPassword()));
    // only that account: a colleague in the same tenant still logs in
    assertThat(
            login(
                    RawHttp.randomLoopbackAddress(),
                    tenant.subdomain(),
                    colleague,
                    Tenant.PASSWORD,
                    Map.of())
                .status())
        .isEqualTo(200);
  }

  @Test
  void successfulLoginsDoNotSpendTheirIpsBudget() {
    // every attempt takes a slot before its password is checked; a success must give it back
    Tenant tenant = Tenant.create();
    InetAddress office = RawHttp.randomLoopbackAddress();
    for (int i = 0; i <= PER_IP; i++) {
      assertThat(login(office, tenant, tenant.adminPassword()).status()).isEqualTo(200);
    }
    assertUnauthenticated(login(office, tenant, "one typo"));
  }

  @Test
  void parallelGuessesGetNoMoreTriesThanTheLimit() {
    Tenant tenant = Tenant.create();
    int attempts = 4 * PER_ACCOUNT;
    ExecutorService clients = Executors.newFixedThreadPool(attempts);
    List<Integer> statuses;
    try {
      statuses =
          IntStream.range(0, attempts)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> login(RawHttp.randomLoopbackAddress(), tenant, "guess " + i),
                          clients))
              .toList()
              .stream()
              .map(CompletableFuture::join)
              .map(RawHttp.Response::status)
              .toList();
    } finally {
      clients.shutdown();
    }
    assertThat(statuses).containsOnly(401, 429);
    assertThat(statuses.stream().filter(status -> status == 401).count())
        .as(statuses.toString())
        .isLessThanOrEqualTo(PER_ACCOUNT);
  }

  @Test
  void aThrottledAccountsOwnerLogsInWithTheRightPasswordOnceTheWindowEnds()
      throws InterruptedException {
    Tenant tenant = Tenant.create();
    PartnerHub shortWindow = appWithWindow(SHORT_WINDOW_SECONDS);
    try {
      InetAddress owner = RawHttp.randomLoopbackAddress();
      for (int i = 0; i < PER_ACCOUNT; i++) {
        assertUnauthenticated(
            login(
                shortWindow,
                RawHttp.randomLoopbackAddress(),
                tenant.subdomain(),
                tenant.adminEmail(),
                "guess " + i,
                Map.of()));
      }
      int retryAfter =
          assertRateLimited(
              login(
                  shortWindow,
                  owner,
                  tenant.subdomain(),
                  tenant.adminEmail(),
                  tenant.adminPassword(),
                  Map.of()),
              SHORT_WINDOW_SECONDS);

      Thread.sleep(retryAfter * 1000L);
      // Redis rounds the remaining TTL, so the window may end up to a second after Retry-After said
      long deadline = System.nanoTime() + 1_500_000_000L;
      RawHttp.Response afterWindow;
      do {
        afterWindow =
            login(
                shortWindow,
                owner,
                tenant.subdomain(),
                tenant.adminEmail(),
                tenant.adminPassword(),
                Map.of());
      } while (afterWindow.status() == 429 && System.nanoTime() < deadline && sleep(200));
      assertThat(afterWindow.status()).as(afterWindow.text()).isEqualTo(200);
      assertThat(Http.get("/auth/me", afterWindow.json().getString("token")).status())
          .isEqualTo(200);
    } finally {
      shortWindow.close().await();
    }
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }
}
