package io.partnerhub.input;

import io.partnerhub.kernel.Dates;
import io.partnerhub.kernel.Ids;
import io.partnerhub.kernel.Money;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * The named formats of openapi.yaml: field-local rules no plain JSON Schema keyword can state,
 * checked by the one schema pass (see {@link JsonSchemas#compile}) so that a request learns every
 * problem of its fields at once. For {@code uuid} and {@code date} the library runs its own, looser
 * check as well; ours is stricter, so when both fail {@link JsonSchemas} reports the one problem,
 * in our words. The other names are unknown to the library (its {@code email} and {@code idn-email}
 * refuse addresses our rule takes, such as fullwidth letters NFKC makes plain).
 */
public final class InputFormats {
  private static final String EMAIL_PROBLEM = "a valid e-mail address of at most 254 characters";
  private static final Map<String, Function<Object, String>> FORMATS =
      Map.of(
          // an empty text is minLength's to judge
          "non-blank",
              value ->
                  value instanceof String text && !text.isEmpty() && text.isBlank()
                      ? "not blank"
                      : null,
          // canonical 8-4-4-4-12 only: the library also takes "urn:uuid:..."
          "uuid",
              value -> value instanceof String text && Ids.parse(text) == null ? Ids.PROBLEM : null,
          // the library takes any year; PostgreSQL and the periods around a date need 1900 to 9999
          "date",
              value ->
                  value instanceof String text && Dates.parse(text) == null ? Dates.PROBLEM : null,
          "email-address", value -> value instanceof String text ? emailProblem(text) : null,
          "currency",
              value ->
                  value instanceof String text && !Money.isCurrency(text)
                      ? Money.CURRENCY_RULE
                      : null,
          // a JSON number amount; a string amount is held by the schema's pattern
          "amount",
              value ->
                  value instanceof Number number
                          && !Money.isAmount(new BigDecimal(number.toString()))
                      ? Money.RULE
                      : null,
          "web-address",
              value ->
                  value instanceof String text && !isWebAddress(text)
                      ? "an http or https address with a host"
                      : null);

  private InputFormats() {}

  /** Whether {@code format} is one of ours. */
  public static boolean owns(Object format) {
    return format instanceof String name && FORMATS.containsKey(name);
  }

  /**
   * What is wrong with {@code value} under one of our formats, or null (also for a format not ours,
   * and for a value of another type, which the schema's {@code type} judges). vertx-json-schema
   * calls this at every schema, as its {@code JsonFormatValidator}.
   */
  public static String problem(String instanceType, String format, Object value) {
    Function<Object, String> check = format == null ? null : FORMATS.get(format);
    return check == null ? null : check.apply(value);
  }

  /**
   * The e-mail rule of every address a user or partner gives: once normalized ({@link
   * Emails#normalize}), local@domain.tld of at most 254 characters, and no part mixing scripts.
   */
  private static String emailProblem(String email) {
    String normalized = Emails.normalize(email);
    if (normalized.length() > 254 || !Emails.isAddress(normalized)) {
      return EMAIL_PROBLEM;
    }
    String mixed = Emails.mixedScriptPart(normalized);
    return mixed == null
        ? null
        : "'"
            + mixed
            + "' mixes scripts (such as Latin and Cyrillic); each part of an"
            + " address must be written in one script";
  }

  private static boolean isWebAddress(String text) {
    try {
      URI uri = URI.create(text);
      return uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
