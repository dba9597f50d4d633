package io.partnerhub.mail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every kind of mail PartnerHub sends, and the variables each one's templates may use: declared
 * here once, so a template (built-in or a tenant's override) naming anything else is refused, and a
 * mail queued with an undeclared variable is a bug. {@code organizationName} is given to every kind
 * at send time. A variable whose name ends in {@code Link} holds a link, which must point under
 * PARTNERHUB_PUBLIC_URL. {@code security}: mail a user may not opt out of (decision 191).
 */
public record MailKind(String name, Set<String> variables, boolean security) {
  /** Given to every kind's templates: the tenant's name. */
  public static final String ORGANIZATION_NAME = "organizationName";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Pattern VARIABLE = Pattern.compile("[a-z][A-Za-z0-9]{0,62}");
  private static final Map<String, MailKind> KINDS = new LinkedHashMap<>();

  /** An invitation to join the tenant (or a partner of it): a one-time link to accept. */
  public static final MailKind INVITATION =
      define("invitation", true, "inviterEmail", "role", "partnerName", "acceptLink", "expiresAt");

  /** A password reset asked for an account: a one-time link. */
  public static final MailKind PASSWORD_RESET =
      define("password_reset", true, "email", "resetLink", "expiresInMinutes");

  /** A partner application was received (to the applicant). */
  public static final MailKind APPLICATION_RECEIVED =
      define("application_received", false, "companyName", "contactName");

  /** A partner application was rejected, with the reviewer's reason (to the applicant). */
  public static final MailKind APPLICATION_REJECTED =
      define("application_rejected", false, "companyName", "contactName", "reason");

  // Notifications (decision 206): each is also an in-app notification kind of the same name
  // (notification/NotificationKind says which event causes it and who is told).

  /** A deal registration waits for review (to the tenant's reviewers). */
  public static final MailKind REGISTRATION_SUBMITTED =
      define("registration_submitted", false, deal());

  /** A registration was approved (to the partner's users). */
  public static final MailKind REGISTRATION_APPROVED =
      define("registration_approved", false, deal("protectionEndsAt"));

  /** A registration was rejected, with the reason (to the partner's users). */
  public static final MailKind REGISTRATION_REJECTED =
      define("registration_rejected", false, deal("reason"));

  /** An approval's protection ends soon (to the partner's users). */
  public static final MailKind PROTECTION_ENDING =
      define("protection_ending", false, deal("protectionEndsAt", "daysLeft"));

  /** An approval's protection ended without a win (to the partner's users). */
  public static final MailKind PROTECTION_EXPIRED =
      define("protection_expired", false, deal("protectionEndsAt"));

  /** A registration waited longer than the review SLA (to the tenant's admins). */
  public static final MailKind REVIEW_OVERDUE =
      define("review_overdue", false, deal("submittedAt", "waitingHours"));

  /** A commission was approved (to the partner's admins). */
  public static final MailKind COMMISSION_APPROVED = define("commission_approved", false, deal());

  /** A commission was paid (to the partner's admins). */
  public static final MailKind COMMISSION_PAID = define("commission_paid", false, deal());

  public MailKind {
    variables = Collections.unmodifiableSet(new TreeSet<>(variables));
  }

  /** The variables of every notification about a deal (or its commission), then {@code more}. */
  private static String[] deal(String... more) {
    List<String> names =
        new ArrayList<>(
            List.of(
                "opportunityName",
                "customerName",
                "partnerName",
                "amount",
                "currency",
                "detailsLink"));
    names.addAll(List.of(more));
    return names.toArray(String[]::new);
  }

  private static MailKind define(String name, boolean security, String... variables) {
    if (!NAME.matcher(name).matches() || KINDS.containsKey(name)) {
      throw new IllegalStateException("Bad or duplicate mail kind " + name);
    }
    for (String variable : variables) {
      if (!VARIABLE.matcher(variable).matches() || ORGANIZATION_NAME.equals(variable)) {
        throw new IllegalStateException("Bad variable " + variable + " of mail kind " + name);
      }
    }
    MailKind kind = new MailKind(name, Set.of(variables), security);
    KINDS.put(name, kind);
    return kind;
  }

  /** The kind named so, or null. */
  public static MailKind named(String name) {
    return KINDS.get(name);
  }

  public static Collection<MailKind> all() {
    return Collections.unmodifiableCollection(KINDS.values());
  }

  /** What this kind's templates may name: its variables and {@link #ORGANIZATION_NAME}. */
  public Set<String> templateVariables() {
    Set<String> names = new TreeSet<>(variables);
    names.add(ORGANIZATION_NAME);
    return names;
  }

  public static boolean isLink(String variable) {
    return variable.endsWith("Link");
  }
}
