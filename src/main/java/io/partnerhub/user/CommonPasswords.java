package io.partnerhub.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The passwords attackers try first (decision 197): resources/passwords/common.txt, the 10,000 most
 * common passwords of a public breach corpus (SecLists' "10 million password list", top 1,000,000)
 * plus every password of 12 characters or more among its top million (the length rule does not
 * catch those), lowercased. A new password equal to one of them, ignoring case, is refused wherever
 * a password is set. Loaded once, on first use (off the event loop: {@link Passwords}).
 */
final class CommonPasswords {
  private static final String RESOURCE = "passwords/common.txt";

  private CommonPasswords() {}

  private static final class Loaded {
    static final Set<String> PASSWORDS = load();
  }

  static boolean contains(String password) {
    return Loaded.PASSWORDS.contains(password.toLowerCase(Locale.ROOT));
  }

  static int size() {
    return Loaded.PASSWORDS.size();
  }

  private static Set<String> load() {
    try (InputStream in = CommonPasswords.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      Set<String> passwords = new HashSet<>(80_000);
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isEmpty()) {
          passwords.add(line);
        }
      }
      return passwords;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
