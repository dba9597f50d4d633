package io.partnerhub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Await;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.NodeHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /events: a tenant's events in sequence order, scoped, filtered and bounded. */
class EventFeedTest {
  private Tenant tenant;
  private UUID partner;
  private JsonObject deal;

  @BeforeEach
  void aTenantWithAPartnerAndAnApprovedDeal() {
    tenant = Tenant.create();
    partner = Fixtures.partner(tenant, "Seller");
    deal = Fixtures.register(tenant.token(), Fixtures.deal(partner, "Acme", "acme.test", "100.00"));
    assertThat(
            Http.post("/opportunities/" + deal.getString("id") + "/approve", tenant.token(), null)
                .status())
        .isEqualTo(200);
  }

  /** The feed after {@code after} once it holds at least {@code count} events. */
  private static JsonObject feed(String token, String query, int count) {
    return Await.until(
        () -> Http.get("/events" + query, token).json(),
        page -> page.getJsonArray("items").size() >= count,
        Duration.ofSeconds(10));
  }

  private static List<String> types(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("type"))
        .toList();
  }

  @Test
  void theTenantsEventsInOrderInTheEnvelope() {
    JsonObject page = feed(tenant.token(), "", 3);
    assertThat(types(page))
        .containsExactly("partner.created", "opportunity.registered", "opportunity.approved");
    JsonArray items = page.getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      assertThat(items.getJsonObject(i).getLong("sequence")).isEqualTo(i + 1L);
    }
    JsonObject approved = items.getJsonObject(2);
    assertThat(approved.fieldNames())
        .containsExactlyInAnyOrder(
            "id",
            "sequence",
            "type",
            "occurredAt",
            "organizationId",
            "partnerId",
            "aggregate",
            "actor",
            "data");
    assertThat(approved.getString("organizationId")).isEqualTo(tenant.organizationId().toString());
    assertThat(approved.getString("partnerId")).isEqualTo(partner.toString());
    assertThat(approved.getJsonObject("aggregate"))
        .isEqualTo(new JsonObject().put("type", "opportunity").put("id", deal.getString("id")));
    assertThat(approved.getJsonObject("actor"))
        .isEqualTo(new JsonObject().put("type", "user").put("id", tenant.adminId().toString()));
    assertThat(approved.getJsonObject("data").getString("registrationStatus"))
        .isEqualTo("approved");
    assertThat(page.getLong("nextCursor")).isEqualTo(3L);

    JsonObject rest = Http.get("/events?after=2", tenant.token()).json();
    assertThat(types(rest)).containsExactly("opportunity.approved");
    JsonObject nothingNew = Http.get("/events?after=3", tenant.token()).json();
    assertThat(nothingNew.getJsonArray("items")).isEmpty();
    assertThat(nothingNew.getLong("nextCursor")).isEqualTo(3L);
  }

  @Test
  void anotherTenantSeesNoneOfThemAndCountsFromOne() {
    feed(tenant.token(), "", 3);
    Tenant other = Tenant.create();
    Fixtures.partner(other, "Other seller");
    JsonObject page = feed(other.token(), "", 1);
    assertThat(types(page)).containsExactly("partner.created");
    assertThat(page.getJsonArray("items").getJsonObject(0).getLong("sequence")).isEqualTo(1L);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("organizationId"))
        .isEqualTo(other.organizationId().toString());
  }

  @Test
  void aPartnerUserSeesOnlyItsPartnersEvents() {
    UUID rival = Fixtures.partner(tenant, "Rival");
    Fixtures.register(tenant.token(), Fixtures.deal(rival, "Globex", "globex.test", "200.00"));
    feed(tenant.token(), "", 5);
    String partnerUser = Fixtures.userToken(tenant, "partner_user", partner);
    JsonObject page = Http.get("/events", partnerUser).json();
    assertThat(types(page))
        .containsExactly("partner.created", "opportunity.registered", "opportunity.approved");
    assertThat(page.getJsonArray("items").stream())
        .allMatch(item -> partner.toString().equals(((JsonObject) item).getString("partnerId")));
  }

  @Test
  void theTypesFilterKeepsOnlyThoseTypes() {
    feed(tenant.token(), "", 3);
    JsonObject page =
        Http.get("/events?types=opportunity.approved,partner.created", tenant.token()).json();
    assertThat(types(page)).containsExactly("partner.created", "opportunity.approved");
    assertThat(page.getLong("nextCursor")).isEqualTo(3L);
    Http.Response unknown = Http.get("/events?types=opportunity.teleported", tenant.token());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.problems()).containsKey("types");
    assertThat(Http.get("/events?types=,", tenant.token()).status()).isEqualTo(400);
  }

  @Test
  void badCursorsAndLimitsAre400AndTheLimitBounds() {
    feed(tenant.token(), "", 3);
    for (String query :
        List.of(
            "?after=abc",
            "?after=-1",
            "?after=1.5",
            "?after=99999999999999999999",
            "?limit=0",
            "?limit=201",
            "?limit=x")) {
      Http.Response response = Http.get("/events" + query, tenant.token());
      assertThat(response.status()).as(query + ": " + response.text()).isEqualTo(400);
      assertThat(response.json().getString("error")).isEqualTo("VALIDATION");
    }
    JsonObject first = Http.get("/events?limit=1", tenant.token()).json();
    assertThat(types(first)).containsExactly("partner.created");
    assertThat(first.getLong("nextCursor")).isEqualTo(1L);
    assertThat(types(Http.get("/events?limit=200&after=1", tenant.token()).json())).hasSize(2);
  }

  @Test
  void readingTheFeedTakesEventsRead() {
    assertThat(Http.get("/events", null).status()).isEqualTo(401);
    String viewer = Fixtures.userToken(tenant, "viewer", null);
    assertThat(Http.get("/events", viewer).status()).isEqualTo(200);
  }

  @Test
  void aCursorBehindTheRetentionPurgeIsGoneNotASilentGap() {
    feed(tenant.token(), "", 3);
    TestDb.update(
        "UPDATE events SET occurred_at = now() - interval '400 days'"
            + " WHERE organization_id = ? AND sequence <= 2",
        tenant.organizationId());
    // a node's relay lease holder purges at start
    // no mail dispatch: closing a node while its SMTP client was mid-conversation hung once
    PartnerHub purging = TestApp.start(TestApp.settings().with(Setting.MAIL_DISPATCH, false));
    try {
      JsonObject left =
          Await.until(
              () -> Http.get("/events", tenant.token()).json(),
              page -> page.getJsonArray("items").size() == 1,
              Duration.ofSeconds(10));
      assertThat(types(left)).containsExactly("opportunity.approved");
    } finally {
      purging.close().await();
    }
    Http.Response gone = Http.get("/events?after=1", tenant.token());
    assertThat(gone.status()).as(gone.text()).isEqualTo(410);
    assertThat(gone.json().getString("error")).isEqualTo("GONE");
    assertThat(gone.json().getJsonObject("details").getLong("purgedThrough")).isEqualTo(2L);
    assertThat(types(Http.get("/events?after=2", tenant.token()).json()))
        .containsExactly("opportunity.approved");

    Tenant other = Tenant.create();
    Fixtures.partner(other, "Elsewhere");
    assertThat(feed(other.token(), "?after=1", 0).getJsonArray("items")).isEmpty();
  }

  @Test
  void theRelayTimesEachEventFromItsCommitAndFromItsWrite() {
    double[] before = lagCounts();
    Fixtures.partner(tenant, "Timed");
    double[] after =
        Await.until(
            EventFeedTest::lagCounts,
            counts -> counts[0] > before[0] && counts[1] > before[1],
            Duration.ofSeconds(10));
    assertThat(after[0]).as("events timed from their commit").isGreaterThan(before[0]);
    assertThat(after[1]).as("events timed from their write").isGreaterThan(before[1]);
  }

  /** The relay's two lag histograms' counts on the shared node: from commit, from write. */
  private static double[] lagCounts() {
    String metrics = NodeHttp.raw(TestApp.get(), "/metrics").body();
    return new double[] {
      count(metrics, "partnerhub_events_publish_lag_seconds_count"),
      count(metrics, "partnerhub_events_publish_lag_from_write_seconds_count")
    };
  }

  private static double count(String metrics, String name) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
