package io.partnerhub.user;

import io.partnerhub.auth.Passwords;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.regex.Pattern;

/** Rules every user record follows, wherever it is created, and the row-to-view mapping. */
public final class UserRules {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private UserRules() {
  }

  public static void checkEmail(String email, String field, JsonObject problems) {
    if (email == null || email.length() > 254 || !EMAIL.matcher(email.trim()).matches()) {
      problems.put(field, "a valid e-mail address of at most 254 characters");
    }
  }

  public static void checkPassword(String password, String field, JsonObject problems) {
    if (password == null || password.length() < Passwords.MIN_LENGTH || password.length() > 1024) {
      problems.put(field, "at least " + Passwords.MIN_LENGTH + " characters");
    }
  }

  /** Maps a row with id, organization_id, email, role, status and partner_id. */
  public static UserView view(Row row) {
    return new UserView(row.getUUID("id"), row.getUUID("organization_id"), row.getString("email"),
        row.getString("role"), row.getString("status"), row.getUUID("partner_id"));
  }
}
