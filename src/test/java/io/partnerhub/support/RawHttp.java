package io.partnerhub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http cannot do: send from a chosen loopback address
 * (any 127.x.y.z is this machine, so each test gets client IPs of its own) and set the Host header.
 */
public final class RawHttp {
  private RawHttp() {
  }

  /** A random loopback address other than 127.0.0.1, which the shared test app's other clients use. */
  public static String randomLoopbackAddress() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(2, 255);
  }

  /** {@code path} is below /api/v1; {@code headers} may include Host (else 127.0.0.1:port is sent). */
  public static Http.Response send(int port, String fromAddress, String method, String path, Map<String, String> headers,
                                   String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method + " /api/v1" + path + " HTTP/1.1\r\n");
    if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      request.append("Content-Type: application/json\r\n");
    }
    request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a Content-Length response (what the server sends when the client asks for no compression). */
  private static Http.Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.UTF_8);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new IOException("Incomplete response: " + text);
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    if (headers.containsKey("Transfer-Encoding")) {
      throw new IOException("Chunked responses are not supported here: " + text);
    }
    return new Http.Response(status, HttpHeaders.of(headers, (name, value) -> true), text.substring(headEnd + 4));
  }
}
