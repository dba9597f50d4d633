package io.partnerhub.mail;

import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * PARTNERHUB_SMTP_URL as the mail client's settings: {@code smtp://user:pass@host:587?starttls=
 * required|optional|disabled} (STARTTLS; required by default when there are credentials, so they
 * never cross in clear) or {@code smtps://user:pass@host:465} (TLS from the first byte).
 * Certificates are always verified.
 */
final class SmtpUrl {
  private SmtpUrl() {}

  static MailConfig parse(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw invalid("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls = "smtps".equals(scheme);
    if (!tls && !"smtp".equals(scheme)) {
      throw invalid("the scheme must be smtp or smtps");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw invalid("a host is required");
    }
    MailConfig config =
        new MailConfig()
            .setHostname(uri.getHost())
            .setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587)
            .setSsl(tls)
            .setTrustAll(false)
            .setKeepAlive(true)
            .setMaxPoolSize(4);
    boolean credentials = uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty();
    if (credentials) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      config
          .setUsername(decode(parts[0]))
          .setPassword(parts.length > 1 ? decode(parts[1]) : "")
          .setLogin(LoginOption.REQUIRED);
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    String starttls = query(uri, "starttls");
    if (tls) {
      config.setStarttls(StartTLSOptions.DISABLED);
    } else if (starttls == null) {
      config.setStarttls(credentials ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL);
    } else {
      config.setStarttls(
          switch (starttls) {
            case "required" -> StartTLSOptions.REQUIRED;
            case "optional" -> StartTLSOptions.OPTIONAL;
            case "disabled" -> StartTLSOptions.DISABLED;
            default -> throw invalid("starttls must be required, optional or disabled");
          });
    }
    return config;
  }

  private static String query(URI uri, String name) {
    if (uri.getRawQuery() == null) {
      return null;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      String[] nameAndValue = pair.split("=", 2);
      if (name.equals(decode(nameAndValue[0]))) {
        return nameAndValue.length > 1 ? decode(nameAndValue[1]).toLowerCase(Locale.ROOT) : "";
      }
      throw invalid("unknown parameter " + decode(nameAndValue[0]));
    }
    return null;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  /** A message that never repeats the URL (it may hold a password). */
  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("PARTNERHUB_SMTP_URL is invalid: " + why);
  }

  /** host:port, for the log: never the credentials. */
  static String describe(MailConfig config) {
    return (config.isSsl() ? "smtps://" : "smtp://")
        + config.getHostname()
        + ":"
        + config.getPort()
        + (config.isSsl() ? "" : " (STARTTLS " + config.getStarttls() + ")");
  }
}
