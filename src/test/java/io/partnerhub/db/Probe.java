package io.partnerhub.db;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.RecordCodec;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.db.IsolationWorld.Actor;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.support.Http;
import io.partnerhub.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One attempt by an actor, over HTTP or on the event bus, and the status it must get (200 for a bus
 * reply).
 */
sealed interface Probe permits Probe.Rest, Probe.Bus, Probe.Wire {
  Actor actor();

  int expected();

  /**
   * Everything the actor sent, as text: a foreign id found in here is its own guess, and may be
   * echoed.
   */
  String sent();

  Outcome send();

  /** The status, the error code of a failure, and everything the actor was shown, as text. */
  record Outcome(int status, String error, String shown) {
    static Outcome refused(ServiceException e) {
      return new Outcome(e.code().status(), e.code().name(), e.toJson().encode());
    }
  }

  record Rest(
      Actor actor,
      String token,
      String method,
      String path,
      Object body,
      Map<String, String> headers,
      int expected)
      implements Probe {
    Rest withHeaders(Map<String, String> more) {
      return new Rest(actor, token, method, path, body, more, expected);
    }

    @Override
    public String sent() {
      return method + " " + path + " " + headers + " " + (body == null ? "" : body);
    }

    @Override
    public Outcome send() {
      Http.Response response = Http.send(method, path, token, body, headers);
      String error =
          response.status() >= 400 && response.text().startsWith("{")
              ? response.json().getString("error")
              : null;
      return new Outcome(
          response.status(), error, response.headers().map() + " " + response.text());
    }

    @Override
    public String toString() {
      return actor + " " + sent();
    }
  }

  record Bus(Actor actor, Endpoint<?, ?> endpoint, Object request, int expected) implements Probe {
    @Override
    public String sent() {
      return Jsons.encode(request);
    }

    @Override
    public Outcome send() {
      return outcome(endpoint, request);
    }

    static Outcome outcome(Endpoint<?, ?> endpoint, Object request) {
      try {
        Object reply = request(endpoint, request);
        return new Outcome(200, null, reply == null ? "" : Jsons.encode(reply));
      } catch (ServiceException e) {
        return Outcome.refused(e);
      }
    }

    @SuppressWarnings("unchecked")
    private static <Q, R> R request(Endpoint<Q, R> endpoint, Object request) {
      return ServiceBus.request(
              TestApp.get().vertx(),
              endpoint,
              (Q) request,
              new DeliveryOptions().setSendTimeout(5000))
          .await();
    }

    @Override
    public String toString() {
      return actor + " " + endpoint.address() + " " + sent();
    }
  }

  /**
   * A message as another node of a cluster sends it: JSON that no Java record could hold (a change
   * naming a field no one may change), decoded by the endpoint's codec as the receiving node
   * decodes it, then served. A decode refused by the codec is answered as the serving side answers
   * it.
   */
  record Wire(Actor actor, Endpoint<?, ?> endpoint, JsonObject message, int expected)
      implements Probe {
    @Override
    public String sent() {
      return message.encode();
    }

    @Override
    public Outcome send() {
      byte[] json = message.toBuffer().getBytes();
      Buffer wire = Buffer.buffer().appendInt(json.length).appendBytes(json);
      try {
        return Bus.outcome(
            endpoint, new RecordCodec<>(endpoint.requestType()).decodeFromWire(0, wire));
      } catch (ServiceException e) {
        return Outcome.refused(e);
      }
    }

    @Override
    public String toString() {
      return actor + " " + endpoint.address() + " (wire) " + sent();
    }
  }
}
