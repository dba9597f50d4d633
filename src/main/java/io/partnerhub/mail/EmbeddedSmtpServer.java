package io.partnerhub.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * GreenMail on free loopback ports: an SMTP server that keeps every mail it receives, readable by
 * IMAP or POP3 (login and password = the recipient's address) and through {@link #received()}.
 * Embedded dev mode sends to it when no PARTNERHUB_SMTP_URL is set; the tests read from it.
 */
public final class EmbeddedSmtpServer implements AutoCloseable {
  private final GreenMail greenMail;

  private EmbeddedSmtpServer(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  public static EmbeddedSmtpServer start() {
    GreenMail greenMail =
        new GreenMail(
            ServerSetup.dynamicPort(
                new ServerSetup[] {
                  new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                  new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                  new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3)
                }));
    greenMail.start();
    return new EmbeddedSmtpServer(greenMail);
  }

  /** What PARTNERHUB_SMTP_URL would say to reach it. */
  public String url() {
    return "smtp://127.0.0.1:" + greenMail.getSmtp().getPort() + "?starttls=disabled";
  }

  /** Where a developer reads the captured mail. */
  public String describe() {
    return "SMTP "
        + url()
        + "; read the mail by IMAP at 127.0.0.1:"
        + greenMail.getImap().getPort()
        + " or POP3 at 127.0.0.1:"
        + greenMail.getPop3().getPort()
        + " (login and password: the recipient's address)";
  }

  /** Every message received so far, oldest first. */
  public List<MimeMessage> received() {
    return List.of(greenMail.getReceivedMessages());
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
