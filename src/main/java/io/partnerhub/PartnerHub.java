package io.partnerhub;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnerhub.apikey.ApiKeyVerticle;
import io.partnerhub.auth.AuthVerticle;
import io.partnerhub.auth.SecurityConfiguration;
import io.partnerhub.bridge.BridgeVerticle;
import io.partnerhub.bus.ContextKeys;
import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.cache.EmbeddedRedisServer;
import io.partnerhub.commission.CommissionConfiguration;
import io.partnerhub.commission.CommissionVerticle;
import io.partnerhub.configuration.ConfigurationVerticle;
import io.partnerhub.configuration.ReservedCategory;
import io.partnerhub.consumer.Contract;
import io.partnerhub.dashboard.DashboardVerticle;
import io.partnerhub.db.DbUrl;
import io.partnerhub.db.EmbeddedPostgresServer;
import io.partnerhub.db.Migrations;
import io.partnerhub.health.HealthVerticle;
import io.partnerhub.http.HttpVerticle;
import io.partnerhub.invitation.InvitationVerticle;
import io.partnerhub.kernel.RandomSecrets;
import io.partnerhub.mail.EmbeddedSmtpServer;
import io.partnerhub.mail.MailTemplates;
import io.partnerhub.mail.MailVerticle;
import io.partnerhub.notification.NotificationVerticle;
import io.partnerhub.opportunity.OpportunityConfiguration;
import io.partnerhub.opportunity.OpportunityVerticle;
import io.partnerhub.organization.OrganizationVerticle;
import io.partnerhub.outbox.OutboxVerticle;
import io.partnerhub.partner.PartnerConfiguration;
import io.partnerhub.partner.PartnerVerticle;
import io.partnerhub.recruitment.RecruitmentConfiguration;
import io.partnerhub.recruitment.RecruitmentVerticle;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.stream.StreamEndpoint;
import io.partnerhub.user.UserVerticle;
import io.partnerhub.webhook.WebhookVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boot: settings, embedded PostgreSQL/Redis when none is configured, migrations, Vert.x (clustered
 * or not), codecs, then the service verticles and the HTTP verticle. {@link #close()} undoes it
 * all.
 */
public final class PartnerHub {
  private static final Logger LOG = LoggerFactory.getLogger(PartnerHub.class);
  static final String APP_ROLE = "partnerhub_app";

  /**
   * Every streamed operation (CSV upload or download) of the event-bus API; its codecs are
   * registered the same way.
   */
  public static final List<StreamEndpoint<?, ?>> STREAM_ENDPOINTS = List.of();

  /**
   * The configuration categories the features read: the configuration service validates them and
   * knows their built-ins.
   */
  static final List<ReservedCategory> RESERVED_CONFIGURATION =
      List.of(
          PartnerConfiguration.CATEGORY,
          OpportunityConfiguration.CATEGORY,
          CommissionConfiguration.CATEGORY,
          MailTemplates.CATEGORY,
          SecurityConfiguration.CATEGORY,
          RecruitmentConfiguration.CATEGORY);

  private final Vertx vertx;
  private final Settings config;
  private final List<AutoCloseable> embedded;
  private final String httpDeployment;

  private PartnerHub(
      Vertx vertx, Settings config, List<AutoCloseable> embedded, String httpDeployment) {
    this.vertx = vertx;
    this.config = config;
    this.embedded = embedded;
    this.httpDeployment = httpDeployment;
  }

  public static Future<PartnerHub> start(Settings settings) {
    PrometheusMeterRegistry metrics = Metrics.registry();
    return createVertx(settings, metrics)
        .compose(
            vertx -> {
              List<AutoCloseable> embedded = new ArrayList<>();
              return vertx
                  .executeBlocking(() -> prepare(settings, embedded))
                  .compose(
                      config ->
                          deploy(vertx, config, metrics)
                              .map(http -> new PartnerHub(vertx, config, embedded, http)))
                  .recover(
                      failure -> {
                        // fail now, on a live context; the closing Vert.x cannot deliver results
                        // any more
                        vertx.close().onComplete(closed -> closeAll(embedded));
                        return Future.failedFuture(failure);
                      });
            });
  }

  private static Future<Vertx> createVertx(Settings config, PrometheusMeterRegistry metrics) {
    // a registry name of its own: Vert.x keys metric backends by name, and several nodes may share
    // a JVM
    VertxOptions options =
        new VertxOptions()
            .setMetricsOptions(
                new MicrometerMetricsOptions()
                    .setEnabled(true)
                    .setRegistryName("partnerhub-" + UUID.randomUUID())
                    .setJvmMetricsEnabled(true)
                    .setLabels(
                        EnumSet.of(
                            Label.HTTP_ROUTE,
                            Label.HTTP_METHOD,
                            Label.HTTP_CODE,
                            Label.EB_ADDRESS,
                            Label.EB_FAILURE,
                            Label.POOL_TYPE,
                            Label.POOL_NAME,
                            Label.CLIENT_NAME,
                            Label.NAMESPACE))
                    .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    MicrometerMetricsFactory factory = new MicrometerMetricsFactory(metrics);
    if (config.flag(Setting.CLUSTER)) {
      if (config.string(Setting.DB_URL).isEmpty() || config.string(Setting.REDIS_URL).isEmpty()) {
        return Future.failedFuture(
            new IllegalArgumentException(
                "A cluster needs PARTNERHUB_DB_URL and PARTNERHUB_REDIS_URL: nodes must share one database and one Redis"));
      }
      return Cluster.start(config, options, factory);
    }
    return Future.succeededFuture(Vertx.builder().with(options).withMetrics(factory).build());
  }

  /** The node roles: http, services, or both. */
  static boolean runs(Settings config, String role) {
    return Arrays.stream(config.require(Setting.NODE_ROLES).split(","))
        .map(String::trim)
        .anyMatch(role::equals);
  }

  /**
   * Blocking preparation (worker thread): embedded servers where nothing is configured, the
   * dev-mode JWT key, a concrete HTTP port, and migrations. Returns the settings the verticles run
   * with.
   */
  static Settings prepare(Settings settings, List<AutoCloseable> embedded) {
    Settings config = settings;
    DbUrl admin;
    if (config.string(Setting.DB_URL).isEmpty()) {
      EmbeddedPostgresServer postgres =
          EmbeddedPostgresServer.start(Path.of(config.require(Setting.DATA_DIR), "postgres"));
      embedded.add(postgres);
      LOG.info("No PARTNERHUB_DB_URL: started embedded PostgreSQL ({})", postgres.describe());
      admin = postgres.ownerUrl();
      config = config.with(Setting.DB_URL, admin.withCredentials(APP_ROLE, randomSecret()).toUrl());
    } else {
      admin =
          DbUrl.parse(config.string(Setting.DB_ADMIN_URL).orElse(config.require(Setting.DB_URL)));
    }
    if (config.string(Setting.REDIS_URL).isEmpty()) {
      EmbeddedRedisServer redis = EmbeddedRedisServer.start();
      embedded.add(redis);
      LOG.info(
          "No PARTNERHUB_REDIS_URL: started embedded Redis at {} (in memory only)", redis.url());
      config = config.with(Setting.REDIS_URL, redis.url());
    }
    if (config.string(Setting.SMTP_URL).isEmpty()
        && runs(config, "services")
        && config.flag(Setting.MAIL_DISPATCH)) {
      if (embedded.isEmpty()) {
        throw new IllegalArgumentException(
            "PARTNERHUB_SMTP_URL is required outside embedded dev mode (or PARTNERHUB_MAIL_DISPATCH=false)");
      }
      EmbeddedSmtpServer smtp = EmbeddedSmtpServer.start();
      embedded.add(smtp);
      LOG.info("No PARTNERHUB_SMTP_URL: mail goes to an embedded SMTP server: {}", smtp.describe());
      config = config.with(Setting.SMTP_URL, smtp.url());
    }
    if (config.string(Setting.JWT_SECRET).isEmpty()) {
      if (embedded.isEmpty()) {
        throw new IllegalArgumentException(
            "PARTNERHUB_JWT_SECRET is required outside embedded dev mode");
      }
      LOG.warn(
          "Dev mode: no PARTNERHUB_JWT_SECRET, using a random key (tokens end with this process)");
      config = config.with(Setting.JWT_SECRET, randomSecret());
    }
    if (config.require(Setting.JWT_SECRET).length() < 32) {
      throw new IllegalArgumentException("PARTNERHUB_JWT_SECRET must be at least 32 characters");
    }
    if (config.integer(Setting.HTTP_PORT) == 0) {
      config = config.with(Setting.HTTP_PORT, freePort());
    }
    if (runs(config, "services")) {
      Migrations.run(admin, DbUrl.parse(config.require(Setting.DB_URL)));
    }
    return config;
  }

  /**
   * Deploys what the node's roles ask for; the result is the HTTP deployment's id (null without
   * HTTP).
   */
  private static Future<String> deploy(
      Vertx vertx, Settings config, PrometheusMeterRegistry metrics) {
    Contexts.install(vertx, contextKeys(config, vertx.isClustered()));
    ServiceBus.registerCodecs(
        vertx,
        Stream.concat(
                Contract.ENDPOINTS.stream(),
                STREAM_ENDPOINTS.stream().<Endpoint<?, ?>>map(StreamEndpoint::endpoint))
            .toList());
    int services = config.integer(Setting.SERVICE_INSTANCES);
    int http =
        config.integer(Setting.HTTP_INSTANCES) == 0
            ? Runtime.getRuntime().availableProcessors()
            : config.integer(Setting.HTTP_INSTANCES);
    List<Supplier<Deployable>> serviceVerticles =
        List.of(
            () -> new AuthVerticle(config, metrics),
            () -> new ApiKeyVerticle(config, metrics),
            () -> new OrganizationVerticle(config, metrics),
            () -> new ConfigurationVerticle(config, metrics, RESERVED_CONFIGURATION),
            () -> new UserVerticle(config, metrics),
            () -> new PartnerVerticle(config, metrics),
            () -> new OpportunityVerticle(config, metrics),
            () -> new CommissionVerticle(config, metrics),
            () -> new DashboardVerticle(config, metrics),
            () -> new OutboxVerticle(config, metrics, Contract.EVENT_TYPES),
            () -> new HealthVerticle(config, metrics),
            () -> new WebhookVerticle(config, metrics, Contract.EVENT_TYPES),
            () -> new MailVerticle(config, metrics),
            () -> new NotificationVerticle(config, metrics),
            () -> new InvitationVerticle(config, metrics),
            () -> new RecruitmentVerticle(config, metrics));
    DeploymentOptions serviceOptions =
        new DeploymentOptions().setInstances(services).setThreadingModel(serviceThreading(config));
    Future<?> servicesUp =
        !runs(config, "services")
            ? Future.succeededFuture()
            : Future.all(
                serviceVerticles.stream()
                    .map(verticle -> vertx.deployVerticle(verticle, serviceOptions))
                    .toList());
    return servicesUp
        .compose(
            up ->
                runs(config, "http")
                    ? vertx
                        .deployVerticle(
                            () ->
                                new HttpVerticle(
                                    config, metrics, Contract.ENDPOINTS, STREAM_ENDPOINTS),
                            new DeploymentOptions().setInstances(http))
                        .onSuccess(
                            id ->
                                LOG.info(
                                    "PartnerHub listening on http://{}:{}",
                                    config.require(Setting.HTTP_HOST),
                                    config.integer(Setting.HTTP_PORT)))
                    : Future.<String>succeededFuture())
        .compose(
            httpId ->
                runs(config, "http") && config.string(Setting.BRIDGE_PORT).isPresent()
                    ? vertx
                        .deployVerticle(new BridgeVerticle(config, Contract.ENDPOINTS))
                        .map(bridge -> httpId)
                    : Future.succeededFuture(httpId))
        .onSuccess(
            up ->
                LOG.info(
                    "Node running {}{}",
                    config.require(Setting.NODE_ROLES),
                    vertx.isClustered()
                        ? " in cluster " + config.require(Setting.CLUSTER_NAME)
                        : ""));
  }

  /**
   * The keys of signed TenantContexts (decision 171): configured in a cluster (every node verifies
   * with the public key, only HTTP nodes load the private one), generated per process otherwise.
   */
  static ContextKeys contextKeys(Settings config, boolean clustered) {
    Optional<String> signing = config.string(Setting.CONTEXT_SIGNING_KEY);
    Optional<String> verifying = config.string(Setting.CONTEXT_VERIFY_KEY);
    if (verifying.isEmpty()) {
      if (clustered || signing.isPresent()) {
        throw new IllegalArgumentException(
            "PARTNERHUB_CONTEXT_VERIFY_KEY is required in a cluster (and with a signing key)");
      }
      LOG.info(
          "No PARTNERHUB_CONTEXT_VERIFY_KEY: TenantContexts are signed with a key of this process");
      return ContextKeys.development();
    }
    boolean issues = runs(config, "http");
    if (issues && signing.isEmpty()) {
      throw new IllegalArgumentException(
          "An HTTP node issues TenantContexts: PARTNERHUB_CONTEXT_SIGNING_KEY is required");
    }
    return ContextKeys.parse(issues ? signing.get() : null, verifying.get());
  }

  /**
   * The service verticles' threading model (decision 111): event loop by default, as the
   * non-blocking clients allow; worker threads for a service that is to run blocking code.
   */
  static ThreadingModel serviceThreading(Settings config) {
    return switch (config.require(Setting.SERVICE_THREADING)) {
      case "event-loop" -> ThreadingModel.EVENT_LOOP;
      case "worker" -> ThreadingModel.WORKER;
      default ->
          throw new IllegalArgumentException(
              Setting.SERVICE_THREADING.key() + " must be event-loop or worker");
    };
  }

  /**
   * Graceful stop: the HTTP verticle first (readiness DOWN, in-flight requests finish while the
   * services are still there), then everything else, then the embedded servers.
   */
  public Future<Void> close() {
    // a context-free promise: it must still complete after this Vert.x's event loops are gone
    Promise<Void> closed = Promise.promise();
    Future<Void> http =
        httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment);
    http.onComplete(
        stopped ->
            vertx
                .close()
                .onComplete(
                    done -> {
                      closeAll(embedded);
                      closed.handle(done);
                    }));
    return closed.future();
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Could not stop {}: {}", resource.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public Settings config() {
    return config;
  }

  public int httpPort() {
    return config.integer(Setting.HTTP_PORT);
  }

  static String randomSecret() {
    return RandomSecrets.urlText(32);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
