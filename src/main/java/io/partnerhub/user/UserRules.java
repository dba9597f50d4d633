package io.partnerhub.user;

import io.partnerhub.kernel.Emails;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Rules every user record follows, wherever it is created. */
public final class UserRules {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private UserRules() {
  }

  /**
   * The address as stored and looked up ({@link Emails#normalize}), or null with the problem recorded:
   * not an address of at most 254 characters, or a part mixing scripts.
   */
  public static String checkEmail(String email, String field, JsonObject problems) {
    String normalized = email == null ? null : Emails.normalize(email);
    if (normalized == null || normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
      problems.put(field, "a valid e-mail address of at most 254 characters");
      return null;
    }
    String mixed = Emails.mixedScriptPart(normalized);
    if (mixed != null) {
      problems.put(field, "'" + mixed + "' mixes scripts (such as Latin and Cyrillic); each part of an address"
          + " must be written in one script");
      return null;
    }
    return normalized;
  }

  public static void checkPassword(String password, String field, JsonObject problems) {
    if (password == null || password.length() < Passwords.MIN_LENGTH || password.length() > 1024) {
      problems.put(field, "at least " + Passwords.MIN_LENGTH + " characters");
    }
  }
}
