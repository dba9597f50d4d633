package io.partnerhub.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.PartnerHub;
import io.partnerhub.settings.Setting;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TCP bridge over a real socket, speaking its framing (4-byte length, JSON): API-key login,
 * events-only keys receive only their tenant's events and send nothing, a key with permissions
 * sends typed requests with a context the bridge issues.
 */
class BridgeTest {
  private static PartnerHub app;
  private static int port;
  private static Tenant a;
  private static Tenant b;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    app = TestApp.start(TestApp.settings().with(Setting.BRIDGE_PORT, port));
    TestApp.use(app);
    a = Tenant.create();
    b = Tenant.create();
  }

  @AfterAll
  static void stop() {
    TestApp.restore();
    app.close().await();
  }

  private static String key(Tenant tenant, String... permissions) {
    return issued(tenant, permissions).getString("secret");
  }

  private static JsonObject issued(Tenant tenant, String... permissions) {
    Http.Response created =
        Http.post(
            "/api-keys",
            tenant.token(),
            new JsonObject()
                .put("name", "bridge")
                .put("permissions", new JsonArray(List.of((Object[]) permissions))));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.json();
  }

  /** A bridge client: frames out, frames in (with a read deadline). */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    Client() throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5000);
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    void write(JsonObject frame) throws IOException {
      byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(json.length);
      out.write(json);
      out.flush();
    }

    JsonObject read() throws IOException {
      byte[] json = new byte[in.readInt()];
      in.readFully(json);
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    }

    /** Sends and waits for the answer to it (a reply or an error frame). */
    JsonObject request(String address, JsonObject body) throws IOException {
      write(
          new JsonObject()
              .put("type", "send")
              .put("address", address)
              .put("replyAddress", "r-" + System.nanoTime())
              .put("body", body));
      return read();
    }

    JsonObject login(String secret) throws IOException {
      return request(BridgeVerticle.LOGIN, new JsonObject().put("apiKey", secret));
    }

    void register(String address) throws IOException {
      write(new JsonObject().put("type", "register").put("address", address));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void aBadKeyIsRefusedAndTheSocketClosed() throws IOException {
    try (Client client = new Client()) {
      JsonObject answer = client.login("phk_" + "A".repeat(43) + "_" + "B".repeat(43));
      assertThat(answer.getString("type")).isEqualTo("err");
    }
    try (Client client = new Client()) {
      JsonObject answer = client.request("partnerhub.partners.list", new JsonObject());
      assertThat(answer.getString("type")).isEqualTo("err");
    }
  }

  @Test
  void anEventsOnlyKeyReceivesItsTenantsEventsOnlyAndSendsNothing() throws IOException {
    try (Client client = new Client()) {
      JsonObject who = client.login(key(a, "events:read"));
      assertThat(who.getString("type")).as(who.encode()).isEqualTo("message");
      assertThat(who.getJsonObject("body").getString("organizationId"))
          .isEqualTo(a.organizationId().toString());

      assertThat(client.request("partnerhub.partners.list", new JsonObject()).getString("type"))
          .isEqualTo("err");
      client.register(BridgeVerticle.EVENTS_PREFIX + b.organizationId() + ".partner.created");
      assertThat(client.read().getString("type")).isEqualTo("err");
      client.register(BridgeVerticle.EVENTS_PREFIX + a.organizationId() + ".partner.created");
      // a request answered after the registration: the registration is in place
      assertThat(client.login(key(a, "events:read")).getString("type")).isEqualTo("message");

      Fixtures.partner(b, "Theirs");
      Fixtures.partner(a, "Ours");
      List<JsonObject> received = new ArrayList<>();
      try {
        while (received.size() < 2) {
          received.add(client.read());
          client.socket.setSoTimeout(
              1500); // after the first event, any second would be close behind
        }
      } catch (SocketTimeoutException enough) {
        // only what arrived within the deadline
      }
      assertThat(received).hasSize(1);
      JsonObject event = received.get(0).getJsonObject("body");
      assertThat(event.getString("organizationId")).isEqualTo(a.organizationId().toString());
      assertThat(event.encode()).contains("Ours").doesNotContain("Theirs");
    }
  }

  @Test
  void aKeyWithPermissionsSendsTypedRequestsAsItselfUntilRevoked() throws IOException {
    Fixtures.partner(a, "Visible");
    Fixtures.partner(b, "Invisible");
    JsonObject issued = issued(a, "partners:read");
    try (Client client = new Client()) {
      assertThat(client.login(issued.getString("secret")).getString("type")).isEqualTo("message");
      JsonObject answer =
          client.request(
              "partnerhub.partners.list",
              new JsonObject()
                  .put("limit", 50)
                  .put(
                      "context",
                      new JsonObject().put("organizationId", b.organizationId().toString())));
      assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("message");
      assertThat(answer.getJsonObject("body").encode())
          .contains("Visible")
          .doesNotContain("Invisible");
      assertThat(client.request("partnerhub.users.list", new JsonObject()).getString("type"))
          .isEqualTo("err");

      String id = issued.getJsonObject("apiKey").getString("id");
      assertThat(Http.delete("/api-keys/" + id, a.token()).status()).isEqualTo(204);
      assertThat(client.request("partnerhub.partners.list", new JsonObject()).getString("type"))
          .isEqualTo("err");
    }
  }
}
