package io.partnerhub.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.health.HealthApi;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer's bridge client speaks the TCP event-bus bridge's frames: a stock bridge over a real
 * socket, with consumers that answer as PartnerHub's services do (JSON bodies, failures carrying
 * the JSON error), some addresses permitted and one not.
 */
class BridgeClientTest {
  private static Vertx vertx;
  private static BridgeClient client;

  @BeforeAll
  static void bridge() {
    vertx = Vertx.vertx();
    vertx
        .eventBus()
        .consumer(
            HealthApi.CHECK.address(),
            probe -> probe.reply(new JsonObject().put("database", true).put("redis", false)));
    vertx
        .eventBus()
        .consumer(
            "test.missing",
            ask ->
                ask.fail(
                    404,
                    new ServiceException(FailureCode.NOT_FOUND, "No such partner")
                        .toJson()
                        .encode()));
    TcpEventBusBridge bridge =
        TcpEventBusBridge.create(
            vertx,
            new BridgeOptions()
                .addInboundPermitted(new PermittedOptions().setAddress(HealthApi.CHECK.address()))
                .addInboundPermitted(new PermittedOptions().setAddress("test.missing"))
                .addOutboundPermitted(new PermittedOptions().setAddress("test.news")));
    int port = freePort();
    bridge.listen(port, "127.0.0.1").await();
    client = BridgeClient.connect(vertx, "127.0.0.1", port, 5_000).await();
  }

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  @Test
  void aTypedRequestGetsItsReplyRecord() {
    assertThat(client.request(HealthApi.CHECK, new HealthApi.Probe()).await())
        .isEqualTo(new HealthApi.Report(true, false));
  }

  @Test
  void aServiceFailureArrivesAsTheServiceException() {
    ServiceException failure = failureOf(client.send("test.missing", new JsonObject()));
    assertThat(failure.code()).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failure.getMessage()).isEqualTo("No such partner");
  }

  @Test
  void anAddressTheBridgeDoesNotPermitIsRefused() {
    ServiceException failure = failureOf(client.send("test.secret", new JsonObject()));
    assertThat(failure.code()).isEqualTo(FailureCode.FORBIDDEN);
  }

  @Test
  void aSubscriptionReceivesWhatIsPublished() {
    Promise<JsonObject> heard = Promise.promise();
    client.subscribe("test.news", frame -> heard.tryComplete(frame.getJsonObject("body"))).await();
    // a registration is not acknowledged: publish until it has reached the bridge
    long publishing =
        vertx.setPeriodic(
            20, tick -> vertx.eventBus().publish("test.news", new JsonObject().put("n", 1)));
    try {
      assertThat(heard.future().await()).isEqualTo(new JsonObject().put("n", 1));
    } finally {
      vertx.cancelTimer(publishing);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServiceException failureOf(io.vertx.core.Future<?> future) {
    ServiceException failure = catchThrowableOfType(ServiceException.class, future::await);
    assertThat(failure).as("a ServiceException").isNotNull();
    return failure;
  }
}
