package io.partnerhub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.support.Await;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Transactions commit out of order; a feed reader at N must never later see an event below N. Two
 * real transactions of the app role write an event each; the later one commits first.
 */
class NoSkippedEventsTest {
  private static final String INSERT =
      "INSERT INTO events (id, organization_id, type, aggregate_type, aggregate_id, actor_type,"
          + " occurred_at, data) VALUES (?, ?, 'partner.updated', 'partner', ?, 'system', now(),"
          + " '{}'::jsonb)";

  private static void write(Connection conn, UUID organization, UUID id) throws Exception {
    conn.setAutoCommit(false);
    try (PreparedStatement set =
        conn.prepareStatement("SELECT set_config('app.current_organization_id', ?, true)")) {
      set.setString(1, organization.toString());
      set.execute();
    }
    try (PreparedStatement insert = conn.prepareStatement(INSERT)) {
      insert.setObject(1, id);
      insert.setObject(2, organization);
      insert.setObject(3, UUID.randomUUID());
      insert.executeUpdate();
    }
  }

  /** A poller's view: every event it has read, following nextCursor. */
  private static final class Poller {
    final Tenant tenant;
    final List<String> seen = new ArrayList<>();
    long after;

    Poller(Tenant tenant) {
      this.tenant = tenant;
    }

    List<String> poll() {
      JsonObject page = Http.get("/events?after=" + after, tenant.token()).json();
      page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("id")));
      after = page.getLong("nextCursor");
      return seen;
    }
  }

  @Test
  void twoTransactionsCommittingInReverseOrderAreBothRead() throws Exception {
    Tenant tenant = Tenant.create();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    Poller poller = new Poller(tenant);
    try (Connection older = TestDb.appRole();
        Connection newer = TestDb.appRole()) {
      write(older, tenant.organizationId(), first);
      write(newer, tenant.organizationId(), second);
      newer.commit();
      // the newer event is placed and read as soon as its transaction commits: sequence 1
      assertThat(Await.until(poller::poll, seen -> !seen.isEmpty(), Duration.ofSeconds(10)))
          .containsExactly(second.toString());
      older.commit();
    }
    // the older transaction's event, committed later, is placed later, above the poller's cursor
    assertThat(Await.until(poller::poll, seen -> seen.size() >= 2, Duration.ofSeconds(10)))
        .containsExactly(second.toString(), first.toString());
    assertThat(
            TestDb.column(
                "SELECT id::text FROM events WHERE id IN (?::uuid, ?::uuid) ORDER BY sequence",
                second.toString(),
                first.toString()))
        .containsExactly(second.toString(), first.toString());
  }
}
