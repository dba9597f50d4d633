package io.partnerhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Start-up refuses unsafe settings instead of running with them. */
class BootTest {

  @Test
  void outsideDevModeAJwtKeyIsRequired() {
    Throwable failure =
        catchThrowable(() -> TestApp.start(TestApp.settings().with(Setting.JWT_SECRET, null)));
    assertThat(failure).hasMessageContaining("PARTNERHUB_JWT_SECRET is required");
  }

  @Test
  void aShortJwtKeyIsRefused() {
    Throwable failure =
        catchThrowable(() -> TestApp.start(TestApp.settings().with(Setting.JWT_SECRET, "short")));
    assertThat(failure).hasMessageContaining("at least 32 characters");
  }

  @Test
  void anAppRoleThatBypassesRowLevelSecurityIsRefused() {
    // the owner URL is a superuser: connecting the app as it would void tenant isolation
    Settings superuser =
        TestApp.settings()
            .with(Setting.DB_URL, TestServers.ownerUrl().toUrl())
            .with(Setting.DB_ADMIN_URL, null);
    Throwable failure = catchThrowable(() -> TestApp.start(superuser));
    assertThat(failure).hasMessageContaining("superuser or has BYPASSRLS");
  }

  @Test
  void malformedNumbersInSettingsAreRefused() {
    Throwable failure =
        catchThrowable(
            () -> Settings.from(new JsonObject().put(Setting.HTTP_PORT.key(), "eighty")));
    assertThat(failure).hasMessageContaining("PARTNERHUB_HTTP_PORT");
  }
}
