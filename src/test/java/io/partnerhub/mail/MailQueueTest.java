package io.partnerhub.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnerhub.db.Database;
import io.partnerhub.db.DbUrl;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Await;
import io.partnerhub.support.Http;
import io.partnerhub.support.Mailbox;
import io.partnerhub.support.Mailbox.Mail;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mail foundation other features call: a mail queued in a tenant's transaction reaches the real
 * SMTP server once, rendered from the tenant's templates, from the tenant's name; it is not sent
 * when the transaction rolls back, nor twice for one dedupe key; headers cannot be injected;
 * template overrides are checked when saved.
 */
class MailQueueTest {
  private static Database database;

  @BeforeAll
  static void connect() {
    database =
        Database.connect(
            TestApp.get().vertx(),
            DbUrl.parse(TestApp.get().config().require(Setting.DB_URL)),
            2,
            16);
  }

  @AfterAll
  static void close() {
    database.close().await();
  }

  private static String address(Tenant tenant, String who) {
    return who
        + "-"
        + UUID.randomUUID().toString().substring(0, 8)
        + "@"
        + tenant.subdomain()
        + ".test";
  }

  private static OutgoingMail reset(Tenant tenant, String to, String dedupeKey) {
    return new OutgoingMail(
        tenant.organizationId(),
        MailKind.PASSWORD_RESET.name(),
        to,
        null,
        Map.of(
            "email",
            to,
            "resetLink",
            TestApp.PUBLIC_URL + "/console/reset-password#token=tok-" + dedupeKey,
            "expiresInMinutes",
            "30"),
        dedupeKey);
  }

  private static void enqueue(OutgoingMail mail) {
    database.inTenant(mail.organizationId(), conn -> MailQueue.enqueue(conn, mail)).await();
  }

  @Test
  void aQueuedMailIsSentFromTheTenantsNameWithBothPartsRendered() {
    Tenant tenant = Tenant.create();
    String to = address(tenant, "reader");
    enqueue(reset(tenant, to, "first"));

    Mail mail = Mailbox.await(to);
    assertThat(mail.fromName()).isEqualTo("Org " + tenant.subdomain());
    assertThat(mail.fromAddress()).isEqualTo("partnerhub@localhost");
    assertThat(mail.subject()).isEqualTo("Reset your Org " + tenant.subdomain() + " password");
    assertThat(mail.token("reset-password")).isEqualTo("tok-first");
    assertThat(mail.text()).contains("within 30 minutes");
    assertThat(mail.html())
        .contains(
            "<a href=\"" + TestApp.PUBLIC_URL + "/console/reset-password#token&#61;tok-first\">");
    // sent: the variables (a one-time link) are forgotten
    assertThat(
            Await.until(
                () ->
                    TestDb.column(
                        "SELECT variables::text FROM outgoing_mail WHERE organization_id = ?",
                        tenant.organizationId()),
                variables -> variables.equals(java.util.List.of("{}")),
                Duration.ofSeconds(5)))
        .containsExactly("{}");
  }

