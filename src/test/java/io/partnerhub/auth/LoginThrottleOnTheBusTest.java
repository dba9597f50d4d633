package io.partnerhub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.eventbus.DeliveryOptions;
import org.junit.jupiter.api.Test;

/** Per-IP throttling, driven on the event bus so the client IP can be one no other test uses. */
class LoginThrottleOnTheBusTest {

  private static AuthApi.LoginResult login(
      String email, String password, String subdomain, String ip) {
    return ServiceBus.request(
            TestApp.get().vertx(),
            AuthApi.LOGIN,
            new AuthApi.LoginRequest(email, password, subdomain, ip),
            new DeliveryOptions().setSendTimeout(10_000))
        .await();
  }

  @Test
  void manyAccountsFailingFromOneIpThrottleThatIpOnly() {
    Tenant tenant = Tenant.create();
    String ip = "198.51.100." + (int) (Math.random() * 250);
    int limit =
        TestApp.settings().integer(io.partnerhub.settings.Setting.LOGIN_MAX_FAILURES_PER_IP);
    for (int i = 0; i < limit; i++) {
      String email = "stuffed" + i + "@example.test";
      ServiceException failed =
          catchThrowableOfType(
              ServiceException.class,
              () -> login(email, "guessed password", tenant.subdomain(), ip));
      assertThat(failed.code()).isEqualTo(FailureCode.UNAUTHENTICATED);
    }
    ServiceException throttled =
        catchThrowableOfType(
            ServiceException.class,
            () -> login(tenant.adminEmail(), tenant.adminPassword(), tenant.subdomain(), ip));
    assertThat(throttled.code()).isEqualTo(FailureCode.RATE_LIMITED);
    assertThat(throttled.details().getLong("retryAfterSeconds")).isPositive();

    assertThat(
            login(tenant.adminEmail(), tenant.adminPassword(), tenant.subdomain(), "198.51.100.251")
                .token())
        .isNotBlank();
  }
}
