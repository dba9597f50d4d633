package io.partnerhub;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.partnerhub.kernel.Hashes;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;

/**
 * A clustered Vert.x: Hazelcast membership by TCP-IP (or Kubernetes), no multicast, on one
 * interface; the event bus on that interface with optional mutual TLS. The cluster name carries a
 * hash of the shared secret, so a process without it joins another cluster and never reaches these
 * services.
 */
final class Cluster {
  private Cluster() {}

  static Future<Vertx> start(Settings config, VertxOptions options, VertxMetricsFactory metrics) {
    String host = config.require(Setting.CLUSTER_HOST);
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(clusterName(config));
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(config.integer(Setting.CLUSTER_PORT)).setPortAutoIncrement(true);
    if (host.matches("[0-9.*-]+")) {
      // an address (or pattern): bind and advertise only there
      hazelcast.setProperty("hazelcast.socket.bind.any", "false");
      network.getInterfaces().setEnabled(true).addInterface(host);
    } else {
      // a host name (a container's, say): advertise it; Hazelcast interfaces take addresses only
      network.setPublicAddress(host);
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    config
        .string(Setting.CLUSTER_KUBERNETES_SERVICE)
        .ifPresentOrElse(
            service ->
                join.getKubernetesConfig().setEnabled(true).setProperty("service-name", service),
            () ->
                join.getTcpIpConfig()
                    .setEnabled(true)
                    .setMembers(
                        Arrays.stream(config.require(Setting.CLUSTER_MEMBERS).split(","))
                            .map(String::trim)
                            .toList()));

    EventBusOptions bus =
        new EventBusOptions().setHost(host).setPort(config.integer(Setting.BUS_PORT));
    if (config.string(Setting.BUS_TLS_CERT).isPresent()) {
      bus.setSsl(true)
          .setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(config.require(Setting.BUS_TLS_CERT))
                  .setKeyPath(config.require(Setting.BUS_TLS_KEY)))
          .setTrustOptions(new PemTrustOptions().addCertPath(config.require(Setting.BUS_TLS_CA)));
    }
    return Vertx.builder()
        .with(options.setEventBusOptions(bus))
        .withMetrics(metrics)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }

  static String clusterName(Settings config) {
    String name = config.require(Setting.CLUSTER_NAME);
    return config
        .string(Setting.CLUSTER_SECRET)
        .map(secret -> name + "-" + Hashes.sha256Hex(secret).substring(0, 24))
        .orElse(name);
  }
}
