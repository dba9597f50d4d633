package io.partnerhub.consumer;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.partnerhub.kernel.Hashes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Optional;

/**
 * Membership of a PartnerHub cluster, the one setup every node uses (the service's own and another
 * team's): Hazelcast by TCP-IP (or Kubernetes), no multicast, on one interface; the event bus on
 * that interface with optional mutual TLS. The cluster name carries a hash of the shared secret, so
 * a process without it joins another cluster and never reaches these services.
 *
 * @param name the cluster name ({@code PARTNERHUB_CLUSTER_NAME})
 * @param secret the shared secret ({@code PARTNERHUB_CLUSTER_SECRET}), or null
 * @param host this member's address or host name ({@code PARTNERHUB_CLUSTER_HOST})
 * @param port the Hazelcast port; the next free one is taken when busy
 * @param members host[:port] of members to join by TCP-IP
 * @param kubernetesService join through the Kubernetes API with this service name instead, or null
 * @param busPort the event-bus TCP port (0 = any free port)
 * @param tls mutual TLS on the event bus, or null
 */
public record ClusterMember(
    String name,
    String secret,
    String host,
    int port,
    List<String> members,
    String kubernetesService,
    int busPort,
    Tls tls) {

  /** PEM files of this member's certificate and key, and of the CA its peers' certificates have. */
  public record Tls(String certPath, String keyPath, String caPath) {}

  /** A member on one host joining by TCP-IP, without TLS: what tests and a first try use. */
  public static ClusterMember of(String name, String secret, String host, List<String> members) {
    return new ClusterMember(name, secret, host, 5701, members, null, 0, null);
  }

  public ClusterMember withTls(Tls tls) {
    return new ClusterMember(name, secret, host, port, members, kubernetesService, busPort, tls);
  }

  /** Joins the cluster and registers the codecs of the whole contract: a ready consumer node. */
  public Future<Vertx> join() {
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(eventBus()))
        .withClusterManager(new HazelcastClusterManager(hazelcast()))
        .buildClustered()
        .onSuccess(Contract::registerCodecs);
  }

  /** The name the members really share: the name and, with a secret, a hash of it. */
  public String clusterName() {
    return Optional.ofNullable(secret)
        .map(shared -> name + "-" + Hashes.sha256Hex(shared).substring(0, 24))
        .orElse(name);
  }

  /** The Hazelcast configuration of this member. */
  public Config hazelcast() {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(clusterName());
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(true);
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
    if (kubernetesService != null) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-name", kubernetesService);
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    }
    return hazelcast;
  }

  /** The event bus of this member: on its host, with mutual TLS when configured. */
  public EventBusOptions eventBus() {
    EventBusOptions bus = new EventBusOptions().setHost(host).setPort(busPort);
    if (tls != null) {
      bus.setSsl(true)
          .setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(
              new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()))
          .setTrustOptions(new PemTrustOptions().addCertPath(tls.caPath()));
    }
    return bus;
  }
}
