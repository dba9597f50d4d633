package io.partnerhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.DedicatedStack;
import io.partnerhub.support.MixedLoad;
import io.partnerhub.support.MixedLoad.LoadTenant;
import io.partnerhub.support.MixedLoad.Result;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A steady mixed load from several tenants for {@code -Dpartnerhub.soak.seconds} (180 in the
 * adversarial profile), on servers of this test's own so every connection counted is the app's: no
 * error at all, the heap after GC as flat as after warm-up, PostgreSQL and Redis connections back
 * to their warm-up numbers, and exactly the acknowledged writes in the database.
 */
@Tag("slow")
class LoadSoakTest {
  private static final int TENANTS = 4;
  private static final int PER_SECOND = 50;
  private static final int MAX_IN_FLIGHT = 16;
  private static final long WARM_UP_MS = 15_000;

  /**
   * Growth of the used heap after GC that still counts as flat (the load's own records of each
   * answer take about 1 MiB in 3 minutes); a leak of 1 KiB per request would exceed it within the
   * default run.
   */
  private static final long HEAP_MARGIN_BYTES = 8L << 20;

  @TempDir Path data;

  @Test
  void aSteadyMixedLoadLeavesNoErrorsNoLeaksAndExactlyTheAcknowledgedData()
      throws InterruptedException {
    long seconds = Long.getLong("partnerhub.soak.seconds", 180);
    try (DedicatedStack stack = DedicatedStack.start(data.resolve("postgres"), config -> config)) {
      List<LoadTenant> tenants =
          IntStream.range(0, TENANTS).mapToObj(i -> MixedLoad.provision(stack.baseUrl())).toList();
      // warm-up at three times the rate: the same in-flight limit is then reached often, filling
      // the pools
      List<Result> warmUp = run(stack, tenants, 3 * PER_SECOND, WARM_UP_MS);
      Footprint baseline = Footprint.of(stack);

      List<Result> soak = run(stack, tenants, PER_SECOND, seconds * 1000);
      Footprint end = Footprint.of(stack);
      System.out.printf(
          "Soak %d s: %d requests, statuses %s, p99 %d ms, max %d ms; heap after GC %d -> %d MiB,"
              + " app role connections %d -> %d, Redis clients %d -> %d%n",
          seconds,
          soak.size(),
          soak.stream().collect(Collectors.groupingBy(Result::status, Collectors.counting())),
          percentile(soak, 0.99),
          percentile(soak, 1.0),
          baseline.heapBytes >> 20,
          end.heapBytes >> 20,
          baseline.pgConnections,
          end.pgConnections,
          baseline.redisClients,
          end.redisClients);

      assertThat(warmUp).as("warm-up answers").allMatch(Result::ok);
      assertThat(soak)
          .as("soak answers")
          .hasSizeGreaterThan((int) (seconds * PER_SECOND / 2))
          .allMatch(Result::ok);
      assertThat(end.heapBytes)
          .as("used heap after GC, bytes")
          .isLessThan(baseline.heapBytes + HEAP_MARGIN_BYTES);
      // the warm-up filled the pools: a rare spike may open a connection or two more, a leak opens
      // many
      assertThat(end.pgConnections)
          .as("PostgreSQL connections of the app role")
          .isLessThanOrEqualTo(baseline.pgConnections + 2);
      assertThat(end.pgBusy).as("app role connections not idle (a transaction left open)").isZero();
      assertThat(end.redisClients)
          .as("Redis clients")
          .isLessThanOrEqualTo(baseline.redisClients + 2);
      for (LoadTenant tenant : tenants) {
        assertThat(
                stack.count(
                    "SELECT count(*) FROM partners WHERE organization_id = ?",
                    tenant.organizationId))
            .as("partners of a tenant")
            .isEqualTo(tenant.partners.size());
        assertThat(
                stack.count(
                    "SELECT count(*) FROM configurations WHERE organization_id = ? AND category = 'load'",
                    tenant.organizationId))
            .as("configurations of a tenant")
            .isEqualTo(tenant.configurations.size());
      }
    }
  }

  private static List<Result> run(
      DedicatedStack stack, List<LoadTenant> tenants, int perSecond, long millis)
      throws InterruptedException {
    MixedLoad load = MixedLoad.start(stack.baseUrl(), tenants, perSecond, MAX_IN_FLIGHT);
    try {
      Thread.sleep(millis);
    } finally {
      load.stop();
    }
    return load.results();
  }

  private static long percentile(List<Result> results, double quantile) {
    long[] latencies = results.stream().mapToLong(Result::latencyMs).sorted().toArray();
    return latencies.length == 0 ? 0 : latencies[(int) Math.ceil(quantile * latencies.length) - 1];
  }

  /**
   * What the app holds once a load has stopped: used heap after GC, and its connections to each
   * server.
   */
  private record Footprint(long heapBytes, long pgConnections, long pgBusy, long redisClients) {
    static Footprint of(DedicatedStack stack) throws InterruptedException {
      Thread.sleep(1_000); // let the last responses' work (cache writes, events) finish
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(300);
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Footprint(
          heap,
          stack.appRoleConnections(),
          stack.count(
              "SELECT count(*) FROM pg_stat_activity"
                  + " WHERE usename = 'partnerhub_app' AND state <> 'idle'"),
          stack.redisClients());
    }
  }
}
