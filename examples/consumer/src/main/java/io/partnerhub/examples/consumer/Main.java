package io.partnerhub.examples.consumer;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.consumer.BridgeClient;
import io.partnerhub.consumer.ClusterMember;
import io.partnerhub.health.HealthApi;
import io.partnerhub.partner.PartnerApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;

/**
 * Joins a PartnerHub cluster as a member of its own, subscribes to won deals and asks the services
 * a typed question; with a bridge address and an API key, it also lists the key's tenant's partners
 * through the TCP bridge, and with the REST API's address it first catches up on the wins it missed.
 * Arguments: cluster name, cluster secret, members (host:port,...), and optionally the bridge
 * (host:port) and an API key (partners:read, events:read), then the API's base URL
 * (http://host:port/api/v1) and a cursor file. This member's address is the system property
 * member.host (default 127.0.0.1).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterMember member =
        ClusterMember.of(
            args[0],
            args[1],
            System.getProperty("member.host", "127.0.0.1"),
            List.of(args[2].split(",")));
    // join() also registers the codecs of every PartnerHub message: requests, replies and events
    member
        .join()
        .compose(vertx -> vertx.deployVerticle(new WonDealCounter(missed(args))).map(vertx))
        .compose(Main::askHealth)
        .compose(vertx -> args.length > 4 ? listPartners(vertx, args[3], args[4]) : done())
        .onSuccess(ready -> System.out.println("ready"))
        .onFailure(
            failure -> {
              System.out.println("failed: " + failure);
              System.exit(1);
            });
  }

  /** A typed request: the record goes out, the reply record comes back, failures are typed too. */
  private static Future<Vertx> askHealth(Vertx vertx) {
    return ServiceBus.request(
            vertx,
            HealthApi.CHECK,
            new HealthApi.Probe(),
            new DeliveryOptions().setSendTimeout(5_000))
        .onSuccess(
            report ->
                System.out.printf(
                    "health: database %s, redis %s%n", report.database(), report.redis()))
        .map(vertx);
  }

  /**
   * A tenant's data needs a context PartnerHub issued: through the bridge, the API key's. The
   * request carries no context of its own (null); the bridge issues it from the key.
   */
  private static Future<Void> listPartners(Vertx vertx, String bridge, String apiKey) {
    String[] hostPort = bridge.split(":");
    return BridgeClient.connect(vertx, hostPort[0], Integer.parseInt(hostPort[1]), 5_000)
        .compose(client -> client.login(apiKey).map(client))
        .compose(
            client ->
                client.request(
                    PartnerApi.LIST,
                    new PartnerApi.ListPartners(null, null, null, null, null, null, 50, null)))
        .onSuccess(
            page ->
                System.out.printf(
                    "partners through the bridge: %s%n",
                    page.items().stream().map(PartnerApi.Partner::name).toList()))
        .mapEmpty();
  }

  /** With the REST API's address and a cursor file: what was missed is read from the feed. */
  private static FeedCatchUp missed(String[] args) {
    return args.length > 6 ? new FeedCatchUp(args[5], args[4], args[6]) : null;
  }

  private static Future<Void> done() {
    return Future.succeededFuture();
  }
}
