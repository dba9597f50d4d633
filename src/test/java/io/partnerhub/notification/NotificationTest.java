package io.partnerhub.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.support.Await;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Fixtures.Member;
import io.partnerhub.support.Http;
import io.partnerhub.support.Mailbox;
import io.partnerhub.support.Mailbox.Mail;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end: a change through the HTTP API writes its event, the notifications
 * consumer turns it into in-app notifications and queued mail for exactly the people the kind names
 * (as their preferences allow), and the mail arrives at the real SMTP server. Each event notifies
 * once, even when the consumer handles it again.
 */
class NotificationTest {
  private Tenant tenant;
  private UUID acme;
  private UUID rival;
  private Member manager;
  private Member viewer;
  private Member acmeAdmin;
  private Member acmeUser;
  private Member rivalUser;

  @BeforeEach
  void aTenantWithVendorAndPartnerUsers() {
    tenant = Tenant.create();
    acme = Fixtures.partner(tenant, "Acme");
    rival = Fixtures.partner(tenant, "Rival");
    manager = Fixtures.member(tenant, "manager", null);
    viewer = Fixtures.member(tenant, "viewer", null);
    acmeAdmin = Fixtures.member(tenant, "partner_admin", acme);
    acmeUser = Fixtures.member(tenant, "partner_user", acme);
    rivalUser = Fixtures.member(tenant, "partner_user", rival);
  }

  private Member admin() {
    return new Member(tenant.adminId(), tenant.adminEmail(), tenant.token());
  }

  // --- waiting for the consumer
  // -------------------------------------------------------------------

  /** The id of the (one) event of {@code type} about {@code aggregate}, once it is placed. */
  private static UUID event(String type, String aggregate) {
    List<Object> ids =
        Await.until(
            () ->
                TestDb.column(
                    "SELECT id FROM events WHERE type = ? AND aggregate_id = ?"
                        + " AND position IS NOT NULL",
                    type,
                    UUID.fromString(aggregate)),
            found -> !found.isEmpty(),
            Duration.ofSeconds(10));
    assertThat(ids).as("event %s of %s", type, aggregate).hasSize(1);
    return (UUID) ids.get(0);
  }

  /** Waits until the notifications consumer's cursor is past the event: its effect committed. */
  private static UUID handled(String type, String aggregate) {
    UUID event = event(type, aggregate);
    long handled =
        Await.until(
            () ->
                TestDb.count(
                    "SELECT count(*) FROM event_cursors c, events e WHERE c.consumer = ?"
                        + " AND e.id = ? AND c.position >= e.position",
                    Notifier.CONSUMER,
                    event),
            count -> count == 1,
            Duration.ofSeconds(15));
    assertThat(handled).as("the notifications consumer handled %s", type).isEqualTo(1);
    return event;
  }

  private static JsonArray notifications(Member person) {
    Http.Response list = Http.get("/notifications?limit=200", person.token());
    assertThat(list.status()).as(list.text()).isEqualTo(200);
    return list.json().getJsonArray("items");
  }

  private static List<String> kinds(Member person) {
    return notifications(person).stream()
        .map(item -> ((JsonObject) item).getString("kind"))
        .toList();
  }

  private long queuedMail(UUID event, Member person) {
    return TestDb.count(
        "SELECT count(*) FROM outgoing_mail WHERE organization_id = ? AND dedupe_key = ?",
        tenant.organizationId(),
        event + ":" + person.id());
  }

  private JsonObject register(String token, UUID partnerId, String customer) {
    return Fixtures.register(
        token,
        Fixtures.deal(
            partnerId,
            customer,
            customer.toLowerCase().replaceAll("[^a-z0-9]", "") + ".test",
            "2500.00"));
  }

  private JsonObject approve(JsonObject deal) {
    Http.Response approved =
        Http.post("/opportunities/" + deal.getString("id") + "/approve", tenant.token(), null);
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    return approved.json();
  }

  private static void sendReminders() {
    run(OpportunityApi.SEND_REMINDERS, new OpportunityApi.SendReminders());
  }