  @Test
  void aDedupeKeyMailsOnceAndARolledBackTransactionMailsNothing() {
    Tenant tenant = Tenant.create();
    String to = address(tenant, "once");
    enqueue(reset(tenant, to, "event-1.user-1"));
    enqueue(reset(tenant, to, "event-1.user-1"));
    assertThatThrownBy(
            () ->
                database
                    .inTenant(
                        tenant.organizationId(),
                        conn ->
                            MailQueue.enqueue(conn, reset(tenant, to, "rolled-back"))
                                .compose(
                                    queued -> Future.failedFuture(new IllegalStateException("no"))))
                    .await())
        .hasMessage("no");
    // a later mail to the same address: once it has arrived, the earlier ones have been sent
    enqueue(reset(tenant, to, "event-2.user-1"));

    Mailbox.awaitCount(to, 2);
    assertThat(Mailbox.to(to))
        .extracting(mail -> mail.token("reset-password"))
        .containsExactly("tok-event-1.user-1", "tok-event-2.user-1");
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM outgoing_mail WHERE organization_id = ?",
                tenant.organizationId()))
        .isEqualTo(2);
  }

  @Test
  void aMailOfAnUnknownKindOrWithAnUndeclaredVariableIsABug() {
    Tenant tenant = Tenant.create();
    String to = address(tenant, "bug");
    assertThatThrownBy(
            () ->
                enqueue(
                    new OutgoingMail(
                        tenant.organizationId(), "no_such_kind", to, null, Map.of(), "k")))
        .hasMessageContaining("Unknown mail kind");
    assertThatThrownBy(
            () ->
                enqueue(
                    new OutgoingMail(
                        tenant.organizationId(),
                        MailKind.PASSWORD_RESET.name(),
                        to,
                        null,
                        Map.of("password", "x"),
                        "k")))
        .hasMessageContaining("declares no variables [password]");
    assertThatThrownBy(
            () ->
                enqueue(
                    new OutgoingMail(
                        tenant.organizationId(),
                        MailKind.PASSWORD_RESET.name(),
                        "not an address",
                        null,
                        Map.of(),
                        "k")))
        .hasMessageContaining("well-formed address");
  }

  @Test
  void valuesAreEscapedInTheHtmlPartAndHeadersCannotBeInjected() throws Exception {
    Tenant tenant = Tenant.create();
    String to = address(tenant, "victim");
    String evil = "Acme\r\nBcc: spy@evil.test\r\n\r\n<script>alert(1)</script>";
    enqueue(
        new OutgoingMail(
            tenant.organizationId(),
            MailKind.INVITATION.name(),
            to,
            "Bob\r\nBcc: spy@evil.test <spy@evil.test>",
            Map.of(
                "inviterEmail",
                "boss@" + tenant.subdomain() + ".test",
                "role",
                "manager",
                "partnerName",
                evil,
                "acceptLink",
                TestApp.PUBLIC_URL + "/console/accept-invitation#token=t",
                "expiresAt",
                "2030-01-01T00:00:00Z"),
            "inject"));

    Mail mail = Mailbox.await(to);
    assertThat(mail.header("Bcc")).isNull();
    assertThat(mail.subject())
        .isEqualTo(
            "You are invited to Org "
                + tenant.subdomain()
                + " as a member of Acme Bcc: spy@evil.test <script>alert(1)</script>");
    assertThat(mail.html())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>");
    assertThat(mail.text()).contains("<script>alert(1)</script>");
    assertThat(mail.to()).isEqualTo(to);
    assertThat(mail.raw().getAllRecipients()).hasSize(1);
    assertThat(mail.header("To")).doesNotContain("<spy@");
    assertThat(Mailbox.to("spy@evil.test")).isEmpty();
  }

  @Test
  void aTenantOverridesATemplateAndUnsafeOverridesAreRefusedWhenSaved() {
    Tenant tenant = Tenant.create();
    Map<String, String> refused =
        Map.of(
            "{{email}} {{password}}", "unknown variable password",
            "<p>{{{resetLink}}}</p>", "would not be escaped",
            "<p>{{&email}}</p>", "would not be escaped",
            "<a href=\"https://evil.test\">x</a> {{resetLink}}", "link, script or active markup",
            "<a href=\"{{email}}\">x</a>", "href= may only hold a link variable",
            "<img src=x onerror=alert(1)>", "link, script or active markup",
            "{{> /etc/passwd}}", "partials",
            "{{#email}}unclosed", "not a valid template");
    refused.forEach(
        (html, problem) -> {
          Http.Response saved = putTemplate(tenant, "Reset {{organizationName}}", html);
          assertThat(saved.status()).as(html + " -> " + saved.text()).isEqualTo(400);
          assertThat(saved.text()).as(html).contains(problem);
        });
    Http.Response unknownKind =
        Http.put("/configurations", tenant.token(), template("no_such_kind", "s", "<p>x</p>", "x"));
    assertThat(unknownKind.status()).isEqualTo(400);

    Http.Response saved =
        putTemplate(
            tenant,
            "{{organizationName}}: new password for {{email}}",
            "<p>Go: <a href=\"{{resetLink}}\">here</a></p>");
    assertThat(saved.status()).as(saved.text()).isIn(200, 201);
    String to = address(tenant, "custom");
    enqueue(reset(tenant, to, "custom"));

    Mail mail = Mailbox.await(to);
    assertThat(mail.subject()).isEqualTo("Org " + tenant.subdomain() + ": new password for " + to);
    assertThat(mail.html()).startsWith("<p>Go: <a href=");
    assertThat(mail.text())
        .isEqualTo("Use " + TestApp.PUBLIC_URL + "/console/reset-password#token=tok-custom");
  }

  @Test
  void aLinkOutsideThePublicUrlIsNeverSentAndTheMailIsADeadLetterAnAdminMayResend() {
    Tenant tenant = Tenant.create();
    String to = address(tenant, "phished");
    OutgoingMail mail =
        new OutgoingMail(
            tenant.organizationId(),
            MailKind.PASSWORD_RESET.name(),
            to,
            null,
            Map.of("email", to, "resetLink", TestApp.PUBLIC_URL + ".evil.test/console/x"),
            "outside");
    enqueue(mail);

    MailApi.DeadMailPage dead =
        Await.until(
            () ->
                database
                    .inTenant(
                        tenant.organizationId(), conn -> MailQueue.deadLetters(conn, 10, null))
                    .await(),
            page -> !page.items().isEmpty(),
            Duration.ofSeconds(15));
    assertThat(dead.items()).hasSize(1);
    assertThat(dead.items().get(0).lastError()).contains("outside PARTNERHUB_PUBLIC_URL");
    assertThat(dead.items().get(0).toAddress()).isEqualTo(to);
    assertThat(Mailbox.to(to)).isEmpty();

    UUID id = dead.items().get(0).id();
    Tenant other = Tenant.create();
    assertThat(
            database.inTenant(other.organizationId(), conn -> MailQueue.resend(conn, id)).await())
        .as("another tenant's dead letter")
        .isNull();
    assertThat(
            database.inTenant(tenant.organizationId(), conn -> MailQueue.resend(conn, id)).await())
        .isNotNull();
    MailApi.DeadMailPage again =
        Await.until(
            () ->
                database
                    .inTenant(
                        tenant.organizationId(), conn -> MailQueue.deadLetters(conn, 10, null))
                    .await(),
            page -> !page.items().isEmpty(),
            Duration.ofSeconds(15));
    assertThat(again.items()).hasSize(1);
  }

  private static Http.Response putTemplate(Tenant tenant, String subject, String html) {
    return Http.put(
        "/configurations",
        tenant.token(),
        template(MailKind.PASSWORD_RESET.name(), subject, html, "Use {{resetLink}}"));
  }

  private static JsonObject template(String kind, String subject, String html, String text) {
    return new JsonObject()
        .put("category", MailTemplates.CATEGORY_NAME)
        .put("key", kind)
        .put("dataType", "json")
        .put("value", new JsonObject().put("subject", subject).put("html", html).put("text", text));
  }
}
