package io.partnerhub.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.partnerhub.user.Roles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the isolation walk attacks: tenants A and B built through the real API, each with
 * configurations (audited), partners P1 and P2 with a partner user each (a partner admin: the
 * partner role with the most permissions, team:* included, so what holds for it holds for
 * partner_user), a manager whose e-mail exists in both tenants, a pending and a won deal per
 * partner, and the commission of each won deal. Every text B stores, and every text of A's P2,
 * carries a random marker, so a leaked name is found by its marker and a leaked row by its id.
 */
final class IsolationWorld implements AutoCloseable {
  static final String SHARED_PASSWORD_OF_A = "shared user of A, password";
  static final String SHARED_PASSWORD_OF_B = "shared user of B, password";

  /** The kinds of row a route or address can name by id. */
  enum Kind {
    PARTNER,
    USER,
    OPPORTUNITY,
    COMMISSION,
    /** A user's own: the notifications of B's users, and of P2's. */
    NOTIFICATION,
    /** A tenant's alone: no partner has one. */
    WEBHOOK,
    /** A tenant's alone: its queued and sent mail (none is dead: resending any is 404). */
    MAIL,
    INVITATION,
    /** A tenant's alone. */
    APPLICATION
  }

  /**
   * Who acts, always on A's side. VENDOR: A's admin; PARTNER: A's partner user of P1. On the bus
   * only: FORGED_PARTNER is A's organization with B's partner as the partner, FORGED_USER A's
   * organization with B's admin as the user. ANONYMOUS logs in; PLATFORM holds the platform key.
   */
  enum Actor {
    VENDOR,
    PARTNER,
    FORGED_PARTNER,
    FORGED_USER,
    ANONYMOUS,
    PLATFORM
  }

  /** A partner, its partner user and its two deals. */
  record Partner(
      UUID id, String marker, UUID userId, String token, UUID pendingDeal, UUID wonDeal) {
    static String emailOf(String marker) {
      return "user-" + marker + "@example.test";
    }

    String email() {
      return emailOf(marker);
    }
  }

  /** A tenant: its markers (in every text it stores) and what the walk needs of its rows. */
  record Side(
      Tenant tenant, String marker, String keyMarker, Partner p1, Partner p2, UUID sharedUserId) {
    /**
     * Configuration keys of category "secret": read (audited twice), http and bus (names A reuses).
     */
    String key(String use) {
      return keyMarker + "_" + use;
    }

    UUID organizationId() {
      return tenant.organizationId();
    }
  }

  final Side a;
  final Side b;
  final String sharedEmail;

  /** B created a partner with this Idempotency-Key and body; A sends the same. */
  final String idempotencyKey;

  final JsonObject idempotentPartner;
  private final Map<Kind, List<UUID>> idsOfB;
  private final Map<Kind, List<UUID>> idsOfP2;
  private final Set<String> foreignToVendor;
  private final Set<String> foreignToPartner;
  private final List<String> tenantTables;
  private final List<String> partnerTables;
  private Connection owner;

  private IsolationWorld(
      Side a, Side b, String sharedEmail, String idempotencyKey, JsonObject idempotentPartner) {
    this.a = a;
    this.b = b;
    this.sharedEmail = sharedEmail;
    this.idempotencyKey = idempotencyKey;
    this.idempotentPartner = idempotentPartner;
    this.tenantTables = tablesWith("organization_id");
    this.partnerTables = tablesWith("partner_id");
    this.idsOfB =
        ids(
            uuids(
                "SELECT id FROM partners WHERE organization_id = ? ORDER BY created_at",
                b.organizationId()),
            "organization_id",
            b.organizationId());
    this.idsOfP2 = ids(List.of(a.p2().id()), "partner_id", a.p2().id());
    this.foreignToVendor = new LinkedHashSet<>(textsOfTenant(b));
    this.foreignToPartner = new LinkedHashSet<>(foreignToVendor);
    foreignToPartner.addAll(textsOfPartner(a.p2()));
  }

