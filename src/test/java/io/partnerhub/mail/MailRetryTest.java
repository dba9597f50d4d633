package io.partnerhub.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.partnerhub.db.Database;
import io.partnerhub.db.DbUrl;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Await;
import io.partnerhub.support.DedicatedStack;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SMTP server that is down: the dispatcher retries with backoff, gives the mail up as a dead
 * letter after the last attempt, keeps the error, and a resend once the server is back delivers it.
 * On a database of its own, so no other test app's dispatcher sends these rows.
 */
class MailRetryTest {
  @TempDir static Path data;
  private DedicatedStack stack;
  private Database database;
  private int smtpPort;

  @BeforeEach
  void aNodeWhoseSmtpServerIsDown() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    stack =
        DedicatedStack.start(
            data.resolve("postgres"),
            config ->
                config
                    .with(Setting.SMTP_URL, "smtp://127.0.0.1:" + smtpPort + "?starttls=disabled")
                    .with(Setting.MAIL_POLL_MS, 50)
                    .with(Setting.MAIL_RETRY_BASE_MS, 100)
                    .with(Setting.MAIL_RETRY_MAX_DELAY_MS, 300)
                    .with(Setting.MAIL_MAX_ATTEMPTS, 3)
                    .with(Setting.MAIL_TIMEOUT_MS, 2000));
    TestApp.use(stack.app());
    database =
        Database.connect(
            stack.app().vertx(), DbUrl.parse(stack.app().config().require(Setting.DB_URL)), 1, 8);
  }

  @AfterEach
  void stop() {
    database.close().await();
    TestApp.restore();
    stack.close();
  }

  @Test
  void aMailIsRetriedThenDeadThenResentOnceTheServerIsBack() {
    Tenant tenant = Tenant.create();
    String to = "late@" + tenant.subdomain() + ".test";
    database
        .inTenant(
            tenant.organizationId(),
            conn ->
                MailQueue.enqueue(
                    conn,
                    new OutgoingMail(
                        tenant.organizationId(),
                        MailKind.APPLICATION_RECEIVED.name(),
                        to,
                        "Late Reader",
                        Map.of("companyName", "Acme", "contactName", "Late Reader"),
                        "retry")))
        .await();

    MailApi.DeadMailPage dead =
        Await.until(
            () ->
                database
                    .inTenant(
                        tenant.organizationId(), conn -> MailQueue.deadLetters(conn, 10, null))
                    .await(),
            page -> !page.items().isEmpty(),
            Duration.ofSeconds(20));
    assertThat(dead.items()).hasSize(1);
    MailApi.DeadMail mail = dead.items().get(0);
    assertThat(mail.attempts()).isEqualTo(3);
    assertThat(mail.lastError()).isNotBlank();
    assertThat(Duration.between(mail.createdAt(), mail.deadAt()))
        .as("two waits of at least 80 ms (100 ms ±20 %, then 300 ms ±20 %)")
        .isGreaterThanOrEqualTo(Duration.ofMillis(320));

    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      assertThat(
              database
                  .inTenant(tenant.organizationId(), conn -> MailQueue.resend(conn, mail.id()))
                  .await())
          .isNotNull();
      assertThat(smtp.waitForIncomingEmail(15_000, 1)).isTrue();
      assertThat(
              Await.until(
                  () -> stack.column("SELECT state FROM outgoing_mail WHERE id = ?", mail.id()),
                  state -> state.equals(List.of("sent")),
                  Duration.ofSeconds(5)))
          .containsExactly("sent");
      assertThat(
              database
                  .inTenant(tenant.organizationId(), conn -> MailQueue.deadLetters(conn, 10, null))
                  .await()
                  .items())
          .isEmpty();
    } finally {
      smtp.stop();
    }
  }
}
