package io.partnerhub.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A blocking HTTP client for tests: the real API over loopback. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  public record Response(int status, java.net.http.HttpHeaders headers, String text) {
    public JsonObject json() {
      return text == null || text.isEmpty() ? null : new JsonObject(text);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /**
     * A 400's details.problems as field to problem, in order (a field listed twice has both,
     * joined).
     */
    public Map<String, String> problems() {
      Map<String, String> problems = new java.util.LinkedHashMap<>();
      for (Object item : json().getJsonObject("details").getJsonArray("problems")) {
        JsonObject problem = (JsonObject) item;
        problems.merge(
            problem.getString("field"), problem.getString("problem"), (a, b) -> a + "; " + b);
      }
      return problems;
    }
  }

  public static Response get(String path, String token) {
    return send("GET", path, token, null, Map.of());
  }

  public static Response delete(String path, String token) {
    return send("DELETE", path, token, null, Map.of());
  }

  public static Response post(String path, String token, Object body) {
    return send("POST", path, token, body, Map.of());
  }

  public static Response put(String path, String token, Object body) {
    return send("PUT", path, token, body, Map.of());
  }

  /** {@code body}: a JsonObject, raw String (sent as is) or null; {@code path} is below /api/v1. */
  public static Response send(
      String method, String path, String token, Object body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(TestApp.baseUrl() + path))
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(
                body instanceof JsonObject json ? json.encode() : body.toString()));
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