  private static void expireRegistrations() {
    run(OpportunityApi.EXPIRE_REGISTRATIONS, new OpportunityApi.ExpireRegistrations());
  }

  /** Runs a job now through its internal address. */
  private static <Q> void run(io.partnerhub.bus.Endpoint<Q, ?> job, Q request) {
    ServiceBus.request(
            TestApp.get().vertx(), job, request, new DeliveryOptions().setSendTimeout(20_000))
        .await();
  }

  // --- who is told what
  // ---------------------------------------------------------------------------

  @Test
  void aSubmittedRegistrationTellsTheReviewersInTheAppAndByMail() {
    JsonObject deal = register(acmeUser.token(), null, "Initech");
    UUID event = handled(OpportunityApi.REGISTERED, deal.getString("id"));

    for (Member reviewer : List.of(admin(), manager)) {
      JsonArray items = notifications(reviewer);
      assertThat(items).hasSize(1);
      JsonObject notification = items.getJsonObject(0);
      assertThat(notification.getString("kind")).isEqualTo("registration_submitted");
      assertThat(notification.getString("title"))
          .isEqualTo("New deal registration: Initech by Acme");
      assertThat(notification.getString("eventId")).isEqualTo(event.toString());
      assertThat(notification.getValue("readAt")).isNull();
      String link = TestApp.PUBLIC_URL + "/console/opportunities/" + deal.getString("id");
      assertThat(notification.getJsonObject("data").getMap())
          .containsEntry("customerName", "Initech")
          .containsEntry("partnerName", "Acme")
          .containsEntry("opportunityName", "Deal with Initech")
          .containsEntry("amount", "2500.00")
          .containsEntry("currency", "EUR")
          .containsEntry("detailsLink", link);

      Mail mail = Mailbox.await(reviewer.email());
      assertThat(mail.subject()).isEqualTo("New deal registration: Initech by Acme");
      assertThat(mail.fromName()).isEqualTo("Org " + tenant.subdomain());
      assertThat(mail.text()).contains("Deal with Initech", "2500.00 EUR", link);
      assertThat(mail.html()).contains("href=\"" + link + "\"");
    }
    for (Member bystander : List.of(viewer, acmeUser, acmeAdmin, rivalUser)) {
      assertThat(notifications(bystander)).as(bystander.email()).isEmpty();
      assertThat(queuedMail(event, bystander)).isZero();
    }
  }

  /**
   * Reviewers are whoever may approve: a custom role with opportunities:approve is one, a manager
   * whose override lacks it is not; whoever registered is not told of its own registration.
   */
  @Test
  void reviewersFollowTheTenantsRolesAndTheActorIsNotTold() {
    for (Map.Entry<String, JsonArray> role :
        Map.of(
                "deal_desk",
                new JsonArray().add("opportunities:read").add("opportunities:approve"),
                "manager",
                new JsonArray().add("opportunities:read").add("notifications:read"))
            .entrySet()) {
      Http.Response put =
          Http.put(
              "/configurations",
              tenant.token(),
              new JsonObject()
                  .put("category", "roles")
                  .put("key", role.getKey())
                  .put("dataType", "array")
                  .put("value", role.getValue()));
      assertThat(put.status()).as(put.text()).isEqualTo(201);
    }
    Member desk = Fixtures.member(tenant, "deal_desk", null);
    Member freshManager = Fixtures.member(tenant, "manager", null);
    JsonObject deal = register(tenant.token(), acme, "Globex");
    UUID event = handled(OpportunityApi.REGISTERED, deal.getString("id"));

    assertThat(queuedMail(event, desk)).isEqualTo(1);
    assertThat(queuedMail(event, freshManager)).isZero();
    assertThat(kinds(freshManager)).isEmpty();
    assertThat(queuedMail(event, admin())).as("the admin registered it").isZero();
    assertThat(kinds(admin())).isEmpty();
  }

