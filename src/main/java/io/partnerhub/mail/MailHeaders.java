package io.partnerhub.mail;

/**
 * Header injection, neutralized: text that goes into a header (a subject, a display name) loses
 * every control character (CR and LF above all) and Unicode line separator, so no value can start a
 * header of its own; a display name also loses the characters that delimit an address.
 */
final class MailHeaders {
  static final int MAX_SUBJECT = 250;
  static final int MAX_NAME = 120;

  private MailHeaders() {}

  /** One line of plain text: controls and separators become spaces, runs of spaces one. */
  static String line(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    boolean space = false;
    for (int i = 0; i < text.length() && out.length() < max; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      boolean blank =
          Character.isISOControl(c)
              || Character.isWhitespace(c)
              || c == 0x2028
              || c == 0x2029
              || c == 0x85;
      if (blank) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  /** A display name: one line without quotes, angle brackets, backslashes, commas or semicolons. */
  static String displayName(String name) {
    return line(name == null ? "" : name.replaceAll("[\"<>\\\\,;]", " "), MAX_NAME);
  }
}
