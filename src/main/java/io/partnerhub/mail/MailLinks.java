package io.partnerhub.mail;

import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links in mail: always under PARTNERHUB_PUBLIC_URL (the dispatcher refuses a link variable that is
 * not), a one-time token in the fragment so it never reaches a server's access log or a Referer
 * header.
 */
public final class MailLinks {
  private final String base;

  public MailLinks(Settings config) {
    this.base = base(config);
  }

  /** The configured base URL without a trailing slash; http(s) with a host, or startup fails. */
  static String base(Settings config) {
    String url = config.require(Setting.PUBLIC_URL).trim();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PARTNERHUB_PUBLIC_URL is not a URL");
    }
    if (uri.getHost() == null
        || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "PARTNERHUB_PUBLIC_URL must be an http(s) URL with a host and no query or fragment");
    }
    return url.replaceAll("/+$", "");
  }

  /** {@code <base>/console/<page>}: a page of the console, such as a deal's. */
  public String page(String page) {
    return base + "/console/" + page;
  }

  /** {@code <base>/console/<page>#token=<token>}. */
  public String withToken(String page, String token) {
    return base + "/console/" + page + "#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }
}
