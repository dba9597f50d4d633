package io.partnerhub.bridge;

import io.partnerhub.apikey.ApiKeyAuthenticator;
import io.partnerhub.apikey.ApiKeyStore;
import io.partnerhub.bus.Contexts;
import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.consumer.BridgeClient;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for code that is not a trusted cluster member (decision 176). A client
 * first logs in with an API key ({@link #LOGIN}); then, the key checked again on every frame, it
 * may send to the service addresses its key's permissions allow, with a context this node issues
 * from the key (never one from the client), and receive its own tenant's events on {@code
 * partnerhub.bridge.events.<organizationId>[. <partnerId>].<type>}, which this verticle fans out
 * from the domain events. It publishes nothing for a client. One instance per node: the fan-out
 * runs once.
 */
public final class BridgeVerticle extends VerticleBase {
  /** Where a client sends {@code {"apiKey": "phk_..."}} first: the consumer's client names it. */
  public static final String LOGIN = BridgeClient.LOGIN;

  /** The prefix of the per-tenant event addresses a client may register. */
  public static final String EVENTS_PREFIX = BridgeClient.EVENTS_PREFIX;

  static final String EVENTS_READ = "events:read";
  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);
  private static final Pattern EVENT_ADDRESS =
      Pattern.compile(
          Pattern.quote(EVENTS_PREFIX)
              + "([0-9a-f-]{36})(?:\\.([0-9a-f-]{36}))?\\.([a-z_]{1,40}(?:\\.[a-z_]{1,40}){0,3})");
  private final Settings config;
  private final Map<String, Endpoint<?, ?>> endpoints;
  private final Map<NetSocket, String> clients = new HashMap<>();
  private final Set<String> fannedOut = new java.util.HashSet<>();
  private RedisStore redis;
  private ApiKeyAuthenticator apiKeys;
  private TcpEventBusBridge bridge;

  public BridgeVerticle(Settings config, Collection<Endpoint<?, ?>> endpoints) {
    this.config = config;
    this.endpoints =
        endpoints.stream()
            .filter(Endpoint::isTenantScoped)
            .collect(Collectors.toMap(Endpoint::address, Function.identity()));
  }

  @Override
  public Future<?> start() {
    redis =
        RedisStore.shared(
            vertx,
            config.require(Setting.REDIS_URL),
            config.integer(Setting.REDIS_POOL_SIZE),
            config.flag(Setting.REDIS_KEY_WATCH));
    apiKeys =
        new ApiKeyAuthenticator(
            vertx,
            new ApiKeyStore(redis, redis.watch(List.of(ApiKeyStore.KEY_PREFIX))),
            Contexts.issuer(vertx),
            config.integer(Setting.API_KEY_RATE_LIMIT_PER_MINUTE),
            config.integer(Setting.BUS_TIMEOUT_MS));
    // the login's answer: what the hook left in the body (who the key is), never the secret
    vertx.eventBus().<JsonObject>localConsumer(LOGIN, message -> message.reply(message.body()));
    BridgeOptions options =
        new BridgeOptions()
            .addInboundPermitted(new PermittedOptions().setAddress(LOGIN))
            .addOutboundPermitted(
                new PermittedOptions().setAddressRegex(Pattern.quote(EVENTS_PREFIX) + ".+"));
    endpoints
        .keySet()
        .forEach(a -> options.addInboundPermitted(new PermittedOptions().setAddress(a)));
    bridge =
        TcpEventBusBridge.create(
            vertx,
            options,
            new NetServerOptions().setHost(config.require(Setting.HTTP_HOST)),
            this::hook);
    int port = config.integer(Setting.BRIDGE_PORT);
    return bridge
        .listen(port)
        .onSuccess(
            up ->
                LOG.info(
                    "TCP event-bus bridge listening on {}:{}",
                    config.require(Setting.HTTP_HOST),
                    port));
  }

  /** Every frame of every client passes here first; {@code false} refuses it. */
  private void hook(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    String address = frame == null ? null : frame.getString("address");
    BridgeEventType type = event.type();
    NetSocket socket = event.socket();
    if (type == BridgeEventType.SOCKET_CREATED) {
      socket.closeHandler(closed -> clients.remove(socket));
      event.complete(true);
      return;
    }
    if (type != BridgeEventType.SEND
        && type != BridgeEventType.REGISTER
        && type != BridgeEventType.UNREGISTER) {
      // publish from a client, or anything unknown: refused; the rest (pings, closing) allowed
      event.complete(type != BridgeEventType.PUBLISH);
      return;
    }
    if (type == BridgeEventType.SEND && LOGIN.equals(address)) {
      login(event, frame, socket);
      return;
    }
    String secret = clients.get(socket);
    if (secret == null || address == null) {
      event.complete(false);
      return;
    }
    // every frame checks the key again (remembered in process, so cheap): a revoked key stops here
    apiKeys
        .authenticate(secret)
        .onSuccess(
            key -> {
              if (type == BridgeEventType.SEND) {
                send(event, frame, key, endpoints.get(address));
              } else {
                event.complete(mayReceive(key, address));
              }
            })
        .onFailure(
            failure -> {
              event.complete(false);
              socket.close();
            });
  }

  private void login(BridgeEvent event, JsonObject frame, NetSocket socket) {
    JsonObject body = frame.getValue("body") instanceof JsonObject json ? json : new JsonObject();
    String secret = body.getString("apiKey");
    (secret == null ? Future.<TenantContext>failedFuture("no key") : apiKeys.authenticate(secret))
        .onSuccess(
            context -> {
              clients.put(socket, secret);
              frame.put("headers", new JsonObject());
              frame.put(
                  "body",
                  new JsonObject()
                      .put("organizationId", context.organizationId().toString())
                      .put(
                          "partnerId",
                          context.partnerId() == null ? null : context.partnerId().toString())
                      .put("permissions", List.copyOf(context.permissions())));
              event.complete(true);
            })
        .onFailure(
            failure -> {
              event.complete(false);
              socket.close();
            });
  }

  /**
   * A request to a service the key's permissions allow, as the typed record with a context this
   * node issues from the key; the client's own headers and any context it sent are dropped.
   */
  private void send(
      BridgeEvent event, JsonObject frame, TenantContext key, Endpoint<?, ?> endpoint) {
    // an events-only key sends nothing, whatever endpoint may one day require events:read
    if (endpoint == null
        || !key.can(endpoint.permission())
        || key.permissions().equals(Set.of(EVENTS_READ))) {
      event.complete(false);
      return;
    }
    Object request;
    try {
      Map<String, Object> values =
          frame.getValue("body") instanceof JsonObject body
              ? new HashMap<>(body.getMap())
              : new HashMap<>();
      values.put("context", key);
      request = Jsons.mapper().convertValue(values, endpoint.requestType());
    } catch (IllegalArgumentException unreadable) {
      event.complete(false);
      return;
    }
    frame.put("headers", new JsonObject());
    frame.put("body", request);
    event.complete(true);
  }

  /**
   * A key with {@code events:read} receives its own tenant's events, and a partner-scoped key only
   * its partner's.
   */
  private boolean mayReceive(TenantContext key, String address) {
    Matcher match = EVENT_ADDRESS.matcher(address);
    if (!key.can(EVENTS_READ) || !match.matches()) {
      return false;
    }
    String partner = key.partnerId() == null ? null : key.partnerId().toString();
    if (!match.group(1).equals(key.organizationId().toString())
        || !java.util.Objects.equals(match.group(2), partner)) {
      return false;
    }
    fanOut(match.group(3));
    return true;
  }

  /** From now on, events of {@code type} are republished on this node per tenant (and partner). */
  private void fanOut(String type) {
    if (!fannedOut.add(type)) {
      return;
    }
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
    vertx
        .eventBus()
        .consumer(
            DomainEvent.address(type),
            message -> {
              JsonObject event =
                  (JsonObject) Jsons.wrap(Jsons.mapper().convertValue(message.body(), Map.class));
              String organization = event.getString("organizationId");
              if (organization == null) {
                return;
              }
              vertx.eventBus().publish(EVENTS_PREFIX + organization + "." + type, event, local);
              String partner = event.getString("partnerId");
              if (partner != null) {
                vertx
                    .eventBus()
                    .publish(
                        EVENTS_PREFIX + organization + "." + partner + "." + type, event, local);
              }
            });
  }

  @Override
  public Future<?> stop() {
    return bridge
        .close()
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }
}
