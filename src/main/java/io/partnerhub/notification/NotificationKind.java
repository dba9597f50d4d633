package io.partnerhub.notification;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.commission.CommissionApi;
import io.partnerhub.mail.MailKind;
import io.partnerhub.opportunity.OpportunityApi;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What PartnerHub tells people, kind by kind: the domain event that causes it, who is told, and the
 * values its templates get. Each kind is also the {@link MailKind} of the same name, whose registry
 * declares its variables once. The values come from the event, plus the tenant's, the partner's and
 * the deal's names.
 */
enum NotificationKind {
  /** A partner registered a deal: the tenant's reviewers (who may approve registrations). */
  REGISTRATION_SUBMITTED(OpportunityApi.REGISTERED, Audience.REVIEWERS),
  /** A registration was approved: the partner's users. */
  REGISTRATION_APPROVED(OpportunityApi.APPROVED, Audience.PARTNER_USERS),
  /** A registration was rejected, with the reason: the partner's users. */
  REGISTRATION_REJECTED(OpportunityApi.REJECTED, Audience.PARTNER_USERS),
  /** An approval's protection ends within the tenant's warning days: the partner's users. */
  PROTECTION_ENDING(OpportunityApi.PROTECTION_ENDING, Audience.PARTNER_USERS),
  /** An approval's protection ended without a win: the partner's users. */
  PROTECTION_EXPIRED(OpportunityApi.EXPIRED, Audience.PARTNER_USERS),
  /** A registration waited longer than the tenant's review SLA: escalated to the admins. */
  REVIEW_OVERDUE(OpportunityApi.REVIEW_OVERDUE, Audience.ADMINS),
  /** A commission was approved: the partner's admins. */
  COMMISSION_APPROVED(CommissionApi.APPROVED, Audience.PARTNER_ADMINS),
  /** A commission was paid: the partner's admins. */
  COMMISSION_PAID(CommissionApi.PAID, Audience.PARTNER_ADMINS);

  /** Who is told: active users of the event's tenant (of its partner, for the partner ones). */
  enum Audience {
    /** Vendor users whose role holds opportunities:approve. */
    REVIEWERS,
    /** Users of role admin. */
    ADMINS,
    /** Every user of the event's partner. */
    PARTNER_USERS,
    /** Users of the event's partner with role partner_admin. */
    PARTNER_ADMINS
  }

  /** What a kind's values are read from besides the event: the names its ids stand for. */
  record Names(
      String organizationName, String partnerName, String opportunityName, String customerName) {}

  static final List<String> EVENT_TYPES =
      java.util.Arrays.stream(values()).map(kind -> kind.eventType).toList();

  private final String eventType;
  private final Audience audience;

  NotificationKind(String eventType, Audience audience) {
    this.eventType = eventType;
    this.audience = audience;
  }

  /** The kind's name, as mail kinds, preferences and templates name it. */
  String text() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  Audience audience() {
    return audience;
  }

  /** The kind an event of {@code type} causes, or null. */
  static NotificationKind of(String type) {
    for (NotificationKind kind : values()) {
      if (kind.eventType.equals(type)) {
        return kind;
      }
    }
    return null;
  }

  /** Whether this kind is about a commission (its event's data is one) or a deal. */
  boolean aboutCommission() {
    return this == COMMISSION_APPROVED || this == COMMISSION_PAID;
  }

  /** The mail kind of the same name, which declares this kind's variables. */
  MailKind mail() {
    return MailKind.named(text());
  }

  /**
   * The values of the kind's variables for {@code event} (all but the link): for a commission its
   * amount, for a deal the deal's; dates as ISO dates (UTC).
   */
  Map<String, String> values(DomainEvent event, Names names) {
    JsonObject data = event.data();
    Map<String, String> values = new LinkedHashMap<>();
    values.put("opportunityName", names.opportunityName());
    values.put("customerName", names.customerName());
    values.put("partnerName", names.partnerName());
    values.put("amount", data.getString("amount"));
    values.put("currency", data.getString("currency"));
    switch (this) {
      case REGISTRATION_APPROVED, PROTECTION_EXPIRED ->
          values.put("protectionEndsAt", date(data.getString("protectionEndsAt")));
      case REGISTRATION_REJECTED -> values.put("reason", data.getString("rejectionReason"));
      case PROTECTION_ENDING -> {
        Instant ends = Instant.parse(data.getString("protectionEndsAt"));
        values.put("protectionEndsAt", date(ends.toString()));
        values.put("daysLeft", String.valueOf(wholeDaysUntil(event.occurredAt(), ends)));
      }
      case REVIEW_OVERDUE -> {
        Instant submitted = Instant.parse(data.getString("createdAt"));
        values.put("submittedAt", date(submitted.toString()));
        values.put(
            "waitingHours",
            String.valueOf(Duration.between(submitted, event.occurredAt()).toHours()));
      }
      default -> {}
    }
    values.replaceAll((name, value) -> value == null ? "" : value);
    return values;
  }

  /** Days left, rounded up: a protection ending in 36 hours has 2 days left. */
  private static long wholeDaysUntil(Instant now, Instant end) {
    long seconds = Math.max(0, Duration.between(now, end).getSeconds());
    return (seconds + 86_399) / 86_400;
  }

  private static String date(String instant) {
    return instant == null
        ? null
        : Instant.parse(instant).atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }
}
