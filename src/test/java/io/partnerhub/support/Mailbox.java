package io.partnerhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail the test run's SMTP server (GreenMail, {@link TestServers#smtp()}) received: waits for
 * the messages to one recipient and reads them as a person's mail client would (sender, subject,
 * text and HTML parts), and takes the one-time token out of a link.
 */
public final class Mailbox {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Mailbox() {}

  /** One received message, decoded. */
  public record Mail(
      String fromAddress,
      String fromName,
      String to,
      String subject,
      String text,
      String html,
      MimeMessage raw) {

    /** The token of the {@code <PUBLIC_URL>/console/<page>#token=...} link in the text part. */
    public String token(String page) {
      Matcher link =
          Pattern.compile(
                  Pattern.quote(TestApp.PUBLIC_URL + "/console/" + page + "#token=")
                      + "([A-Za-z0-9_.%~-]+)")
              .matcher(text);
      assertThat(link.find()).as("a %s link in: %s", page, text).isTrue();
      return URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
    }

    /** The value of a header, or null. */
    public String header(String name) {
      try {
        String[] values = raw.getHeader(name);
        return values == null ? null : values[0];
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Every message received so far for {@code address}, oldest first. */
  public static List<Mail> to(String address) {
    List<Mail> mail = new ArrayList<>();
    for (MimeMessage message : TestServers.smtp().received()) {
      Mail read = read(message);
      if (read.to().equalsIgnoreCase(address)) {
        mail.add(read);
      }
    }
    return mail;
  }

  /** Waits until {@code count} messages have arrived for {@code address}; returns the last. */
  public static Mail awaitCount(String address, int count) {
    List<Mail> mail = Await.until(() -> to(address), got -> got.size() >= count, WAIT);
    assertThat(mail).as("mail to %s", address).hasSizeGreaterThanOrEqualTo(count);
    return mail.get(count - 1);
  }

  /** Waits for the first message to {@code address}. */
  public static Mail await(String address) {
    return awaitCount(address, 1);
  }

  private static Mail read(MimeMessage message) {
    try {
      InternetAddress from = (InternetAddress) message.getFrom()[0];
      Address[] to = message.getRecipients(Message.RecipientType.TO);
      String text = null;
      String html = null;
      Object content = message.getContent();
      if (content instanceof Multipart parts) {
        for (int i = 0; i < parts.getCount(); i++) {
          BodyPart part = parts.getBodyPart(i);
          if (part.isMimeType("text/plain")) {
            text = (String) part.getContent();
          } else if (part.isMimeType("text/html")) {
            html = (String) part.getContent();
          }
        }
      } else if (message.isMimeType("text/html")) {
        html = (String) content;
      } else {
        text = (String) content;
      }
      return new Mail(
          from.getAddress().toLowerCase(Locale.ROOT),
          from.getPersonal(),
          to == null
              ? ""
              : ((InternetAddress) Arrays.stream(to).findFirst().orElseThrow())
                  .getAddress()
                  .toLowerCase(Locale.ROOT),
          message.getSubject(),
          text,
          html,
          message);
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
