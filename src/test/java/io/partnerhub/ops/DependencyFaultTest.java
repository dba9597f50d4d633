package io.partnerhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.settings.Setting;
import io.partnerhub.support.DedicatedStack;
import io.partnerhub.support.MixedLoad;
import io.partnerhub.support.MixedLoad.LoadTenant;
import io.partnerhub.support.MixedLoad.Result;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL, then Redis, stopped for some seconds and started again under a steady mixed load, on
 * servers of this test's own. During the outage every answer is a quick 503 in the error shape (or,
 * for PostgreSQL, a cached read); nothing hangs; within 5 s of the dependency's return everything
 * answers 2xx again without restarting the service; and every write acknowledged with 2xx is in the
 * database.
 */
@Tag("slow")
class DependencyFaultTest {
  private static final long OUTAGE_MS = 4_000;
  private static final long RECOVERY_MS = 5_000;

  /** "503 quickly": the dependency refuses connections, so nothing should wait for a timeout. */
  private static final long QUICK_MS = 3_000;

  private static final int BUS_TIMEOUT_MS = 5_000;

  @TempDir static Path data;
  private static DedicatedStack stack;
  private static List<LoadTenant> tenants;

  @BeforeAll
  static void start() {
    stack =
        DedicatedStack.start(
            data.resolve("postgres"),
            config ->
                config
                    .with(Setting.HTTP_INSTANCES, 1)
                    .with(Setting.BUS_TIMEOUT_MS, BUS_TIMEOUT_MS));
    tenants = IntStream.range(0, 3).mapToObj(i -> MixedLoad.provision(stack.baseUrl())).toList();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void postgresOutage() throws InterruptedException {
    Outage outage =
        throughOutage("PostgreSQL", stack.postgres()::stop, stack.postgres()::restart, false);
    // nothing reaches the database: only reads the Redis cache holds may still answer 200
    assertThat(outage.during())
        .filteredOn(result -> !result.operation().cached)
        .allMatch(result -> result.status() == 503);
  }

  @Test
  void redisOutage() throws InterruptedException {
    Outage outage = throughOutage("Redis", stack.redis()::stop, stack.redis()::restart, true);
    // sessions cannot be checked without Redis: authentication fails closed, 503, never a 401 or a
    // 200
    assertThat(outage.during()).allMatch(result -> result.status() == 503);
  }

  /**
   * The answers of one run, and when the dependency was gone: from stoppedAt until restartedAt (ms
   * of the load).
   */
  private record Outage(List<Result> results, long stoppedAt, long restartedAt) {
    List<Result> during() {
      return results.stream()
          .filter(result -> result.startedMs() >= stoppedAt && result.endedMs() < restartedAt)
          .toList();
    }
  }

  /**
   * Runs the load, stops the dependency for {@link #OUTAGE_MS}, starts it again and checks every
   * answer. {@code sessionsLost}: the restarted dependency forgot the sessions (in-memory Redis),
   * so clients get 401 once and log in again.
   */
  private static Outage throughOutage(
      String dependency, Runnable stopDependency, Runnable startDependency, boolean sessionsLost)
      throws InterruptedException {
    MixedLoad load = MixedLoad.start(stack.baseUrl(), tenants, 40, 12);
    long downAt;
    long stoppedAt;
    long restartedAt;
    long backAt;
    try {
      Thread.sleep(3_000);
      downAt = load.now();
      stopDependency.run();
      stoppedAt = load.now();
      Thread.sleep(OUTAGE_MS);
      restartedAt = load.now();
      startDependency.run();
      backAt = load.now();
      Thread.sleep(RECOVERY_MS + 4_000);
    } finally {
      load.stop();
    }
    Outage outage = new Outage(load.results(), stoppedAt, restartedAt);
    List<Result> results = outage.results();
    report(dependency, results, load.skipped(), downAt, stoppedAt, restartedAt, backAt);

    assertThat(results)
        .as("requests that failed on the client side (timeout, connection)")
        .filteredOn(result -> result.status() < 0)
        .isEmpty();
    assertThat(results)
        .as("only 2xx, 503 and (once sessions were lost) 401")
        .allMatch(
            result ->
                result.ok() || result.status() == 503 || (sessionsLost && result.status() == 401));
    assertThat(results)
        .as("every error in the error shape with the matching code")
        .filteredOn(result -> !result.ok())
        .allMatch(
            result ->
                result.errorShaped()
                    && result
                        .errorCode()
                        .equals(result.status() == 503 ? "UNAVAILABLE" : "UNAUTHENTICATED"));
    assertThat(results)
        .as("401 only after the restart")
        .filteredOn(result -> result.status() == 401)
        .allMatch(result -> result.startedMs() >= restartedAt);
    assertThat(results)
        .as("everything before the outage succeeded")
        .filteredOn(result -> result.endedMs() < downAt)
        .isNotEmpty()
        .allMatch(Result::ok);

    assertThat(outage.during())
        .as("the outage was under load")
        .hasSizeGreaterThan(20)
        .anyMatch(result -> result.status() == 503);
    assertThat(outage.during())
        .as("503 quickly during the outage")
        .allMatch(result -> result.latencyMs() < QUICK_MS);
    assertThat(results)
        .as("no request waits past the bus timeout")
        .allMatch(result -> result.latencyMs() < BUS_TIMEOUT_MS + 1_000);

    List<Result> recovered =
        results.stream().filter(result -> result.startedMs() >= backAt + RECOVERY_MS).toList();
    assertThat(recovered)
        .as("served normally within 5 s of the dependency's return")
        .hasSizeGreaterThan(20)
        .allMatch(Result::ok);

    assertAcknowledgedWritesArePersisted();
    return outage;
  }

  private static void assertAcknowledgedWritesArePersisted() {
    for (LoadTenant tenant : tenants) {
      Set<String> partners =
          stack
              .column(
                  "SELECT id::text FROM partners WHERE organization_id = ?", tenant.organizationId)
              .stream()
              .map(Object::toString)
              .collect(Collectors.toSet());
      assertThat(partners)
          .as("acknowledged partners of " + tenant.organizationId)
          .containsAll(tenant.partners.stream().map(Object::toString).toList());
      Set<String> configurations =
          stack
              .column(
                  "SELECT key || '=' || (value #>> '{}') FROM configurations"
                      + " WHERE organization_id = ? AND category = 'load'",
                  tenant.organizationId)
              .stream()
              .map(Object::toString)
              .collect(Collectors.toSet());
      assertThat(configurations)
          .as("acknowledged configurations of " + tenant.organizationId)
          .containsAll(
              tenant.configurations.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .toList());
    }
  }

  /**
   * What happened, for the log: counts by status around the outage and the time it took to recover.
   */
  private static void report(
      String dependency,
      List<Result> results,
      long skipped,
      long downAt,
      long stoppedAt,
      long restartedAt,
      long backAt) {
    long lastFailure =
        results.stream()
            .filter(result -> !result.ok())
            .mapToLong(Result::startedMs)
            .max()
            .orElse(backAt);
    long maxLatency = results.stream().mapToLong(Result::latencyMs).max().orElse(0);
    System.out.printf(
        "%s outage: %d requests (%d ticks skipped), stop %d-%d ms, restart %d-%d ms, statuses %s,"
            + " max latency %d ms (%s), last failure started %d ms after the return%n",
        dependency,
        results.size(),
        skipped,
        downAt,
        stoppedAt,
        restartedAt,
        backAt,
        results.stream().collect(Collectors.groupingBy(Result::status, Collectors.counting())),
        maxLatency,
        results.stream()
            .max(Comparator.comparingLong(Result::latencyMs))
            .map(Result::operation)
            .orElse(null),
        lastFailure - backAt);
  }
}
