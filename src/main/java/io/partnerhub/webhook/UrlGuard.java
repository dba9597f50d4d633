package io.partnerhub.webhook;

import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where webhooks may go (SSRF guard, decision 164): by default only {@code https} to public
 * addresses. The URL's syntax is checked when it is saved; its host is resolved and every address
 * checked at each delivery, and the sender connects to the address checked here, so a DNS answer
 * that changes between check and connect (rebinding) cannot send a request inside.
 * PARTNERHUB_WEBHOOKS_ALLOW_PRIVATE lifts both rules (development and tests).
 */
final class UrlGuard {
  private final boolean allowPrivate;

  UrlGuard(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /** The URL a webhook may be saved with; VALIDATION on field {@code url} otherwise. */
  URI check(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("an absolute URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
      throw invalid(allowPrivate ? "an http or https URL" : "an https URL");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw invalid("a URL with a host name, and no user info or fragment");
    }
    InetAddress literal = literal(uri.getHost());
    if (literal != null && !allowed(literal)) {
      throw invalid("a public address (not loopback, private, link-local or reserved)");
    }
    return uri;
  }

  /**
   * The one address to connect to for {@code uri}: its host resolved now (on a worker: the JDK
   * resolver blocks); fails when any address it resolves to is not allowed.
   */
  Future<InetAddress> resolve(Vertx vertx, URI uri) {
    return vertx.executeBlocking(
        () -> {
          InetAddress[] addresses = InetAddress.getAllByName(bare(uri.getHost()));
          InetAddress refused =
              Arrays.stream(addresses).filter(a -> !allowed(a)).findFirst().orElse(null);
          if (refused != null) {
            throw new RefusedAddress(uri.getHost() + " resolves to a refused address " + refused);
          }
          return addresses[0];
        },
        false);
  }

  boolean allowed(InetAddress address) {
    return allowPrivate || isPublic(address);
  }

  /** A resolved address a webhook may not reach. */
  static final class RefusedAddress extends Exception {
    RefusedAddress(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Whether an address is on the public internet: not loopback, unspecified, private (RFC 1918),
   * CGNAT, link-local (metadata endpoints), multicast, documentation or reserved ranges, IPv6 ULA,
   * link- or site-local, nor an IPv6 form that embeds such an IPv4 address.
   */
  static boolean isPublic(InetAddress address) {
    if (address instanceof Inet4Address) {
      return isPublicV4(address.getAddress());
    }
    byte[] b = address.getAddress();
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()
        || (b[0] & 0xfe) == 0xfc // fc00::/7 unique local
        || (b[0] == 0x20
            && b[1] == 0x01
            && b[2] == 0x0d
            && (b[3] & 0xff) == 0xb8)) { // 2001:db8::/32
      return false;
    }
    if (isZero(b, 0, 10)
        && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || isZero(b, 10, 12))) {
      return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d and ::a.b.c.d
    }
    if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && isZero(b, 4, 12)) {
      return isPublicV4(Arrays.copyOfRange(b, 12, 16)); // 64:ff9b::/96 NAT64
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return isPublicV4(Arrays.copyOfRange(b, 2, 6)); // 2002::/16 6to4
    }
    return address instanceof Inet6Address;
  }

  private static boolean isPublicV4(byte[] a) {
    int first = a[0] & 0xff;
    int second = a[1] & 0xff;
    int third = a[2] & 0xff;
    return !(first == 0
        || first == 10
        || first == 127
        || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64.0.0/10
        || (first == 169 && second == 254) // link-local, cloud metadata
        || (first == 172 && second >= 16 && second <= 31)
        || (first == 192 && second == 168)
        || (first == 192 && second == 0 && (third == 0 || third == 2))
        || (first == 198 && (second == 18 || second == 19))
        || (first == 198 && second == 51 && third == 100)
        || (first == 203 && second == 0 && third == 113)
        || first >= 224); // multicast, reserved, broadcast
  }

  private static boolean isZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The address a host names literally (1.2.3.4, [::1]), or null for a host name. */
  private static InetAddress literal(String host) {
    String bare = bare(host);
    boolean ipv4 = bare.matches("[0-9.]+");
    if (!ipv4 && !bare.contains(":")) {
      return null;
    }
    try {
      return InetAddress.getByName(bare); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw invalid("a valid IP address");
    }
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static ServiceException invalid(String problem) {
    return ServiceException.validation(
        "Invalid webhook url: must be " + problem, new JsonObject().put("url", problem));
  }
}