  static IsolationWorld build() {
    String sharedEmail = "shared-" + marker() + "@example.test";
    // the two tenants are built at once: most of the time goes to password hashing, which has two
    // workers
    CompletableFuture<Side> building =
        CompletableFuture.supplyAsync(() -> side(sharedEmail, SHARED_PASSWORD_OF_B));
    Side a = side(sharedEmail, SHARED_PASSWORD_OF_A);
    Side b = building.join();
    String idempotencyKey = "walk-" + marker();
    JsonObject idempotentPartner =
        new JsonObject()
            .put("name", "Idempotent partner")
            .put("type", "reseller")
            .put("tier", "gold");
    Http.Response created =
        Http.send(
            "POST",
            "/partners",
            b.tenant().token(),
            idempotentPartner,
            Map.of("Idempotency-Key", idempotencyKey));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    awaitCommissions(a);
    awaitCommissions(b);
    // the relay numbers events after their commit: wait, so B's rows stay as the snapshots saw them
    io.partnerhub.support.Await.until(
        () ->
            TestDb.count(
                "SELECT count(*) FROM events WHERE position IS NULL AND organization_id IN (?, ?)",
                a.organizationId(),
                b.organizationId()),
        waiting -> waiting == 0,
        java.time.Duration.ofSeconds(10));
    // and the notifications of those events written, and their mail sent, so no row of B changes
    // under the snapshots
    io.partnerhub.support.Await.until(
        () ->
            TestDb.count(
                "SELECT count(*) FROM events e WHERE e.organization_id IN (?, ?) AND e.position >"
                    + " (SELECT position FROM event_cursors WHERE consumer = 'notifications')",
                a.organizationId(),
                b.organizationId()),
        waiting -> waiting == 0,
        java.time.Duration.ofSeconds(15));
    io.partnerhub.support.Await.until(
        () ->
            TestDb.count(
                "SELECT count(*) FROM outgoing_mail WHERE state = 'pending'"
                    + " AND organization_id IN (?, ?)",
                a.organizationId(),
                b.organizationId()),
        waiting -> waiting == 0,
        java.time.Duration.ofSeconds(15));
    return new IsolationWorld(a, b, sharedEmail, idempotencyKey, idempotentPartner);
  }

  /** A random lowercase marker, usable in names, e-mails, domains and configuration keys. */
  static String marker() {
    return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
  }

