package io.partnerhub.consumer;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection to a PartnerHub node's TCP event-bus bridge, for code that is not a cluster member:
 * the vertx-tcp-eventbus-bridge protocol (each frame a 4-byte length, then JSON), with typed
 * requests on the {@link Endpoint}s and subscriptions to addresses. The frames the client waits for
 * are matched by their reply address; a refusal by the bridge names none and fails the oldest.
 */
public final class BridgeClient {
  /** Where a client sends {@code {"apiKey": "phk_..."}} first (decision 176). */
  public static final String LOGIN = "partnerhub.bridge.login";

  /**
   * The prefix of a tenant's event addresses on the bridge: {@code
   * <prefix><organizationId>.<type>}, or {@code <prefix><organizationId>.<partnerId>.<type>} for a
   * partner-scoped key.
   */
  public static final String EVENTS_PREFIX = "partnerhub.bridge.events.";

  private final NetSocket socket;
  private final long timeoutMs;
  private final Vertx vertx;
  private final Map<String, Promise<Object>> pending =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Handler<JsonObject>> subscriptions = new ConcurrentHashMap<>();

  private BridgeClient(Vertx vertx, NetSocket socket, long timeoutMs) {
    this.vertx = vertx;
    this.socket = socket;
    this.timeoutMs = timeoutMs;
  }

  /** Connects; {@code timeoutMs} bounds the connection and every request. */
  public static Future<BridgeClient> connect(Vertx vertx, String host, int port, long timeoutMs) {
    return vertx
        .createNetClient(new NetClientOptions().setConnectTimeout((int) timeoutMs))
        .connect(port, host)
        .map(socket -> new BridgeClient(vertx, socket, timeoutMs).reading());
  }

  private BridgeClient reading() {
    RecordParser frames = RecordParser.newFixed(4);
    frames.handler(
        new Handler<>() {
          private boolean body;

          @Override
          public void handle(Buffer part) {
            if (body) {
              received(new JsonObject(part));
              frames.fixedSizeMode(4);
            } else {
              frames.fixedSizeMode(part.getInt(0));
            }
            body = !body;
          }
        });
    socket.handler(frames);
    socket.closeHandler(closed -> failAll("The bridge closed the connection"));
    return this;
  }

  /**
   * A typed request: the record goes out as JSON, the reply comes back as the endpoint's reply
   * record; a failure is a {@link ServiceException}, as with {@code ServiceBus.request}.
   */
  public <Q, R> Future<R> request(Endpoint<Q, R> endpoint, Q request) {
    JsonObject body = new JsonObject(Jsons.mapper().convertValue(request, Map.class));
    return send(endpoint.address(), body)
        .map(
            reply ->
                reply == null ? null : Jsons.mapper().convertValue(reply, endpoint.replyType()));
  }

  /**
   * Logs in with an API key: from then on the bridge issues each request's context from the key.
   * The answer says who the key is: {@code organizationId}, {@code partnerId} and {@code
   * permissions}.
   */
  public Future<JsonObject> login(String apiKey) {
    return send(LOGIN, new JsonObject().put("apiKey", apiKey)).map(JsonObject.class::cast);
  }

  /** Sends {@code body} to {@code address} and waits for the reply's body. */
  public Future<Object> send(String address, JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<Object> reply = Promise.promise();
    pending.put(replyAddress, reply);
    long timer =
        vertx.setTimer(
            timeoutMs,
            late ->
                fail(
                    replyAddress,
                    new ReplyException(
                        ReplyFailure.TIMEOUT, "No reply within " + timeoutMs + " ms")));
    write(
        new JsonObject()
            .put("type", "send")
            .put("address", address)
            .put("replyAddress", replyAddress)
            .put("body", body));
    return reply.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  /** Receives what is sent or published to {@code address}; each message as its frame. */
  public Future<Void> subscribe(String address, Handler<JsonObject> handler) {
    subscriptions.put(address, handler);
    return write(new JsonObject().put("type", "register").put("address", address));
  }

  public Future<Void> close() {
    return socket.close();
  }

  private Future<Void> write(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return socket.write(
        Buffer.buffer(4 + json.length()).appendInt(json.length()).appendBuffer(json));
  }

  private void received(JsonObject frame) {
    String address = frame.getString("address");
    Promise<Object> reply = address == null ? null : pending.remove(address);
    if ("err".equals(frame.getString("type"))) {
      // a refusal by the bridge names no address: it answers the oldest frame still waiting
      String waiting = address != null ? address : oldest();
      ReplyFailure type =
          frame.containsKey("failureType")
              ? ReplyFailure.valueOf(frame.getString("failureType"))
              : ReplyFailure.RECIPIENT_FAILURE;
      int code = frame.getInteger("failureCode", FailureCode.FORBIDDEN.status());
      ReplyException failure = new ReplyException(type, code, frame.getString("message"));
      if (reply != null) {
        reply.tryFail(ServiceException.from(failure));
      } else if (waiting != null) {
        fail(waiting, failure);
      }
    } else if (reply != null) {
      reply.tryComplete(frame.getValue("body"));
    } else if (address != null && subscriptions.containsKey(address)) {
      subscriptions.get(address).handle(frame);
    }
  }

  private String oldest() {
    synchronized (pending) {
      return pending.isEmpty() ? null : pending.keySet().iterator().next();
    }
  }

  private void fail(String replyAddress, ReplyException failure) {
    Promise<Object> reply = pending.remove(replyAddress);
    if (reply != null) {
      reply.tryFail(ServiceException.from(failure));
    }
  }

  private void failAll(String why) {
    String[] waiting;
    synchronized (pending) {
      waiting = pending.keySet().toArray(String[]::new);
    }
    for (String replyAddress : waiting) {
      fail(replyAddress, new ReplyException(ReplyFailure.NO_HANDLERS, why));
    }
  }
}
