package io.partnerhub.input;

import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What makes two e-mail addresses the same identity: the address is normalized (NFKC, then
 * lowercase) before it is stored or looked up, a local part or domain label may not mix scripts,
 * and each stored address keeps its confusable skeleton (Unicode TS #39), unique per tenant, so
 * that a look-alike of an existing address (a Cyrillic 'а' for a Latin 'a') is refused instead of
 * becoming a second user.
 */
public final class Emails {
  /**
   * UTS #39 "highly restrictive": one script, or the CJK combinations a single writing system uses.
   */
  private static final SpoofChecker SCRIPTS =
      new SpoofChecker.Builder()
          .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.MIXED_NUMBERS)
          .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
          .build();

  private static final SpoofChecker CONFUSABLES = new SpoofChecker.Builder().build();
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private Emails() {}

  /** The address as stored and compared: trimmed, NFKC, lowercase. */
  public static String normalize(String email) {
    return Normalizer.normalize(email.trim(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a normalized address has the shape local@domain.tld (its format, "email-address", is in
   * InputFormats).
   */
  public static boolean isAddress(String normalized) {
    return ADDRESS.matcher(normalized).matches();
  }

  /**
   * The local part or domain label of a normalized address that mixes scripts, or null when none
   * does.
   */
  public static String mixedScriptPart(String normalized) {
    for (String part : normalized.split("[@.]")) {
      if (!part.isEmpty() && SCRIPTS.failsChecks(part)) {
        return part;
      }
    }
    return null;
  }

  /** The confusable skeleton of a normalized address: equal for addresses that look alike. */
  public static String skeleton(String normalized) {
    return CONFUSABLES.getSkeleton(normalized);
  }
}