  /** A name with a line break cannot add a header or a recipient to the mail it is named in. */
  @Test
  void aNameInASubjectCannotInjectAHeader() {
    JsonObject deal =
        Fixtures.register(
            acmeUser.token(),
            Fixtures.deal(null, "Evil\r\nBcc: thief@evil.test", "evil.test", "1.00"));
    handled(OpportunityApi.REGISTERED, deal.getString("id"));
    String title = notifications(manager).getJsonObject(0).getString("title");
    assertThat(title).isEqualTo("New deal registration: Evil Bcc: thief@evil.test by Acme");
    Mail mail = Mailbox.await(manager.email());
    assertThat(mail.subject()).isEqualTo(title);
    assertThat(mail.header("Bcc")).isNull();
    assertThat(Mailbox.to("thief@evil.test")).isEmpty();
  }

  @Test
  void approvalAndRejectionTellThePartnersUsersWithTheReasonEscaped() {
    JsonObject first = register(tenant.token(), acme, "Hooli");
    JsonObject second = register(tenant.token(), acme, "Umbrella");
    approve(first);
    Http.Response rejected =
        Http.post(
            "/opportunities/" + second.getString("id") + "/reject",
            tenant.token(),
            new JsonObject().put("reason", "Already <b>ours</b> & theirs"));
    assertThat(rejected.status()).as(rejected.text()).isEqualTo(200);
    handled(OpportunityApi.APPROVED, first.getString("id"));
    UUID rejection = handled(OpportunityApi.REJECTED, second.getString("id"));

    for (Member partnerUser : List.of(acmeUser, acmeAdmin)) {
      assertThat(kinds(partnerUser))
          .containsExactly("registration_rejected", "registration_approved");
      JsonObject data = notifications(partnerUser).getJsonObject(0).getJsonObject("data");
      assertThat(data.getString("reason")).isEqualTo("Already <b>ours</b> & theirs");
      Mailbox.awaitCount(partnerUser.email(), 2);
      Mail rejectionMail =
          Mailbox.to(partnerUser.email()).stream()
              .filter(mail -> mail.subject().startsWith("Registration rejected"))
              .findFirst()
              .orElseThrow();
      assertThat(rejectionMail.subject()).isEqualTo("Registration rejected: Umbrella");
      assertThat(rejectionMail.text()).contains("Already <b>ours</b> & theirs");
      assertThat(rejectionMail.html())
          .contains("Already &lt;b&gt;ours&lt;/b&gt; &amp; theirs")
          .doesNotContain("<b>ours");
    }
    assertThat(kinds(rivalUser)).isEmpty();
    assertThat(queuedMail(rejection, rivalUser)).isZero();
    assertThat(kinds(manager)).containsOnly("registration_submitted");
  }

  @Test
  void aProtectionEndingSoonAndThenExpiredTellsThePartnersUsersOnceEach() {
    JsonObject deal = approve(register(tenant.token(), acme, "Wonka"));
    TestDb.update(
        "UPDATE opportunities SET protection_ends_at = now() + interval '36 hours' WHERE id = ?",
        UUID.fromString(deal.getString("id")));
    sendReminders();
    sendReminders();
    handled(OpportunityApi.PROTECTION_ENDING, deal.getString("id"));

    JsonObject ending = notifications(acmeUser).getJsonObject(0);
    assertThat(ending.getString("kind")).isEqualTo("protection_ending");
    assertThat(ending.getString("title")).isEqualTo("Protection of Wonka ends in 2 days");
    assertThat(ending.getJsonObject("data").getString("daysLeft")).isEqualTo("2");

    TestDb.update(
        "UPDATE opportunities SET protection_ends_at = now() - interval '1 minute' WHERE id = ?",
        UUID.fromString(deal.getString("id")));
    expireRegistrations();
    handled(OpportunityApi.EXPIRED, deal.getString("id"));
    sendReminders();
    assertThat(kinds(acmeUser))
        .containsExactly("protection_expired", "protection_ending", "registration_approved");
    assertThat(kinds(acmeAdmin))
        .containsExactly("protection_expired", "protection_ending", "registration_approved");
    assertThat(kinds(rivalUser)).isEmpty();
  }

