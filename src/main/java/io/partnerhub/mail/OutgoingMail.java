package io.partnerhub.mail;

import java.util.Map;
import java.util.UUID;

/**
 * A mail to queue: of {@code kind} (a {@link MailKind}'s name), to one recipient, with the values
 * of the kind's variables. {@code dedupeKey} is unique per tenant: queueing a second mail with the
 * same key does nothing (e.g. {@code "<eventId>:<userId>"}, so an event delivered twice mails
 * once). {@code toName} may be null.
 */
public record OutgoingMail(
    UUID organizationId,
    String kind,
    String toAddress,
    String toName,
    Map<String, String> variables,
    String dedupeKey) {
  public OutgoingMail {
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  @Override
  public String toString() {
    // variables may hold a one-time link: never in a log line
    return "OutgoingMail[kind=" + kind + ", dedupeKey=" + dedupeKey + "]";
  }
}
