package io.partnerhub;

import com.hazelcast.config.Config;
import io.partnerhub.consumer.ClusterMember;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;

/**
 * A clustered Vert.x for a service node: the membership every PartnerHub member shares ({@link
 * ClusterMember}), read from the settings, with the node's metrics.
 */
final class Cluster {
  private Cluster() {}

  static Future<Vertx> start(Settings config, VertxOptions options, VertxMetricsFactory metrics) {
    ClusterMember member = member(config);
    Config hazelcast = member.hazelcast();
    // the service logs through SLF4J; a consumer keeps Hazelcast's default
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    return Vertx.builder()
        .with(options.setEventBusOptions(member.eventBus()))
        .withMetrics(metrics)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }

  static ClusterMember member(Settings config) {
    ClusterMember.Tls tls =
        config.string(Setting.BUS_TLS_CERT).isEmpty()
            ? null
            : new ClusterMember.Tls(
                config.require(Setting.BUS_TLS_CERT),
                config.require(Setting.BUS_TLS_KEY),
                config.require(Setting.BUS_TLS_CA));
    return new ClusterMember(
        config.require(Setting.CLUSTER_NAME),
        config.string(Setting.CLUSTER_SECRET).orElse(null),
        config.require(Setting.CLUSTER_HOST),
        config.integer(Setting.CLUSTER_PORT),
        Arrays.stream(config.require(Setting.CLUSTER_MEMBERS).split(","))
            .map(String::trim)
            .toList(),
        config.string(Setting.CLUSTER_KUBERNETES_SERVICE).orElse(null),
        config.integer(Setting.BUS_PORT),
        tls);
  }
}
