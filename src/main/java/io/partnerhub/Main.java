package io.partnerhub;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.db.Database;
import io.partnerhub.db.DbUrl;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.openapi.EndpointSchemas;
import io.partnerhub.organization.OrganizationApi;
import io.partnerhub.organization.OrganizationApi.ProvisionOrganization;
import io.partnerhub.organization.OrganizationApi.ProvisionResult;
import io.partnerhub.organization.OrganizationService;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.settings.SettingsLoader;
import io.partnerhub.user.Passwords;
import io.partnerhub.user.Roles;
import io.partnerhub.user.UserApi;
import io.partnerhub.user.UserService;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The command line (picocli). Settings come from conf/config.json (or --config FILE), the
 * environment and system properties; passwords may come from the environment so they stay out of
 * shell history.
 */
@Command(
    name = "partnerhub",
    mixinStandardHelpOptions = true,
    version = "PartnerHub 0.1.0",
    description = "Multi-tenant partner relationship management backend. Without a command: serve.",
    subcommands = {
      Main.Serve.class,
      Main.Migrate.class,
      Main.CreateOrganization.class,
      Main.CreateUser.class,
      Main.RotateJwtKey.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** What {@link Serve} returns once the service runs: the JVM must stay up. */
  private static final int RUNNING = -1;

  @Option(
      names = "--config",
      defaultValue = "conf/config.json",
      description = "settings file (default: ${DEFAULT-VALUE})")
  String configFile;

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != RUNNING) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    return new Serve(this).call();
  }

  Settings settings() {
    Vertx bootstrap = Vertx.vertx();
    try {
      return SettingsLoader.load(bootstrap, configFile).await();
    } finally {
      bootstrap.close();
    }
  }

  @Command(
      name = "serve",
      description = "Run the service (embedded PostgreSQL and Redis when none is configured).")
  static final class Serve implements Callable<Integer> {
    @ParentCommand Main main;

    Serve() {}

    Serve(Main main) {
      this.main = main;
    }

    @Override
    public Integer call() {
      PartnerHub app;
      try {
        app = PartnerHub.start(main.settings()).await();
      } catch (RuntimeException e) {
        LOG.error("PartnerHub failed to start: {}", e.getMessage(), e);
        return 1;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    LOG.info("Shutting down");
                    app.close().await();
                  },
                  "partnerhub-shutdown"));
      return RUNNING;
    }
  }

  /**
   * Prepares the database (embedded servers and migrations included), runs one task and stops
   * again.
   */
  static int once(Main main, BiFunction<Vertx, Settings, String> task) {
    List<AutoCloseable> embedded = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      Settings settings = main.settings();
      // a one-off task always prepares the database, whatever this node serves, and issues no
      // tokens
      Settings config =
          PartnerHub.prepare(
              settings
                  .with(Setting.HTTP_PORT, 1)
                  .with(Setting.NODE_ROLES, "services")
                  .with(Setting.MAIL_DISPATCH, false)
                  .with(
                      Setting.JWT_SECRET,
                      settings.string(Setting.JWT_SECRET).orElse(PartnerHub.randomSecret())),
              embedded);
      LOG.info(task.apply(vertx, config));
      return 0;
    } catch (ServiceException e) {
      LOG.error(
          "Refused: {}{}", e.getMessage(), e.details() == null ? "" : " " + e.details().encode());
      return 1;
    } catch (RuntimeException e) {
      LOG.error("Failed: {}", e.getMessage());
      return 1;
    } finally {
      vertx.close();
      embedded.forEach(
          resource -> {
            try {
              resource.close();
            } catch (Exception ignored) {
              // best effort on exit
            }
          });
    }
  }

  static Database database(Vertx vertx, Settings config) {
    return Database.connect(vertx, DbUrl.parse(config.require(Setting.DB_URL)), 1, 8);
  }

  @Command(name = "migrate", description = "Apply the database migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @ParentCommand Main main;

    @Override
    public Integer call() {
      return once(main, (vertx, config) -> "Migrations applied");
    }
  }

  @Command(
      name = "create-organization",
      description = "Provision a tenant and its first admin, and exit.")
  static final class CreateOrganization implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = "--name", required = true)
    String name;

    @Option(
        names = "--subdomain",
        required = true,
        description = "3 to 63 lowercase letters, digits and hyphens")
    String subdomain;

    @Option(names = "--admin-email", required = true)
    String adminEmail;

    @Option(
        names = "--admin-password",
        defaultValue = "${env:PARTNERHUB_ADMIN_PASSWORD}",
        description = "at least 12 characters; default: $PARTNERHUB_ADMIN_PASSWORD")
    String adminPassword;

    @Override
    public Integer call() {
      return once(
          main,
          (vertx, config) -> {
            ProvisionResult result =
                new OrganizationService(database(vertx, config), new Passwords(vertx, config))
                    .provision(
                        checked(
                            OrganizationApi.PROVISION,
                            new ProvisionOrganization(name, subdomain, adminEmail, adminPassword)))
                    .await();
            return "Created organization "
                + result.organization().subdomain()
                + " ("
                + result.organization().id()
                + ") with admin "
                + result.admin().email();
          });
    }
  }

  @Command(name = "create-user", description = "Add a user to an organization, and exit.")
  static final class CreateUser implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = "--subdomain", required = true)
    String subdomain;

    @Option(names = "--email", required = true)
    String email;

    @Option(
        names = "--role",
        required = true,
        description = "admin, manager, partner_user, partner_admin, viewer or a configured role")
    String role;

    @Option(
        names = "--partner-id",
        description = "required for roles partner_user and partner_admin")
    UUID partnerId;

    @Option(
        names = "--password",
        defaultValue = "${env:PARTNERHUB_USER_PASSWORD}",
        description = "at least 12 characters; default: $PARTNERHUB_USER_PASSWORD")
    String password;

    @Override
    public Integer call() {
      return once(
          main,
          (vertx, config) -> {
            Database database = database(vertx, config);
            Passwords passwords = new Passwords(vertx, config);
            UUID organizationId =
                new OrganizationService(database, passwords).idOf(subdomain).await();
            // the command line acts as the tenant's administrator
            TenantContext operator =
                new TenantContext(
                    organizationId,
                    new UUID(0, 0),
                    Roles.ADMIN,
                    Roles.permissionsOf(Roles.ADMIN),
                    null);
            RedisStore redis = RedisStore.connect(vertx, config.require(Setting.REDIS_URL), 1);
            UserApi.User user =
                new UserService(database, passwords, new SessionStore(redis))
                    .create(
                        checked(
                            UserApi.CREATE,
                            new UserApi.CreateUser(operator, email, password, role, partnerId)))
                    .await();
            return "Created user "
                + user.email()
                + " ("
                + user.id()
                + ") with role "
                + user.role()
                + " in "
                + subdomain;
          });
    }
  }

  /** A request the command line hands a service directly, held to the bounds a bus caller meets. */
  private static <Q> Q checked(Endpoint<Q, ?> endpoint, Q request) {
    EndpointSchemas.served().check(endpoint.address(), request);
    return request;
  }

  @Command(
      name = "rotate-jwt-key",
      description = "Print a new JWT signing key and how to roll it out.")
  static final class RotateJwtKey implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine()
          .getOut()
          .printf(
              """
          New key (keep it secret):
            PARTNERHUB_JWT_SECRET=%s

          Rolling it out:
            1. Store it where the nodes read their settings (secret store, environment).
            2. Restart every HTTP and services node with it (a rolling restart works).
            3. Tokens signed with the old key stop working on each node as it restarts, so users log in
               again; their old sessions expire in Redis within PARTNERHUB_JWT_TTL_SECONDS.
          """,
              PartnerHub.randomSecret());
      return 0;
    }
  }
}
