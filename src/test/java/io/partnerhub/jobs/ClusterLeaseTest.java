package io.partnerhub.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.db.Database;
import io.partnerhub.support.Await;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestServers;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** One holder at a time; a vanished holder loses the lease within its time to live. */
class ClusterLeaseTest {
  private static final ClusterLease.Timing FAST =
      new ClusterLease.Timing(Duration.ofMillis(1500), Duration.ofMillis(300));

  /** A contender on a Vert.x and pool of its own: a node. */
  private record Node(Vertx vertx, ClusterLease lease, AtomicBoolean holds) {
    static Node contend(String name) {
      TestApp.get(); // the app role exists once the shared app has migrated the database
      Vertx vertx = Vertx.vertx();
      Database database =
          Database.connect(
              vertx,
              TestServers.ownerUrl().withCredentials("partnerhub_app", TestApp.APP_ROLE_PASSWORD),
              2,
              16);
      AtomicBoolean holds = new AtomicBoolean();
      ClusterLease lease =
          ClusterLease.run(
              vertx, database, name, FAST, () -> holds.set(true), () -> holds.set(false));
      return new Node(vertx, lease, holds);
    }
  }

  private static boolean becomes(AtomicBoolean flag, boolean value, Duration within) {
    return Await.until(flag::get, now -> now == value, within) == value;
  }

  @Test
  void oneHolderAndAVanishedOneIsReplacedWithinItsTimeToLive() {
    String name = "test-" + UUID.randomUUID();
    Node first = Node.contend(name);
    assertThat(becomes(first.holds(), true, Duration.ofSeconds(5))).isTrue();
    Node second = Node.contend(name);
    try {
      // several renewals of both: the second never holds it while the first renews
      assertThat(becomes(second.holds(), true, Duration.ofMillis(1200))).isFalse();
      assertThat(first.holds()).isTrue();

      long vanished = System.nanoTime();
      first.vertx().close().await(); // no release: the row simply stops being renewed
      assertThat(becomes(second.holds(), true, Duration.ofSeconds(5))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - vanished))
          .isLessThanOrEqualTo(FAST.ttl().plus(FAST.renewEvery()).plusMillis(500));
    } finally {
      second.vertx().close().await();
    }
  }

  @Test
  void aHolderThatStopsHandsTheLeaseOverAtOnce() {
    String name = "test-" + UUID.randomUUID();
    Node first = Node.contend(name);
    assertThat(becomes(first.holds(), true, Duration.ofSeconds(5))).isTrue();
    Node second = Node.contend(name);
    try {
      first.lease().close().await();
      assertThat(first.holds()).isFalse();
      // released, not expired: the next attempt (one renewal interval) takes it
      assertThat(becomes(second.holds(), true, FAST.renewEvery().plusMillis(700))).isTrue();
    } finally {
      first.vertx().close().await();
      second.vertx().close().await();
    }
  }
}
