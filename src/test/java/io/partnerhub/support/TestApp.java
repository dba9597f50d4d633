package io.partnerhub.support;

import io.partnerhub.PartnerHub;
import io.partnerhub.bus.ContextIssuer;
import io.partnerhub.bus.ContextKeys;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.json.JsonObject;

/**
 * The PartnerHub under test: one instance for the whole run, on the shared servers, on a free port.
 */
public final class TestApp {
  public static final String JWT_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
  public static final String PLATFORM_KEY = "test-platform-key";
  public static final String APP_ROLE_PASSWORD = "app-role-test-password";

  /** Where the links in the test run's mail point. */
  public static final String PUBLIC_URL = "https://console.partnerhub.test";

  /**
   * The TenantContext keys of every app of the test run: nodes of one test cluster trust each
   * other.
   */
  public static final ContextKeys CONTEXT_KEYS = ContextKeys.generate();

  private static final ContextIssuer ISSUER = CONTEXT_KEYS.issuer();

  private static PartnerHub app;
  private static PartnerHub instead;

  private TestApp() {}

  /**
   * The app the support classes (Http, Tenant, EventRecorder) talk to: the shared one, unless
   * {@link #use} says.
   */
  public static synchronized PartnerHub get() {
    if (instead != null) {
      return instead;
    }
    if (app == null) {
      app = start(settings());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close().await()));
    }
    return app;
  }

  /**
   * Until {@link #restore()}, the support classes talk to {@code other} (an app with other
   * settings, on the same servers): how a test class reruns its specification against another
   * deployment. Tests run one at a time.
   */
  public static synchronized void use(PartnerHub other) {
    instead = other;
  }

  public static synchronized void restore() {
    instead = null;
  }

  /**
   * Settings for an app on the shared servers; tests may start extra apps with changed settings.
   */
  public static Settings settings() {
    return Settings.from(
        new JsonObject()
            .put(Setting.HTTP_PORT.key(), 0)
            .put(Setting.HTTP_HOST.key(), "127.0.0.1")
            .put(Setting.HTTP_INSTANCES.key(), 2)
            .put(Setting.DB_ADMIN_URL.key(), TestServers.ownerUrl().toUrl())
            .put(
                Setting.DB_URL.key(),
                TestServers.ownerUrl().withCredentials("partnerhub_app", APP_ROLE_PASSWORD).toUrl())
            .put(Setting.REDIS_URL.key(), TestServers.redisUrl())
            .put(Setting.SMTP_URL.key(), TestServers.smtp().url())
            .put(Setting.PUBLIC_URL.key(), PUBLIC_URL)
            .put(Setting.JWT_SECRET.key(), JWT_SECRET)
            .put(Setting.CONTEXT_SIGNING_KEY.key(), ContextKeys.pem(CONTEXT_KEYS.signing()))
            .put(Setting.CONTEXT_VERIFY_KEY.key(), ContextKeys.pem(CONTEXT_KEYS.verifying()))
            .put(Setting.PLATFORM_KEY.key(), PLATFORM_KEY)
            .put(Setting.LOGIN_MAX_FAILURES_PER_IP.key(), 40)
            .put(Setting.BUS_TIMEOUT_MS.key(), 5000)
            // the webhook tests' own apps send; the shared app would race them for the same rows
            .put(Setting.WEBHOOKS_DISPATCH.key(), false));
  }

  /**
   * {@code context} signed as an HTTP node would sign it: what a test sending on the bus as an
   * authenticated caller needs.
   */
  public static TenantContext signed(TenantContext context) {
    return ISSUER.issue(context);
  }

  public static PartnerHub start(Settings config) {
    return PartnerHub.start(config).await();
  }

  public static String baseUrl() {
    return "http://127.0.0.1:" + get().httpPort() + "/api/v1";
  }
}
