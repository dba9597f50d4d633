package io.partnerhub.webhook;

import io.partnerhub.webhook.WebhookApi.Attempt;
import io.partnerhub.webhook.WebhookRepository.Outgoing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Makes one attempt: resolves and checks the receiver's address, signs, POSTs the payload to that
 * address, redirects not followed, the answer's body discarded unread; 2xx is success, anything
 * else (another status, no answer within the timeout, a refused address) a failure.
 */
final class WebhookSender {
  private final Vertx vertx;
  private final WebClient client;
  private final UrlGuard guard;
  private final long timeoutMillis;

  WebhookSender(Vertx vertx, UrlGuard guard, long timeoutMillis) {
    this.vertx = vertx;
    this.guard = guard;
    this.timeoutMillis = timeoutMillis;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) timeoutMillis)
                .setForceSni(true)
                .setUserAgent("PartnerHub-Webhooks/1"));
  }

  Future<Attempt> send(Outgoing outgoing) {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    URI uri = URI.create(outgoing.url());
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    long timestamp = started.getEpochSecond();
    String id = outgoing.eventId().toString();
    return guard
        .resolve(vertx, uri)
        .compose(
            address ->
                client
                    .request(
                        HttpMethod.POST,
                        SocketAddress.inetSocketAddress(port, address.getHostAddress()),
                        new RequestOptions()
                            .setHost(uri.getHost())
                            .setPort(port)
                            .setSsl(https)
                            .setURI(target)
                            .setFollowRedirects(false))
                    .putHeader("content-type", "application/json")
                    .putHeader("webhook-id", id)
                    .putHeader("webhook-timestamp", Long.toString(timestamp))
                    .putHeader(
                        "webhook-signature",
                        WebhookSignature.header(
                            outgoing.secrets(), id, timestamp, outgoing.payload()))
                    .connectTimeout(timeoutMillis)
                    .idleTimeout(timeoutMillis)
                    .as(BodyCodec.none())
                    .sendBuffer(Buffer.buffer(outgoing.payload()))
                    .timeout(timeoutMillis, TimeUnit.MILLISECONDS))
        .transform(
            done -> {
              int latency = (int) ((System.nanoTime() - startNanos) / 1_000_000);
              if (done.failed()) {
                return Future.succeededFuture(
                    new Attempt(started, null, latency, describe(done.cause())));
              }
              int status = done.result().statusCode();
              return Future.succeededFuture(
                  new Attempt(
                      started,
                      status,
                      latency,
                      status >= 200 && status < 300 ? null : "HTTP status " + status));
            });
  }

  private String describe(Throwable failure) {
    if (failure instanceof UrlGuard.RefusedAddress) {
      return "refused: " + failure.getMessage();
    }
    if (failure instanceof java.util.concurrent.TimeoutException
        || failure instanceof io.netty.channel.ConnectTimeoutException) {
      return "no answer within " + timeoutMillis + " ms";
    }
    String message = failure.getMessage();
    String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() > 300 ? text.substring(0, 300) : text;
  }

  void close() {
    client.close();
  }
}
