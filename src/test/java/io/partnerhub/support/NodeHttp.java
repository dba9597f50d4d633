package io.partnerhub.support;

import io.partnerhub.PartnerHub;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP calls to a node a test started itself (not the shared {@link TestApp}). */
public final class NodeHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private NodeHttp() {}

  public static HttpResponse<String> send(
      PartnerHub node, String method, String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1" + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A GET of {@code path} outside /api/v1 (health, metrics). */
  public static HttpResponse<String> raw(PartnerHub node, String path) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The login answer's body, whatever its status. */
  public static String login(PartnerHub node, Tenant tenant) {
    return send(
            node,
            "POST",
            "/auth/login",
            null,
            new JsonObject()
                .put("email", tenant.adminEmail())
                .put("password", tenant.adminPassword())
                .put("subdomain", tenant.subdomain())
                .encode())
        .body();
  }
}
