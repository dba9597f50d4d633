package io.partnerhub.mail;

import io.partnerhub.mail.MailTemplates.Rendered;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import java.util.concurrent.TimeUnit;

/**
 * Sends one rendered mail through SMTP (vertx-mail-client): from PARTNERHUB_MAIL_FROM with the
 * tenant's name as display name, to one recipient. Names and subjects are one header line each
 * ({@link MailHeaders}). A failure says whether trying again may help: an SMTP 5xx answer will not.
 */
final class MailSender {
  /** What an attempt came to: null error = sent. */
  record Outcome(String error, boolean permanent) {
    static final Outcome SENT = new Outcome(null, false);
  }

  private final MailClient client;
  private final String fromAddress;
  private final long timeoutMillis;

  MailSender(Vertx vertx, MailConfig config, String fromAddress, long timeoutMillis) {
    this.client = MailClient.create(vertx, config);
    this.fromAddress = fromAddress;
    this.timeoutMillis = timeoutMillis;
  }

  Future<Outcome> send(String senderName, String to, String toName, Rendered mail) {
    MailMessage message =
        new MailMessage()
            .setFrom(address(senderName, fromAddress))
            .setTo(address(toName, to))
            .setSubject(mail.subject())
            .setText(mail.text())
            .setHtml(mail.html());
    return client
        .sendMail(message)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(result -> Outcome.SENT)
        .otherwise(MailSender::outcome);
  }

  private static Outcome outcome(Throwable failure) {
    if (failure instanceof SMTPException smtp) {
      return new Outcome(
          "SMTP " + smtp.getReplyCode() + " " + MailHeaders.line(smtp.getReplyMessage(), 300),
          smtp.isPermanent());
    }
    String message = failure.getMessage() == null ? "" : ": " + failure.getMessage();
    return new Outcome(MailHeaders.line(failure.getClass().getSimpleName() + message, 300), false);
  }

  /** {@code "Name" <address>}, the name one line of safe characters; the bare address without. */
  private static String address(String name, String address) {
    String display = MailHeaders.displayName(name);
    return display.isEmpty() ? address : display + " <" + address + ">";
  }

  void close() {
    client.close();
  }
}
