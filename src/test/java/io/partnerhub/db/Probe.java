package io.partnerhub.db;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.db.IsolationWorld.Actor;
import io.partnerhub.support.Http;
import io.partnerhub.support.TestApp;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Map;

/** One attempt by an actor, over HTTP or on the event bus, and the status it must get (200 for a bus reply). */
sealed interface Probe permits Probe.Rest, Probe.Bus {
  Actor actor();

  int expected();

  /** Everything the actor sent, as text: a foreign id found in here is its own guess, and may be echoed. */
  String sent();

  Outcome send();

  /** The status, the error code of a failure, and everything the actor was shown, as text. */
  record Outcome(int status, String error, String shown) {
  }

  record Rest(Actor actor, String token, String method, String path, Object body, Map<String, String> headers,
              int expected) implements Probe {
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
      String error = response.status() >= 400 && response.text().startsWith("{") ? response.json().getString("error") : null;
      return new Outcome(response.status(), error, response.headers().map() + " " + response.text());
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
      try {
        Object reply = request(endpoint, request);
        return new Outcome(200, null, reply == null ? "" : Jsons.encode(reply));
      } catch (ServiceException e) {
        return new Outcome(e.code().status(), e.code().name(), e.toJson().encode());
      }
    }

    @SuppressWarnings("unchecked")
    private static <Q, R> R request(Endpoint<Q, R> endpoint, Object request) {
      return ServiceBus.request(TestApp.get().vertx(), endpoint, (Q) request, new DeliveryOptions().setSendTimeout(5000))
          .await();
    }

    @Override
    public String toString() {
      return actor + " " + endpoint.address() + " " + sent();
    }
  }
}
