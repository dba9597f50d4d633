package io.partnerhub;

import io.partnerhub.auth.Passwords;
import io.partnerhub.config.AppConfig;
import io.partnerhub.config.ConfigLoader;
import io.partnerhub.config.Setting;
import io.partnerhub.db.Database;
import io.partnerhub.db.DbUrl;
import io.partnerhub.bus.ServiceException;
import io.partnerhub.organization.OrganizationApi.ProvisionOrganization;
import io.partnerhub.organization.OrganizationApi.ProvisionResult;
import io.partnerhub.organization.OrganizationService;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line: {@code serve} (default), {@code migrate}, {@code create-organization}. Settings come
 * from conf/config.json (or --config FILE), the environment and system properties.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String USAGE = """
      Usage: java -jar partnerhub.jar [--config FILE] [COMMAND]
        serve                 run the service (default)
        migrate               apply database migrations and exit
        create-organization --name NAME --subdomain SUB --admin-email EMAIL [--admin-password PW]
                              provision a tenant and its first admin and exit
                              (the password may come from PARTNERHUB_ADMIN_PASSWORD instead)
      """;

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.print(USAGE);
        return;
      }
      if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        commands.add(args[i]);
      }
    }
    String command = commands.isEmpty() ? "serve" : commands.get(0);
    Vertx bootstrap = Vertx.vertx();
    AppConfig config;
    try {
      config = ConfigLoader.load(bootstrap, options.getOrDefault("config", "conf/config.json")).await();
    } catch (RuntimeException e) {
      exit("Invalid configuration: " + e.getMessage());
      return;
    } finally {
      bootstrap.close();
    }
    switch (command) {
      case "serve" -> serve(config);
      case "migrate" -> runOnce(config, prepared -> "Migrations applied");
      case "create-organization" -> runOnce(config, app -> createOrganization(app, options));
      default -> exit("Unknown command " + command + "\n" + USAGE);
    }
  }

  private static void serve(AppConfig config) {
    PartnerHub.start(config).onSuccess(app -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Shutting down");
      app.close().await();
    }, "partnerhub-shutdown"))).onFailure(failure -> {
      LOG.error("PartnerHub failed to start: {}", failure.getMessage(), failure);
      System.exit(1);
    });
  }

  /** Prepares the database (embedded servers and migrations included), runs one task, and exits. */
  private static void runOnce(AppConfig settings, Function<AppConfig, String> task) {
    List<AutoCloseable> embedded = new ArrayList<>();
    try {
      AppConfig config = PartnerHub.prepare(settings.with(Setting.HTTP_PORT, 1), embedded);
      LOG.info(task.apply(config));
    } catch (RuntimeException e) {
      LOG.error("Failed: {}", e.getMessage());
      System.exit(1);
    } finally {
      embedded.forEach(resource -> {
        try {
          resource.close();
        } catch (Exception ignored) {
          // best effort on exit
        }
      });
    }
    System.exit(0);
  }

  private static String createOrganization(AppConfig config, Map<String, String> options) {
    String password = options.getOrDefault("admin-password", System.getenv("PARTNERHUB_ADMIN_PASSWORD"));
    Vertx vertx = Vertx.vertx();
    try {
      Database database = Database.connect(vertx, DbUrl.parse(config.require(Setting.DB_URL)), 1, 8);
      ProvisionResult result = new OrganizationService(database, new Passwords(vertx, config))
          .provision(new ProvisionOrganization(options.get("name"), options.get("subdomain"), options.get("admin-email"),
              password))
          .await();
      return "Created organization " + result.organization().subdomain() + " (" + result.organization().id()
          + ") with admin " + result.admin().email();
    } catch (ServiceException e) {
      throw new IllegalArgumentException(e.getMessage() + (e.details() == null ? "" : ": " + e.details().encode()));
    } finally {
      vertx.close();
    }
  }

  private static void exit(String message) {
    LOG.error(message);
    System.exit(2);
  }
}
