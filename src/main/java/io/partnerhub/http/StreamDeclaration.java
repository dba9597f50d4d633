package io.partnerhub.http;

import io.partnerhub.stream.StreamEndpoint.Direction;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/**
 * How openapi.yaml declares a streamed operation, which the binder mounts with {@link
 * DownloadWriter} or {@link UploadReader} instead of a JSON body and reply: {@code x-stream:
 * download} streams the 200 response's one media type (text/csv); {@code x-stream: upload} streams
 * the request body's one media type, at most {@code x-max-body-bytes} bytes, and answers the
 * operation's JSON result. {@code maxBodyBytes} is 0 for a download.
 */
record StreamDeclaration(Direction direction, String mediaType, long maxBodyBytes) {

  /**
   * The operation's declaration, or empty for an ordinary JSON operation; a malformed one fails
   * start-up.
   */
  static Optional<StreamDeclaration> of(String operationId, JsonObject operation) {
    String stream = operation.getString("x-stream");
    if (stream == null) {
      return Optional.empty();
    }
    return Optional.of(
        switch (stream) {
          case "download" ->
              new StreamDeclaration(
                  Direction.DOWNLOAD,
                  onlyMediaType(
                      operationId,
                      operation.getJsonObject("responses", new JsonObject()).getJsonObject("200")),
                  0);
          case "upload" ->
              new StreamDeclaration(
                  Direction.UPLOAD,
                  onlyMediaType(operationId, operation.getJsonObject("requestBody")),
                  maxBodyBytes(operationId, operation));
          default ->
              throw new IllegalStateException(
                  operationId + ": x-stream is download or upload, not " + stream);
        });
  }

  private static String onlyMediaType(String operationId, JsonObject withContent) {
    JsonObject content = withContent == null ? null : withContent.getJsonObject("content");
    if (content == null || content.size() != 1) {
      throw new IllegalStateException(operationId + ": a streamed body has exactly one media type");
    }
    return content.fieldNames().iterator().next().toLowerCase(Locale.ROOT);
  }

  private static long maxBodyBytes(String operationId, JsonObject operation) {
    Number limit = operation.getNumber("x-max-body-bytes");
    if (limit == null || limit.longValue() <= 0) {
      throw new IllegalStateException(
          operationId + ": an upload states its limit in x-max-body-bytes");
    }
    return limit.longValue();
  }
}