  @Test
  void aReviewOverdueIsEscalatedToTheAdminsOnly() {
    JsonObject deal = register(acmeUser.token(), null, "Cyberdyne");
    TestDb.update(
        "UPDATE opportunities SET created_at = now() - interval '50 hours' WHERE id = ?",
        UUID.fromString(deal.getString("id")));
    sendReminders();
    UUID event = handled(OpportunityApi.REVIEW_OVERDUE, deal.getString("id"));

    assertThat(kinds(admin())).containsExactly("review_overdue", "registration_submitted");
    JsonObject data = notifications(admin()).getJsonObject(0).getJsonObject("data");
    assertThat(data.getString("waitingHours")).isEqualTo("50");
    assertThat(kinds(manager)).containsExactly("registration_submitted");
    assertThat(queuedMail(event, manager)).isZero();
    assertThat(queuedMail(event, admin())).isEqualTo(1);
  }

  @Test
  void commissionsApprovedAndPaidTellThePartnersAdminsOnly() {
    Fixtures.wonDeal(tenant, acme, "soylent", "1000.00");
    String commission =
        Await.until(
                () -> Http.get("/commissions", tenant.token()).json().getJsonArray("items"),
                items -> !items.isEmpty(),
                Duration.ofSeconds(10))
            .getJsonObject(0)
            .getString("id");
    assertThat(Http.post("/commissions/" + commission + "/approve", tenant.token(), null).status())
        .isEqualTo(200);
    assertThat(Http.post("/commissions/" + commission + "/pay", tenant.token(), null).status())
        .isEqualTo(200);
    UUID paid = handled("commission.paid", commission);

    assertThat(kinds(acmeAdmin))
        .containsExactly("commission_paid", "commission_approved", "registration_approved");
    JsonObject notification = notifications(acmeAdmin).getJsonObject(0);
    assertThat(notification.getString("title")).isEqualTo("Commission paid: 100.00 EUR");
    assertThat(notification.getJsonObject("data").getString("detailsLink"))
        .isEqualTo(TestApp.PUBLIC_URL + "/console/commissions/" + commission);
    assertThat(Mailbox.awaitCount(acmeAdmin.email(), 3).subject()).startsWith("Commission");
    assertThat(kinds(acmeUser)).containsExactly("registration_approved");
    assertThat(queuedMail(paid, acmeUser)).isZero();
  }

  // --- once per event ---------------------------------------------------------------------------

