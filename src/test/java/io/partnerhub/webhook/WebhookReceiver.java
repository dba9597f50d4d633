package io.partnerhub.webhook;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A real HTTP receiver on loopback (the JDK's server, nothing of PartnerHub's): records every
 * request and answers with the status {@code answer} gives, after {@code delay}.
 */
final class WebhookReceiver implements AutoCloseable {
  record Received(String path, String id, String timestamp, String signature, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  final List<Received> requests = new CopyOnWriteArrayList<>();
  volatile IntSupplier answer = () -> 200;
  volatile Duration delay = Duration.ZERO;
  private final HttpServer server;

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  /** On a free port, or on {@code port} (0 = any). */
  static WebhookReceiver start(int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      WebhookReceiver receiver = new WebhookReceiver(server);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext(
          "/",
          exchange -> {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            receiver.requests.add(
                new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    body));
            try {
              Thread.sleep(receiver.delay.toMillis()); // the receiver under test is slow
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            int status = receiver.answer.getAsInt();
            if (status == 302) {
              exchange.getResponseHeaders().add("Location", "/followed");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/hook";
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Polls until {@code condition} holds, failing after {@code timeout}. */
  static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
