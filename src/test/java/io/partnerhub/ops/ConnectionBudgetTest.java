package io.partnerhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.cache.EmbeddedRedisServer;
import io.partnerhub.cache.KeyWatch;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.NodeHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A node's connection budget, counted on the servers while a burst of requests needs the database
 * and Redis at once: PostgreSQL connections by the node's application_name in pg_stat_activity,
 * Redis clients in CLIENT LIST of a Redis of this test's own. Whatever the instance counts, a node
 * holds at most DB_POOL_SIZE PostgreSQL connections and REDIS_POOL_SIZE + 1 (the key-watch feed)
 * Redis connections, and closing the node closes them all.
 */
class ConnectionBudgetTest {
  private static final int DB_POOL = 3;
  private static final int REDIS_POOL = 2;
  private static final String PROBE = "budget-probe";

  @ParameterizedTest(name = "{0} instance(s) of each service verticle, {1} HTTP")
  @CsvSource({"1, 1", "4, 3"})
  void aNodeStaysWithinItsBudgetWhateverItsInstanceCounts(int services, int http) throws Exception {
    Tenant tenant = Tenant.create();
    String name = "budget-" + UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
      PartnerHub node =
          TestApp.start(
              TestApp.settings()
                  .with(Setting.REDIS_URL, redis.url())
                  .with(Setting.SERVICE_INSTANCES, services)
                  .with(Setting.HTTP_INSTANCES, http)
                  .with(Setting.DB_POOL_SIZE, DB_POOL)
                  .with(Setting.REDIS_POOL_SIZE, REDIS_POOL)
                  .with(Setting.DB_APPLICATION_NAME, name)
                  .with(Setting.DASHBOARD_CACHE_TTL_SECONDS, 1));
      URI redisAt = URI.create(redis.url());
      AtomicLong mostPostgres = new AtomicLong();
      AtomicLong mostPooled = new AtomicLong();
      AtomicLong mostFeeds = new AtomicLong();
      AtomicBoolean loading = new AtomicBoolean(true);
      CompletableFuture<Void> counting =
          CompletableFuture.runAsync(
              () -> {
                while (loading.get()) {
                  mostPostgres.accumulateAndGet(postgresConnections(name), Math::max);
                  List<String> clients = redisClients(redisAt);
                  mostPooled.accumulateAndGet(
                      clients.stream()
                          .filter(line -> !line.contains(" name=" + KeyWatch.CLIENT_NAME + " "))
                          .count(),
                      Math::max);
                  mostFeeds.accumulateAndGet(
                      clients.stream()
                          .filter(line -> line.contains(" name=" + KeyWatch.CLIENT_NAME + " "))
                          .count(),
                      Math::max);
                }
              });
      try {
        burst(node, tenant);
      } finally {
        loading.set(false);
        counting.join();
      }

      assertThat(mostPostgres.get())
          .as("PostgreSQL connections: DB_POOL_SIZE")
          .isBetween(1L, (long) DB_POOL);
      assertThat(mostPooled.get())
          .as("pooled Redis connections: REDIS_POOL_SIZE")
          .isBetween(1L, (long) REDIS_POOL);
      assertThat(mostFeeds.get()).as("key-watch feeds: one per node").isEqualTo(1);

      node.close().await();
      assertThat(postgresConnections(name))
          .as("PostgreSQL connections once the node is closed")
          .isZero();
      assertThat(redisClients(redisAt)).as("Redis connections once the node is closed").isEmpty();
    }
  }

  /**
   * Logins, cached and uncached reads and writes, 48 at a time: every service verticle instance
   * needs both servers.
   */
  private static void burst(PartnerHub node, Tenant tenant) {
    String token = new JsonObject(NodeHttp.login(node, tenant)).getString("token");
    ExecutorService callers = Executors.newFixedThreadPool(48);
    try {
      List<CompletableFuture<Integer>> answers =
          IntStream.range(0, 240)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                              () ->
                                  switch (i % 4) {
                                    case 0 ->
                                        NodeHttp.send(
                                            node,
                                            "GET",
                                            "/dashboard?from=2020-01-0" + (1 + i % 9),
                                            token,
                                            null);
                                    case 1 ->
                                        NodeHttp.send(
                                            node,
                                            "PUT",
                                            "/configurations",
                                            token,
                                            new JsonObject()
                                                .put("category", "budget")
                                                .put("key", "k" + i)
                                                .put("value", i)
                                                .put("dataType", "integer")
                                                .encode());
                                    case 2 ->
                                        NodeHttp.send(
                                            node,
                                            "GET",
                                            "/configurations?category=budget",
                                            token,
                                            null);
                                    default ->
                                        NodeHttp.send(
                                            node,
                                            "POST",
                                            "/partners",
                                            token,
                                            new JsonObject()
                                                .put("name", "Budget " + i)
                                                .put("type", "reseller")
                                                .put("tier", "gold")
                                                .encode());
                                  },
                              callers)
                          .thenApply(HttpResponse::statusCode))
              .toList();
      // a small pool makes some requests wait, and a full wait queue answers 503: never anything
      // else
      assertThat(answers.stream().map(CompletableFuture::join).toList())
          .allMatch(status -> status == 200 || status == 201 || status == 503)
          .contains(200);
    } finally {
      callers.shutdown();
    }
  }

  private static long postgresConnections(String applicationName) {
    return TestDb.count(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", applicationName);
  }

  /** CLIENT LIST of the Redis at {@code at}, without the connection that asks. */
  private static List<String> redisClients(URI at) {
    try (Socket socket = new Socket(at.getHost(), at.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("CLIENT SETNAME " + PROBE + "\r\nCLIENT LIST\r\n").getBytes(StandardCharsets.US_ASCII));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertThat(line(in)).isEqualTo("+OK");
      String header = line(in);
      byte[] list = new byte[Integer.parseInt(header.substring(1))];
      in.readFully(list);
      return Arrays.stream(new String(list, StandardCharsets.UTF_8).split("\n"))
          .filter(client -> !client.isBlank() && !client.contains(" name=" + PROBE + " "))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String line(DataInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\r'; c = in.read()) {
      line.append((char) c);
    }
    in.read();
    return line.toString();
  }
}
