package io.partnerhub.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests java.net.http refuses to send: bad percent escapes and
 * raw bytes in the target, invalid UTF-8 in the body, any header. One request per connection
 * ({@code Connection: close}); the response is read to the end of the stream.
 */
public final class RawHttp {
  private final int port;
  private final InetAddress localAddress;

  /**
   * {@code localAddress}: the client's source address (another loopback address), or null for any.
   */
  public RawHttp(int port, InetAddress localAddress) {
    this.port = port;
    this.localAddress = localAddress;
  }

  public record Response(int status, Map<String, String> headers, String text) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    /** A header by its name in any case. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A random loopback address other than 127.0.0.1, so a test's client IP is its own. */
  public static InetAddress randomLoopbackAddress() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    try {
      return InetAddress.getByAddress(
          new byte[] {
            127,
            (byte) random.nextInt(1, 255),
            (byte) random.nextInt(0, 256),
            (byte) random.nextInt(2, 255)
          });
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code method target} with the headers (plus Host unless given, Connection: close and,
   * with a body, Content-Length) and the body bytes as given. Header lines are sent as UTF-8.
   */
  public Response send(String method, String target, Map<String, String> headers, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nConnection: close\r\n");
    if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      request.writeBytes(body);
    }
    return exchange(request.toByteArray());
  }

  /** Writes the bytes as they are and reads the response. */
  public Response exchange(byte[] request) {
    try (Socket socket = connect()) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An open connection to the server, for tests that send at their own pace. */
  public Socket connect() throws IOException {
    Socket socket = new Socket();
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(localAddress, 0));
    }
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    return socket;
  }

  /**
   * Reads one response to the end of the stream (the server closes: Connection: close). A reset
   * after the response (the server closed while this client was still sending) ends the stream too.
   */
  public static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        received.write(chunk, 0, n);
      }
    } catch (java.net.SocketException reset) {
      if (received.size() == 0) {
        throw reset;
      }
    }
    byte[] all = received.toByteArray();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new IOException("No complete response head in " + all.length + " bytes: " + text);
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOfCrlf(chunked, at);
      int size =
          Integer.parseInt(
              new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1)
                  .split(";")[0].trim(),
              16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return bytes.length;
  }
}