  /**
   * The consumer's cursor is moved back before an event it handled: it handles the event again
   * through its own path, and nothing is added, neither a notification nor a mail.
   */
  @Test
  void anEventHandledAgainNotifiesOnce() {
    JsonObject deal = register(acmeUser.token(), null, "Tyrell");
    UUID event = handled(OpportunityApi.REGISTERED, deal.getString("id"));
    Mailbox.await(manager.email());

    for (int replay = 0; replay < 2; replay++) {
      TestDb.update(
          "UPDATE event_cursors SET position = (SELECT position - 1 FROM events WHERE id = ?)"
              + " WHERE consumer = ?",
          event,
          Notifier.CONSUMER);
      handled(OpportunityApi.REGISTERED, deal.getString("id"));
    }

    assertThat(
            TestDb.count(
                "SELECT count(*) FROM notifications WHERE event_id = ? AND user_id = ?",
                event,
                manager.id()))
        .isEqualTo(1);
    assertThat(kinds(manager)).containsExactly("registration_submitted");
    assertThat(queuedMail(event, manager)).isEqualTo(1);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM outgoing_mail WHERE organization_id = ? AND state <> 'sent'",
                tenant.organizationId()))
        .isZero();
    assertThat(Mailbox.to(manager.email())).hasSize(1);
  }

  // --- preferences ------------------------------------------------------------------------------

  private static Http.Response putPreferences(Member person, JsonArray preferences) {
    return Http.put(
        "/notifications/preferences",
        person.token(),
        new JsonObject().put("preferences", preferences));
  }

  private static JsonObject preference(String kind, boolean inApp, boolean mail) {
    return new JsonObject().put("kind", kind).put("inApp", inApp).put("mail", mail);
  }

  @Test
  void preferencesListEveryKindAndLockTheSecurityMail() {
    JsonArray items =
        Http.get("/notifications/preferences", manager.token()).json().getJsonArray("items");
    assertThat(items.stream().map(item -> ((JsonObject) item).getString("kind")))
        .contains(
            "registration_submitted",
            "registration_approved",
            "registration_rejected",
            "protection_ending",
            "protection_expired",
            "review_overdue",
            "commission_approved",
            "commission_paid",
            "invitation",
            "password_reset");
    assertThat(items)
        .contains(
            new JsonObject()
                .put("kind", "password_reset")
                .put("inApp", false)
                .put("mail", true)
                .put("locked", true),
            new JsonObject()
                .put("kind", "review_overdue")
                .put("inApp", true)
                .put("mail", true)
                .put("locked", false));

    Http.Response locked =
        putPreferences(manager, new JsonArray().add(preference("password_reset", false, false)));
    assertThat(locked.status()).isEqualTo(400);
    assertThat(locked.problems()).containsKey("/preferences/0/mail");
    Http.Response unknown =
        putPreferences(manager, new JsonArray().add(preference("gossip", false, false)));
    assertThat(unknown.problems()).containsKey("/preferences/0/kind");
    Http.Response twice =
        putPreferences(
            manager,
            new JsonArray()
                .add(preference("review_overdue", false, true))
                .add(preference("review_overdue", true, false)));
    assertThat(twice.problems()).containsKey("/preferences/1/kind");
    Http.Response extra =
        putPreferences(
            manager,
            new JsonArray().add(preference("review_overdue", false, true).put("sms", true)));
    assertThat(extra.status()).isEqualTo(400);
    assertThat(Http.put("/notifications/preferences", manager.token(), new JsonObject()).status())
        .isEqualTo(400);
    // as it is, a locked kind may be listed
    assertThat(
            putPreferences(manager, new JsonArray().add(preference("invitation", false, true)))
                .status())
        .isEqualTo(200);
  }

  @Test
  void preferencesAreHonouredPerKindAndChannelAndReplacedAsAWhole() {
    Http.Response saved =
        putPreferences(
            manager,
            new JsonArray()
                .add(preference("registration_submitted", true, false))
                .add(preference("review_overdue", false, false)));
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    assertThat(saved.json().getJsonArray("items"))
        .contains(
            new JsonObject()
                .put("kind", "registration_submitted")
                .put("inApp", true)
                .put("mail", false)
                .put("locked", false));
    assertThat(
            putPreferences(
                    admin(), new JsonArray().add(preference("registration_submitted", false, true)))
                .status())
        .isEqualTo(200);

    JsonObject deal = register(acmeUser.token(), null, "Massive");
    UUID event = handled(OpportunityApi.REGISTERED, deal.getString("id"));
    assertThat(kinds(manager)).containsExactly("registration_submitted");
    assertThat(queuedMail(event, manager)).isZero();
    assertThat(kinds(admin())).isEmpty();
    assertThat(queuedMail(event, admin())).isEqualTo(1);

    // a PUT replaces: what is not listed is on again
    assertThat(putPreferences(manager, new JsonArray()).status()).isEqualTo(200);
    JsonObject next = register(acmeUser.token(), null, "Oscorp");
    UUID nextEvent = handled(OpportunityApi.REGISTERED, next.getString("id"));
    assertThat(queuedMail(nextEvent, manager)).isEqualTo(1);
    assertThat(kinds(manager)).hasSize(2);
  }

  // --- reading --------------------------------------------------------------------------------

  @Test
  void aUserReadsItsOwnNotificationsNewestFirstPageByPageAndMarksThemRead() {
    List<String> deals =
        List.of("Aperture", "Black Mesa", "Vault-Tec").stream()
            .map(customer -> register(acmeUser.token(), null, customer).getString("id"))
            .toList();
    deals.forEach(id -> handled(OpportunityApi.REGISTERED, id));

    JsonObject first = Http.get("/notifications?limit=2", manager.token()).json();
    assertThat(first.getJsonArray("items").stream())
        .map(item -> ((JsonObject) item).getJsonObject("data").getString("customerName"))
        .containsExactly("Vault-Tec", "Black Mesa");
    JsonObject second =
        Http.get("/notifications?limit=2&cursor=" + first.getString("nextCursor"), manager.token())
            .json();
    assertThat(second.getJsonArray("items")).hasSize(1);
    assertThat(second.getValue("nextCursor")).isNull();
    assertThat(Http.get("/notifications/unread-count", manager.token()).json().getLong("count"))
        .isEqualTo(3);

    String id = first.getJsonArray("items").getJsonObject(0).getString("id");
    Http.Response read = Http.post("/notifications/" + id + "/read", manager.token(), null);
    assertThat(read.status()).as(read.text()).isEqualTo(200);
    String readAt = read.json().getString("readAt");
    assertThat(readAt).isNotNull();
    assertThat(
            Http.post("/notifications/" + id + "/read", manager.token(), null)
                .json()
                .getString("readAt"))
        .isEqualTo(readAt);
    assertThat(Http.get("/notifications/unread-count", manager.token()).json().getLong("count"))
        .isEqualTo(2);
    assertThat(Http.get("/notifications?unread=true", manager.token()).json().getJsonArray("items"))
        .hasSize(2);

    // another user's notification is not there for anyone else, reading or marking it
    Http.Response foreign = Http.post("/notifications/" + id + "/read", tenant.token(), null);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.text()).doesNotContain("Vault-Tec");
    assertThat(
            Http.post("/notifications/" + UUID.randomUUID() + "/read", manager.token(), null)
                .status())
        .isEqualTo(404);
    assertThat(Http.get("/notifications?unread=maybe", manager.token()).status()).isEqualTo(400);
    assertThat(Http.get("/notifications?limit=0", manager.token()).status()).isEqualTo(400);
  }

  @Test
  void anApiKeyOrARoleWithoutThePermissionsHasNoNotifications() {
    Http.Response key =
        Http.post(
            "/api-keys",
            tenant.token(),
            new JsonObject()
                .put("name", "notifications")
                .put("permissions", new JsonArray().add("notifications:read")));
    assertThat(key.status()).as(key.text()).isEqualTo(201);
    String secret = key.json().getString("secret");
    for (String path :
        List.of("/notifications", "/notifications/unread-count", "/notifications/preferences")) {
      Http.Response refused = Http.get(path, secret);
      assertThat(refused.status()).as(path).isEqualTo(403);
      assertThat(refused.json().getString("error")).isEqualTo("FORBIDDEN");
    }

    Http.Response role =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "roles")
                .put("key", "auditor")
                .put("dataType", "array")
                .put("value", new JsonArray().add("partners:read")));
    assertThat(role.status()).isEqualTo(201);
    Member auditor = Fixtures.member(tenant, "auditor", null);
    assertThat(Http.get("/notifications", auditor.token()).status()).isEqualTo(403);
    assertThat(putPreferences(auditor, new JsonArray()).status()).isEqualTo(403);
  }

  // --- templates --------------------------------------------------------------------------------

  @Test
  void aTenantsTemplateOverrideTitlesTheNotificationAndUnknownVariablesAreRefused() {
    JsonObject template =
        new JsonObject()
            .put("subject", "{{partnerName}} claims {{customerName}}")
            .put("html", "<p>{{partnerName}} claims {{customerName}}.</p>")
            .put("text", "{{partnerName}} claims {{customerName}}: {{detailsLink}}");
    Http.Response refused =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "mail-templates")
                .put("key", "registration_submitted")
                .put("dataType", "json")
                .put("value", template.copy().put("subject", "{{reason}} {{customerName}}")));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("reason");
    Http.Response saved =
        Http.put(
            "/configurations",
            tenant.token(),
            new JsonObject()
                .put("category", "mail-templates")
                .put("key", "registration_submitted")
                .put("dataType", "json")
                .put("value", template));
    assertThat(saved.status()).as(saved.text()).isEqualTo(201);

    JsonObject deal = register(acmeUser.token(), null, "Gringotts");
    handled(OpportunityApi.REGISTERED, deal.getString("id"));
    assertThat(notifications(manager).getJsonObject(0).getString("title"))
        .isEqualTo("Acme claims Gringotts");
    assertThat(Mailbox.await(manager.email()).subject()).isEqualTo("Acme claims Gringotts");
  }
}