  private static Side side(String sharedEmail, String sharedPassword) {
    Tenant tenant = Tenant.create();
    String marker = marker();
    String keyMarker = marker();
    String token = tenant.token();
    configure(
        token,
        "commissions",
        "rules",
        "array",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("effectiveFrom", "2020-01-01")
                    .put("base", new JsonObject().put("kind", "flat").put("rate", 10))));
    configure(token, "secret", keyMarker + "_read", "string", marker + " first value");
    configure(token, "secret", keyMarker + "_read", "string", marker + " second value");
    configure(token, "secret", keyMarker + "_http", "string", marker + " http value");
    configure(token, "secret", keyMarker + "_bus", "string", marker + " bus value");
    Partner p1 = partner(tenant);
    Partner p2 = partner(tenant);
    UUID shared = user(token, sharedEmail, sharedPassword, Roles.MANAGER, null);
    recruitAndInvite(tenant, marker, p2);
    // last, and for an event the walk never causes in B: no delivery is queued while it runs
    Http.Response webhook =
        Http.post(
            "/webhooks",
            token,
            new JsonObject()
                .put("url", "https://hooks." + marker + ".test/in")
                .put("eventTypes", new JsonArray().add("partner.deleted"))
                .put("description", "Webhook " + marker));
    assertThat(webhook.status()).as(webhook.text()).isEqualTo(201);
    return new Side(tenant, marker, keyMarker, p1, p2, shared);
  }

  /** An application through the open form, and an invitation into P2. */
  private static void recruitAndInvite(Tenant tenant, String marker, Partner p2) {
    configure(tenant.token(), "recruitment", "open", "boolean", true);
    Http.Response applied =
        Http.post(
            "/partner-applications",
            null,
            new JsonObject()
                .put("subdomain", tenant.subdomain())
                .put("companyName", "Applicant " + marker)
                .put("contactName", "Contact " + marker)
                .put("contactEmail", "applicant-" + marker + "@example.test")
                .put("partnerType", "reseller"));
    assertThat(applied.status()).as(applied.text()).isEqualTo(202);
    Http.Response invited =
        Http.post(
            "/invitations",
            tenant.token(),
            new JsonObject()
                .put("email", "invitee-" + marker + "@example.test")
                .put("role", Roles.PARTNER_USER)
                .put("partnerId", p2.id().toString()));
    assertThat(invited.status()).as(invited.text()).isEqualTo(201);
  }

  private static void configure(
      String token, String category, String key, String dataType, Object value) {
    Http.Response put =
        Http.put(
            "/configurations",
            token,
            new JsonObject()
                .put("category", category)
                .put("key", key)
                .put("dataType", dataType)
                .put("value", value));
    assertThat(put.status()).as(put.text()).isIn(200, 201);
  }

  private static Partner partner(Tenant tenant) {
    String marker = marker();
    Http.Response created =
        Http.post(
            "/partners",
            tenant.token(),
            new JsonObject()
                .put("name", "Partner " + marker)
                .put("type", "reseller")
                .put("tier", "gold")
                .put("status", "active")
                .put("contactEmail", "contact@" + marker + ".test")
                .put("website", "https://" + marker + ".test")
                .put("region", "region " + marker)
                .put("customFields", new JsonObject().put("note", marker)));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    UUID id = UUID.fromString(created.json().getString("id"));
    String email = Partner.emailOf(marker);
    UUID userId = user(tenant.token(), email, Tenant.PASSWORD, Roles.PARTNER_ADMIN, id);
    String userToken = Tenant.login(tenant.subdomain(), email, Tenant.PASSWORD);
    UUID pending =
        id(
            Fixtures.register(
                tenant.token(),
                Fixtures.deal(id, "Pending " + marker, marker + "-pending.test", "1000.00")));
    return new Partner(id, marker, userId, userToken, pending, win(tenant.token(), id, marker));
  }

  private static UUID user(
      String token, String email, String password, String role, UUID partnerId) {
    JsonObject body =
        new JsonObject().put("email", email).put("password", password).put("role", role);
    if (partnerId != null) {
      body.put("partnerId", partnerId.toString());
    }
    Http.Response created = Http.post("/users", token, body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return id(created.json());
  }

  /** Registers, approves and wins a deal: the commission verticle then records its commission. */
  private static UUID win(String token, UUID partnerId, String marker) {
    JsonObject deal =
        Fixtures.register(
            token, Fixtures.deal(partnerId, "Won " + marker, marker + "-won.test", "2000.00"));
    Http.Response approved =
        Http.post("/opportunities/" + deal.getString("id") + "/approve", token, null);
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    Http.Response won =
        Http.send(
            "PATCH",
            "/opportunities/" + deal.getString("id"),
            token,
            new JsonObject().put("stage", "closed_won"),
            Map.of("If-Match", "\"" + approved.json().getInteger("version") + "\""));
    assertThat(won.status()).as(won.text()).isEqualTo(200);
    return id(deal);
  }

  private static void awaitCommissions(Side side) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (TestDb.count(
            "SELECT count(*) FROM commissions WHERE organization_id = ?", side.organizationId())
        < 2) {
      assertThat(System.nanoTime()).as("the commissions of both won deals").isLessThan(deadline);
      sleep(50);
    }
  }

  private static UUID id(JsonObject json) {
    return UUID.fromString(json.getString("id"));
  }

  // --- actors
  // -------------------------------------------------------------------------------------------

  String token(Actor actor) {
    return switch (actor) {
      case VENDOR -> a.tenant().token();
      case PARTNER -> a.p1().token();
      default -> null;
    };
  }

  TenantContext context(Actor actor) {
    return switch (actor) {
      case VENDOR -> vendorContext(a.tenant().adminId());
      case PARTNER -> partnerContext(a.p1().id());
      case FORGED_PARTNER -> partnerContext(b.p1().id());
      case FORGED_USER -> vendorContext(b.tenant().adminId());
      default -> null;
    };
  }

  private TenantContext vendorContext(UUID userId) {
    return TestApp.signed(
        new TenantContext(
            a.organizationId(), userId, Roles.ADMIN, Roles.permissionsOf(Roles.ADMIN), null));
  }

  private TenantContext partnerContext(UUID partnerId) {
    return TestApp.signed(
        new TenantContext(
            a.organizationId(),
            a.p1().userId(),
            Roles.PARTNER_ADMIN,
            Roles.permissionsOf(Roles.PARTNER_ADMIN),
            partnerId));
  }

  static boolean actsForAPartner(Actor actor) {
    return actor == Actor.PARTNER || actor == Actor.FORGED_PARTNER;
  }

  /**
   * The status an actor gets when it reaches a row it must not: 403 without the endpoint's
   * permission or, for a vendor-only action, as a partner user; otherwise {@code reached} (404 for
   * a row that is not there, 200 for an empty answer).
   */
  int expect(Actor actor, Endpoint<?, ?> endpoint, boolean vendorOnly, int reached) {
    return expect(actor, endpoint.permission(), vendorOnly, reached);
  }

  /**
   * As {@link #expect(Actor, Endpoint, boolean, int)} for a permission ({@code null}: any signed-in
   * user).
   */
  int expect(Actor actor, String permission, boolean vendorOnly, int reached) {
    boolean permitted =
        permission == null
            || Roles.permissionsOf(actsForAPartner(actor) ? Roles.PARTNER_ADMIN : Roles.ADMIN)
                .contains(permission);
    return !permitted || (vendorOnly && actsForAPartner(actor)) ? 403 : reached;
  }

  /**
   * The ids an actor must not reach, of a kind: B's, and for a partner user also P2's; and a
   * guessed one.
   */
  List<UUID> targets(Actor actor, Kind kind) {
    List<UUID> ids = new ArrayList<>(idsOfB.get(kind));
    if (actsForAPartner(actor)) {
      ids.addAll(idsOfP2.getOrDefault(kind, List.of()));
    }
    ids.add(UUID.randomUUID());
    return ids;
  }

  /**
   * Every text the actor must never be shown unless it sent it: foreign ids, markers, B's
   * subdomain.
   */
  Set<String> foreign(Actor actor) {
    return actsForAPartner(actor) ? foreignToPartner : foreignToVendor;
  }

  /** Query parameters and headers that name B (and another partner) where no route takes them. */
  String smuggledQuery(Actor actor) {
    UUID otherPartner = actsForAPartner(actor) ? a.p2().id() : b.p1().id();
    return "organizationId="
        + b.organizationId()
        + "&organization_id="
        + b.organizationId()
        + "&tenantId="
        + b.organizationId()
        + "&partner_id="
        + otherPartner
        + "&subdomain="
        + b.tenant().subdomain();
  }

  Map<String, String> smuggledHeaders() {
    return Map.of(
        "X-Organization-Id",
        b.organizationId().toString(),
        "X-Tenant-Id",
        b.organizationId().toString(),
        "X-Subdomain",
        b.tenant().subdomain());
  }

  // --- what is foreign, and whether it changed
  // -------------------------------------------------------------

  /** The ids of each kind whose {@code column} is {@code owner}; partners given. */
  private static Map<Kind, List<UUID>> ids(List<UUID> partners, String column, UUID owner) {
    Map<Kind, List<UUID>> ids = new EnumMap<>(Kind.class);
    ids.put(Kind.PARTNER, partners);
    ids.put(
        Kind.USER,
        uuids("SELECT id FROM users WHERE " + column + " = ? ORDER BY created_at", owner));
    ids.put(
        Kind.OPPORTUNITY,
        uuids("SELECT id FROM opportunities WHERE " + column + " = ? ORDER BY created_at", owner));
    ids.put(
        Kind.COMMISSION,
        uuids("SELECT id FROM commissions WHERE " + column + " = ? ORDER BY created_at", owner));
    ids.put(
        Kind.NOTIFICATION,
        uuids(
            "SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u."
                + column
                + " = ? ORDER BY n.created_at",
            owner));
    ids.put(
        Kind.INVITATION,
        uuids("SELECT id FROM invitations WHERE " + column + " = ? ORDER BY created_at", owner));
    if (column.equals("organization_id")) {
      ids.put(
          Kind.WEBHOOK, uuids("SELECT id FROM webhook_endpoints WHERE organization_id = ?", owner));
      ids.put(Kind.MAIL, uuids("SELECT id FROM outgoing_mail WHERE organization_id = ?", owner));
      ids.put(
          Kind.APPLICATION,
          uuids("SELECT id FROM partner_applications WHERE organization_id = ?", owner));
    }
    ids.values().forEach(list -> assertThat(list).as("foreign rows of every kind").isNotEmpty());
    return ids;
  }

  private static List<UUID> uuids(String sql, UUID owner) {
    return new ArrayList<>(TestDb.column(sql, owner).stream().map(UUID.class::cast).toList());
  }

  private List<String> textsOfTenant(Side side) {
    // not the configuration key names: A may use the same names for rows of its own
    List<String> texts =
        new ArrayList<>(
            List.of(
                side.organizationId().toString(),
                side.marker(),
                side.p1().marker(),
                side.p2().marker(),
                side.tenant().subdomain()));
    for (String table : tenantTables) {
      TestDb.column(
              "SELECT id::text FROM " + table + " WHERE organization_id = ?", side.organizationId())
          .forEach(id -> texts.add((String) id));
    }
    return texts;
  }

  private List<String> textsOfPartner(Partner partner) {
    List<String> texts = new ArrayList<>(List.of(partner.id().toString(), partner.marker()));
    for (String table : partnerTables) {
      TestDb.column("SELECT id::text FROM " + table + " WHERE partner_id = ?", partner.id())
          .forEach(id -> texts.add((String) id));
    }
    return texts;
  }

  /**
   * Public tables with the column (and an id), from the catalog: a new table is covered without
   * edits here.
   */
  private static List<String> tablesWith(String column) {
    return TestDb.column(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind = 'r'"
                + " AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ? AND NOT a.attisdropped)"
                + " AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped)"
                + " ORDER BY 1",
            column)
        .stream()
        .map(String.class::cast)
        .toList();
  }

  /** Every row of B and every row of A's P2, exactly as stored, read as the owner (no RLS). */
  Map<String, List<String>> snapshot() {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    try {
      if (owner == null) {
        owner = TestDb.owner();
      }
      rows.put(
          "B organizations",
          rows(
              owner,
              "SELECT row_to_json(t)::text FROM organizations t WHERE id = ?",
              b.organizationId()));
      for (String table : tenantTables) {
        rows.put(
            "B " + table,
            rows(
                owner,
                "SELECT row_to_json(t)::text FROM "
                    + table
                    + " t WHERE organization_id = ? ORDER BY 1",
                b.organizationId()));
      }
      rows.put(
          "P2 partners",
          rows(owner, "SELECT row_to_json(t)::text FROM partners t WHERE id = ?", a.p2().id()));
      for (String table : partnerTables) {
        rows.put(
            "P2 " + table,
            rows(
                owner,
                "SELECT row_to_json(t)::text FROM " + table + " t WHERE partner_id = ? ORDER BY 1",
                a.p2().id()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static List<String> rows(Connection conn, String sql, UUID owner) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(sql)) {
      statement.setObject(1, owner);
      List<String> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(result.getString(1));
        }
      }
      return rows;
    }
  }

  /** The tables whose rows differ between two snapshots, with the rows before and after. */
  static List<String> changes(Map<String, List<String>> before, Map<String, List<String>> after) {
    List<String> changed = new ArrayList<>();
    before.forEach(
        (table, rows) -> {
          if (!rows.equals(after.get(table))) {
            changed.add(table + " changed from " + rows + " to " + after.get(table));
          }
        });
    return changed;
  }

  /** Closes the owner connection the snapshots use. */
  @Override
  public void close() throws SQLException {
    if (owner != null) {
      owner.close();
    }
  }

  /** The tokens of B and of P2: none of them may have been ended by anything A did. */
  List<String> liveSessions() {
    return List.of(b.tenant().token(), b.p1().token(), b.p2().token(), a.p2().token());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
