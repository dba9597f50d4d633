package io.partnerhub.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Another team's project built against the consumer artifact, as that team would: the artifact is
 * packaged and installed, examples/consumer is built with Maven in a copy of its own (from ~/.m2
 * alone once its plugins are there), and its main runs in a JVM of its own (Maven's exec:java: the
 * example's class path, that is the artifact, vertx-core, vertx-hazelcast and Jackson) that joins a
 * PartnerHub cluster node started here, lists a tenant's partners through the node's TCP bridge
 * with an API key, and after being stopped reads the win it missed from the REST event feed. Tagged
 * {@code consumer} (about a minute of Maven): {@code mvn test -Pconsumer}, run by CI.
 */
@Tag("consumer")
class ConsumerExampleTest {
  private static final long ONE_MEGABYTE = 1024 * 1024;
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path JAR = ROOT.resolve("target/partnerhub-consumer.jar");
  private static final String NAME = "ph-consumer-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SECRET = "consumer-secret-" + UUID.randomUUID();

  private static PartnerHub node;
  private static Path exampleDirectory;
  private static String exampleArguments;
  private static Tenant tenant;
  private static UUID partner;
  private static Process example;
  private static final BlockingQueue<String> printed = new LinkedBlockingQueue<>();

  @BeforeAll
  static void buildTheExampleAndStartTheCluster() throws Exception {
    maven(ROOT, "jar:jar@consumer");
    maven(
        ROOT,
        "install:install-file",
        "-Dfile=" + JAR,
        "-DpomFile=pom.xml",
        "-Dclassifier=consumer");
    Path copy = Files.createTempDirectory("consumer-example");
    copyTree(ROOT.resolve("examples/consumer"), copy);
    maven(copy, "package", "-Dpartnerhub.version=" + projectVersion());

    int hazelcastPort = freePort();
    int bridgePort = freePort();
    node =
        TestApp.start(
            TestApp.settings()
                .with(Setting.CLUSTER, true)
                .with(Setting.CLUSTER_NAME, NAME)
                .with(Setting.CLUSTER_SECRET, SECRET)
                .with(Setting.CLUSTER_PORT, hazelcastPort)
                .with(Setting.CLUSTER_MEMBERS, "127.0.0.1:" + hazelcastPort)
                .with(Setting.HTTP_INSTANCES, 1)
                .with(Setting.BRIDGE_PORT, bridgePort));
    TestApp.use(node);
    tenant = Tenant.create();
    partner = Fixtures.partner(tenant, "Consumer partner");
    Http.Response key =
        Http.post(
            "/api-keys",
            tenant.token(),
            new JsonObject()
                .put("name", "consumer example")
                .put("permissions", new JsonArray().add("partners:read").add("events:read")));
    assertThat(key.status()).as(key.text()).isEqualTo(201);
    exampleArguments =
        String.join(
            " ",
            NAME,
            SECRET,
            "127.0.0.1:" + hazelcastPort,
            "127.0.0.1:" + bridgePort,
            key.json().getString("secret"),
            TestApp.baseUrl(),
            copy.resolve("cursor").toString());
    exampleDirectory = copy;
    startExample();
  }

  /** Runs the example's main (exec:java) with its output lines going to {@link #printed}. */
  private static void startExample() throws IOException {
    printed.clear();

    // exec:java runs the example with its project's class path: the artifact and its three
    // libraries
    Process started =
        new ProcessBuilder(
                "mvn",
                "-q",
                "-B",
                "exec:java",
                "-Dpartnerhub.version=" + projectVersion(),
                "-Dexec.args=" + exampleArguments)
            .directory(exampleDirectory.toFile())
            .redirectErrorStream(true)
            .start();
    example = started;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(printed::add);
              } catch (IOException ended) {
                // the example was stopped
              }
            });
    reader.setDaemon(true);
    reader.start();
  }

  @AfterAll
  static void stop() {
    if (example != null) {
      example.destroy();
    }
    TestApp.restore();
    if (node != null) {
      node.close().await();
    }
  }

  @Test
  void theArtifactIsSmall() throws IOException {
    assertThat(Files.size(JAR)).isLessThan(ONE_MEGABYTE);
  }

  @Test
  void theExampleJoinsAsksTypedQuestionsHearsAWonDealAndCatchesUpAfterBeingDown() throws Exception {
    awaitLine("ready");
    assertThat(printed)
        .contains(
            "health: database true, redis true", "partners through the bridge: [Consumer partner]");

    String first = winDeal("Initech", "2500.00");
    assertThat(awaitLine("won " + first))
        .startsWith("won " + first + " in " + tenant.organizationId() + " (#")
        .endsWith("): Deal with Initech, 2500.00 EUR");
    // the example's own address, registered cluster-wide, answers a member of the service
    Integer counted =
        node.vertx()
            .eventBus()
            .<Integer>request(
                "partnerhub.examples.won-deals.count", tenant.organizationId().toString())
            .await()
            .body();
    assertThat(counted).isEqualTo(1);

    // down while a deal is won: when it is back, it reads the win from the feed
    example.destroy();
    assertThat(example.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String missed = winDeal("Globex", "900.00");
    startExample();
    assertThat(awaitLine("won " + missed)).endsWith("): Deal with Globex, 900.00 EUR");
    awaitLine("ready");
  }

  /** Registers, approves and wins a deal through the REST API; returns its id. */
  private static String winDeal(String customer, String amount) {
    String id =
        Fixtures.register(
                tenant.token(),
                Fixtures.deal(partner, customer, customer.toLowerCase() + ".test", amount))
            .getString("id");
    JsonObject approved =
        Http.post("/opportunities/" + id + "/approve", tenant.token(), null).json();
    Http.Response won =
        Http.send(
            "PATCH",
            "/opportunities/" + id,
            tenant.token(),
            new JsonObject().put("stage", "closed_won"),
            Map.of("If-Match", "\"" + approved.getInteger("version") + "\""));
    assertThat(won.status()).as(won.text()).isEqualTo(200);
    return id;
  }

  /** The first line the example printed that starts with {@code prefix}, within 60 s. */
  private static String awaitLine(String prefix) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = printed.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.add(line);
        if (line.startsWith(prefix)) {
          printed.addAll(seen);
          return line;
        }
      }
      assertThat(example.isAlive() || line != null).as("the example exited: %s", seen).isTrue();
    }
    throw new AssertionError("The example never printed " + prefix + ": " + seen);
  }

  private static void maven(Path directory, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("mvn", "-q", "-B"));
    command.addAll(List.of(arguments));
    Process maven =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(maven.waitFor()).as("%s in %s:%n%s", command, directory, output).isZero();
  }

  private static String projectVersion() throws IOException {
    Matcher version =
        Pattern.compile("<artifactId>partnerhub</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(version.find()).isTrue();
    return version.group(1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(path -> !path.toString().contains("/target")).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
