package io.partnerhub.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.consumer.Contract;
import io.partnerhub.mail.MailKind;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each notification kind is the mail kind of its name, caused by an event PartnerHub writes, and
 * gives its templates exactly the variables the mail kind declares.
 */
class NotificationKindTest {
  private static final NotificationKind.Names NAMES =
      new NotificationKind.Names("Org", "Acme", "Deal with Initech", "Initech");

  private static DomainEvent event(NotificationKind kind) {
    Instant now = Instant.parse("2026-11-29T10:00:00Z");
    JsonObject data =
        new JsonObject()
            .put("amount", "10.00")
            .put("currency", "EUR")
            .put("protectionEndsAt", "2026-12-01T09:00:00Z")
            .put("rejectionReason", "no")
            .put("createdAt", "2026-11-27T08:00:00Z")
            .put("opportunityId", UUID.randomUUID().toString());
    return new DomainEvent(
        UUID.randomUUID(),
        1,
        "x.y",
        now,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new DomainEvent.Aggregate("x", UUID.randomUUID()),
        DomainEvent.Actor.SYSTEM,
        data);
  }

  @Test
  void eachKindIsAMailKindWithExactlyItsVariablesAndAnEventPartnerHubWrites() {
    for (NotificationKind kind : NotificationKind.values()) {
      MailKind mail = kind.mail();
      assertThat(mail).as(kind.text()).isNotNull();
      assertThat(mail.security()).isFalse();
      Map<String, String> values = kind.values(event(kind), NAMES);
      TreeSet<String> given = new TreeSet<>(values.keySet());
      given.add(Notifier.DETAILS_LINK);
      assertThat(given).as(kind.text()).isEqualTo(mail.variables());
      assertThat(values.values()).doesNotContainNull();
    }
    assertThat(Contract.EVENT_TYPES).containsAll(NotificationKind.EVENT_TYPES);
  }

  @Test
  void daysAndHoursAreCountedFromTheEvent() {
    Map<String, String> ending =
        NotificationKind.PROTECTION_ENDING.values(event(NotificationKind.PROTECTION_ENDING), NAMES);
    assertThat(ending)
        .containsEntry("daysLeft", "2")
        .containsEntry("protectionEndsAt", "2026-12-01");
    Map<String, String> overdue =
        NotificationKind.REVIEW_OVERDUE.values(event(NotificationKind.REVIEW_OVERDUE), NAMES);
    assertThat(overdue)
        .containsEntry("waitingHours", "50")
        .containsEntry("submittedAt", "2026-11-27");
  }
}
