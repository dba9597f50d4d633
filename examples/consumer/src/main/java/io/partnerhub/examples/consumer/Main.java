package io.partnerhub.examples.consumer;

import io.partnerhub.bus.ServiceBus;
import io.partnerhub.consumer.ClusterMember;
import io.partnerhub.health.HealthApi;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;

/**
 * Joins a PartnerHub cluster as a member of its own, subscribes to won deals and asks the services
 * a typed question. Arguments: cluster name, cluster secret, members (host:port,...), and this
 * member's address (default 127.0.0.1).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ClusterMember member =
        ClusterMember.of(
            args[0], args[1], args.length > 3 ? args[3] : "127.0.0.1", List.of(args[2].split(",")));
    // join() also registers the codecs of every PartnerHub message: requests, replies and events
    member
        .join()
        .compose(vertx -> vertx.deployVerticle(new WonDealCounter()).map(vertx))
        .compose(Main::askHealth)
        .onSuccess(ready -> System.out.println("ready"))
        .onFailure(
            failure -> {
              System.out.println("failed: " + failure);
              System.exit(1);
            });
  }

  /** A typed request: the record goes out, the reply record comes back, failures are typed too. */
  private static io.vertx.core.Future<Vertx> askHealth(Vertx vertx) {
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
}
