package io.partnerhub.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.consumer.Contract;
import io.partnerhub.db.IsolationWorld.Actor;
import io.partnerhub.http.DocumentedOperations;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant and partner isolation, walked exhaustively. Every operation of openapi.yaml (the document
 * the router is verified against at start) and every address of {@link Contract#ENDPOINTS} is tried
 * by A's vendor admin and A's partner user of P1 (on the bus also by forged contexts) against B's
 * rows, against A's other partner P2's rows and against guessed ids, reading, listing, changing,
 * deleting, approving and paying, with B's organization and other partners smuggled into query
 * strings, headers and bodies. Each probe must get its exact status and show no foreign id or name;
 * B's rows and P2's rows, read as the owner before and after each operation, must be exactly as
 * they were; B's sessions must still be live. The tables of probes must know every operation and
 * address: a new one fails the walk until it is added.
 */
class IsolationWalkTest {
  private static IsolationWorld world;

  @BeforeAll
  static void twoTenantsWithDataOfEveryKind() {
    world = IsolationWorld.build();
  }

  @AfterAll
  static void closeTheWorld() throws Exception {
    world.close();
  }

  @Test
  void theRouteTableKnowsExactlyTheDocumentedOperations() {
    assertThat(HttpRouteTable.ROUTES.keySet())
        .containsExactlyInAnyOrderElementsOf(documentedOperations());
  }

  @Test
  void theBusTableKnowsExactlyThePublishedEndpoints() {
    assertThat(BusEndpointTable.ENDPOINTS.keySet())
        .containsExactlyInAnyOrderElementsOf(addresses());
  }

  @Test
  void noRouteShowsOrChangesAnotherTenantsOrPartnersRows() {
    assertThat(walk(documentedOperations(), HttpRouteTable.ROUTES)).isEmpty();
  }

  @Test
  void noBusAddressShowsOrChangesAnotherTenantsOrPartnersRows() {
    assertThat(walk(addresses(), BusEndpointTable.ENDPOINTS)).isEmpty();
  }

  /**
   * The walk's checks can fail: a foreign row shown, and a foreign row changed, are both reported.
   */
  @Test
  void theWalkSeesAForeignRowShownOrChanged() {
    Probe.Rest bListsItsOwn =
        new Probe.Rest(
            Actor.VENDOR, world.b.tenant().token(), "GET", "/partners", null, Map.of(), 200);
    assertThat(check("B's own list, taken as A's", bListsItsOwn))
        .anySatisfy(problem -> assertThat(problem).contains("shows foreign " + world.b.p1().id()))
        .anySatisfy(
            problem -> assertThat(problem).contains("shows foreign " + world.b.p1().marker()));
    Probe.Rest vendorsList =
        new Probe.Rest(
            Actor.PARTNER, world.a.tenant().token(), "GET", "/partners", null, Map.of(), 200);
    assertThat(check("the vendor's list, taken as P1's", vendorsList))
        .anySatisfy(problem -> assertThat(problem).contains("shows foreign " + world.a.p2().id()));

    Map<String, List<String>> before = world.snapshot();
    TestDb.update("UPDATE partners SET version = version + 1 WHERE id = ?", world.b.p1().id());
    TestDb.update(
        "UPDATE opportunities SET version = version + 1 WHERE id = ?", world.a.p2().pendingDeal());
    try {
      assertThat(IsolationWorld.changes(before, world.snapshot())).hasSize(2);
    } finally {
      TestDb.update("UPDATE partners SET version = version - 1 WHERE id = ?", world.b.p1().id());
      TestDb.update(
          "UPDATE opportunities SET version = version - 1 WHERE id = ?",
          world.a.p2().pendingDeal());
    }
    assertThat(IsolationWorld.changes(before, world.snapshot())).isEmpty();
  }

  /** The walk is not vacuous: each actor does see its own rows where it looks for foreign ones. */
  @Test
  void eachActorSeesItsOwnRows() {
    assertThat(Http.get("/partners?limit=200", world.a.tenant().token()).text())
        .contains(world.a.p1().id().toString(), world.a.p2().id().toString());
    assertThat(ids(Http.get("/partners", world.a.p1().token()).json()))
        .containsExactly(world.a.p1().id().toString());
    assertThat(Http.get("/commissions", world.a.p1().token()).json().getJsonArray("items"))
        .isNotEmpty()
        .allSatisfy(
            item ->
                assertThat(((JsonObject) item).getString("partnerId"))
                    .isEqualTo(world.a.p1().id().toString()));
    String dashboard = "/dashboard?from=2024-01-01&to=2030-12-31";
    assertThat(Http.get(dashboard, world.a.tenant().token()).text())
        .contains(world.a.p2().marker());
    assertThat(Http.get(dashboard, world.a.p1().token()).text()).contains(world.a.p1().marker());
    assertThat(
            Http.get("/configurations/secret/" + world.a.key("read"), world.a.tenant().token())
                .json()
                .getString("value"))
        .isEqualTo(world.a.marker() + " second value");
  }

  /**
   * The one foreign thing a partner user is told, by design (docs/decisions.md, 23): registering a
   * customer another partner registered names that registration's id, and nothing else of it.
   */
  @Test
  void aConflictTellsAPartnerUserOnlyTheIdOfTheOtherPartnersRegistration() {
    Tenant tenant = Tenant.create();
    UUID rival = Fixtures.partner(tenant, "Rival partner");
    String ownToken =
        Fixtures.userToken(tenant, "partner_user", Fixtures.partner(tenant, "Own partner"));
    JsonObject rivals =
        Fixtures.register(
            tenant.token(), Fixtures.deal(rival, "Rival secret", "contested.test", "98765.43"));

    JsonObject flagged =
        Fixtures.register(ownToken, Fixtures.deal(null, "Contested", "contested.test", "100.00"));
    assertThat(flagged.getString("conflictWith")).isEqualTo(rivals.getString("id"));
    assertThat(flagged.encode()).doesNotContain("Rival", "98765", rival.toString());
    assertThat(Http.get("/opportunities/" + rivals.getString("id"), ownToken).status())
        .isEqualTo(404);

    assertThat(
            Http.put(
                    "/configurations",
                    tenant.token(),
                    new JsonObject()
                        .put("category", "opportunities")
                        .put("key", "conflictPolicy")
                        .put("dataType", "string")
                        .put("value", "reject"))
                .status())
        .isEqualTo(201);
    Http.Response refused =
        Http.post(
            "/opportunities", ownToken, Fixtures.deal(null, "Contested", "contested.test", "1.00"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().getJsonObject("details").getString("conflictWith"))
        .isEqualTo(rivals.getString("id"));
    assertThat(refused.text()).doesNotContain("Rival", "98765", rival.toString());
  }

  // --- the walk
  // -------------------------------------------------------------------------------------------

  private static List<String> walk(
      Collection<String> names, Map<String, Function<IsolationWorld, List<Probe>>> table) {
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      Function<IsolationWorld, List<Probe>> probesOf = table.get(name);
      if (probesOf == null) {
        problems.add(name + ": the walk does not know how to exercise it; add it to its table");
        continue;
      }
      List<Probe> probes = probesOf.apply(world);
      Map<String, List<String>> before = world.snapshot();
      for (Probe probe : probes) {
        problems.addAll(check(name, probe));
      }
      IsolationWorld.changes(before, world.snapshot())
          .forEach(change -> problems.add(name + ": " + change));
      for (String token : world.liveSessions()) {
        Http.Response me = Http.get("/auth/me", token);
        if (me.status() != 200) {
          problems.add(name + ": a session of B or of P2 ended (" + me.status() + ")");
        }
      }
    }
    return problems;
  }

  /**
   * Sends the probe: its exact status and error code, and nothing foreign that the actor did not
   * send.
   */
  private static List<String> check(String name, Probe probe) {
    Probe.Outcome outcome = probe.send();
    String label = name + " | " + probe;
    List<String> problems = new ArrayList<>();
    if (outcome.status() != probe.expected()) {
      problems.add(
          label
              + ": got "
              + outcome.status()
              + " instead of "
              + probe.expected()
              + ": "
              + shorten(outcome.shown()));
    } else if (probe.expected() >= 400
        && !FailureCode.fromStatus(probe.expected()).name().equals(outcome.error())) {
      problems.add(
          label
              + ": error "
              + outcome.error()
              + " instead of "
              + FailureCode.fromStatus(probe.expected()));
    }
    String sent = probe.sent();
    for (String foreign : world.foreign(probe.actor())) {
      if (!sent.contains(foreign) && outcome.shown().contains(foreign)) {
        problems.add(label + ": shows foreign " + foreign + " in " + shorten(outcome.shown()));
      }
    }
    return problems;
  }

  private static String shorten(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "…";
  }

  private static Set<String> documentedOperations() {
    return DocumentedOperations.all(TestApp.get().vertx());
  }

  private static Set<String> addresses() {
    return new TreeSet<>(Contract.ENDPOINTS.stream().map(Endpoint::address).toList());
  }

  private static List<String> ids(JsonObject page) {
    JsonArray items = page.getJsonArray("items");
    return items.stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }
}
