package io.partnerhub.mail;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
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

  public MailKind {
    variables = Collections.unmodifiableSet(new TreeSet<>(variables));
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
