package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.RawHttp;
import io.partnerhub.support.TestApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge's limits against clients that send too much or too slowly, on an app with one event
 * loop, a 1.5 s read timeout and a 4 KiB body limit: oversized bodies, request lines and headers
 * are refused in the error shape; a client that trickles its headers or its body is cut off at the
 * read timeout (a trickle keeps an idle timeout happy, so that timeout is set far away here); and
 * while slow clients hold connections, everyone else is still served.
 */
class SlowClientTest {
  private static final int READ_TIMEOUT_MS = 1500;
  private static final int BODY_LIMIT = 4096;
  private static PartnerHub app;
  private static RawHttp client;

  @BeforeAll
  static void appWithShortLimits() {
    app =
        TestApp.start(
            TestApp.settings()
                .with(Setting.HTTP_READ_TIMEOUT_MS, READ_TIMEOUT_MS)
                .with(Setting.HTTP_IDLE_TIMEOUT_SECONDS, 60)
                .with(Setting.HTTP_BODY_LIMIT_BYTES, BODY_LIMIT)
                .with(Setting.HTTP_INSTANCES, 1));
    client = new RawHttp(app.httpPort(), null);
  }

  @AfterAll
  static void close() {
    app.close().await();
  }

  private static byte[] head(String method, String target, String... headers) {
    StringBuilder head =
        new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The head of a JSON login request whose body is framed by {@code framing} (Content-Length or
   * chunked).
   */
  private static byte[] loginHead(String framing) {
    return head("POST", "/api/v1/auth/login", "Content-Type: application/json", framing);
  }

  private static void assertError(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    HostileInputTest.assertErrorShape(response, response.toString());
    assertThat(response.json().getString("error")).isEqualTo(code);
  }

  /**
   * Milliseconds until the server closes the connection (end of stream or reset); fails after 10 s.
   */
  private static long millisUntilClosed(Socket socket, long since) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // whatever the server says before closing
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection is still open after 10 s", e);
    } catch (SocketException reset) {
      // closed while this side was still writing
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  /**
   * Writes one byte every 100 ms until the connection fails or {@code bytes} are out; returns the
   * thread.
   */
  private static Thread trickle(Socket socket, int bytes) {
    Thread writer =
        new Thread(
            () -> {
              try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < bytes; i++) {
                  out.write(' ');
                  out.flush();
                  Thread.sleep(100);
                }
              } catch (IOException | InterruptedException e) {
                // cut off: what the test waits for
              }
            });
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  @Test
  void aDeclaredBodyOverTheLimitGets413BeforeItIsSent() throws IOException {
    try (Socket socket = client.connect()) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(loginHead("Content-Length: 100000000"));
      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertError(response, 413, "PAYLOAD_TOO_LARGE");
      assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
    }
  }

  @Test
  void aChunkedBodyIsCutOffWhenItPassesTheLimit() throws IOException {
    try (Socket socket = client.connect()) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(loginHead("Transfer-Encoding: chunked"));
      String chunk = " ".repeat(1000);
      for (int i = 0; i < 5; i++) {
        out.write(
            (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
      }
      assertError(RawHttp.read(socket.getInputStream()), 413, "PAYLOAD_TOO_LARGE");
    }
  }

  @Test
  void aBodyAtTheLimitIsRead() {
    String padded = "{\"email\":\"a@b.c\",\"password\":\"p\",\"subdomain\":\"no-such-org\"}";
    padded += " ".repeat(BODY_LIMIT - padded.length());
    RawHttp.Response response =
        client.send(
            "POST",
            "/api/v1/auth/login",
            Map.of("Content-Type", "application/json"),
            padded.getBytes(StandardCharsets.US_ASCII));
    assertError(response, 401, "UNAUTHENTICATED");
  }

  @Test
  void aBodyThatTricklesGets408AtTheReadTimeoutAndTheConnectionCloses() throws IOException {
    try (Socket socket = client.connect()) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(loginHead("Content-Length: 200"));
      long start = System.nanoTime();
      trickle(socket, 200); // 20 s to send it all

      RawHttp.Response response =
          RawHttp.read(socket.getInputStream()); // to the end of the stream: closed
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertError(response, 408, "REQUEST_TIMEOUT");
      assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
      assertThat(elapsed).isBetween(READ_TIMEOUT_MS - 100L, 8_000L);
    }
  }

  @Test
  void headersThatTrickleGetTheConnectionClosedAtTheReadTimeout() throws IOException {
    try (Socket socket = client.connect()) {
      long start = System.nanoTime();
      socket
          .getOutputStream()
          .write(
              "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                  .getBytes(StandardCharsets.US_ASCII));
      trickle(socket, 200);

      assertThat(millisUntilClosed(socket, start)).isBetween(READ_TIMEOUT_MS - 100L, 8_000L);
    }
  }

  @Test
  void headersThatStopGetTheConnectionClosedAtTheReadTimeout() throws IOException {
    try (Socket socket = client.connect()) {
      long start = System.nanoTime();
      socket
          .getOutputStream()
          .write(
              "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  .getBytes(StandardCharsets.US_ASCII));

      assertThat(millisUntilClosed(socket, start)).isBetween(READ_TIMEOUT_MS - 100L, 8_000L);
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAtTheReadTimeout() throws IOException {
    try (Socket socket = client.connect()) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(head("GET", "/health/live"));
      InputStream in = socket.getInputStream();
      byte[] first = new byte[12];
      assertThat(in.readNBytes(first, 0, 12)).isEqualTo(12);
      assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      long answered = System.nanoTime();

      assertThat(millisUntilClosed(socket, answered)).isBetween(READ_TIMEOUT_MS - 100L, 8_000L);
    }
  }

  @Test
  void slowClientsDoNotKeepOthersFromBeingServed() throws IOException {
    List<Socket> slow = new ArrayList<>();
    try {
      long start = System.nanoTime();
      for (int i = 0; i < 40; i++) {
        Socket socket = client.connect();
        slow.add(socket);
        socket
            .getOutputStream()
            .write(
                i % 2 == 0
                    ? "GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)
                    : loginHead("Content-Length: 100"));
        trickle(socket, 100);
      }
      // on the one event loop that holds all those connections, other requests are served at once
      for (int i = 0; i < 10; i++) {
        RawHttp.Response response = client.send("GET", "/health/live", Map.of(), null);
        assertThat(response.status()).isEqualTo(200);
      }
      long served = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(served)
          .as("served before the slow clients were cut off")
          .isLessThan(READ_TIMEOUT_MS);

      for (Socket socket : slow) {
        assertThat(millisUntilClosed(socket, start)).isBetween(READ_TIMEOUT_MS - 100L, 10_000L);
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void anOverlongRequestLineGets414InTheErrorShape() {
    RawHttp.Response response =
        client.send("GET", "/api/v1/partners?q=" + "x".repeat(5000), Map.of(), null);
    assertError(response, 414, "URI_TOO_LONG");
    assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
  }

  @Test
  void oversizedHeadersGet431InTheErrorShape() {
    RawHttp.Response response =
        client.send("POST", "/api/v1/users", Map.of("Idempotency-Key", "k".repeat(10_000)), null);
    assertError(response, 431, "HEADERS_TOO_LARGE");
  }

  @Test
  void requestsThatAreNotHttpGet400InTheErrorShape() {
    for (String request :
        List.of(
            "GARBAGE\r\n\r\n",
            "GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "GET /health/live HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n")) {
      RawHttp.Response response = client.exchange(request.getBytes(StandardCharsets.US_ASCII));
      assertError(response, 400, "VALIDATION");
    }
  }

  @Test
  void aMalformedChunkEndsTheConnectionWithoutA5xx() throws IOException {
    try (Socket socket = client.connect()) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\nzz\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] answer =
          socket.getInputStream().readAllBytes(); // Vert.x fails the connection: usually nothing
      if (answer.length > 0) {
        RawHttp.Response response = RawHttp.read(new java.io.ByteArrayInputStream(answer));
        assertError(response, 400, "VALIDATION");
      }
    }
  }
}
