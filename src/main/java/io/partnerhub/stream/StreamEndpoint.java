package io.partnerhub.stream;

import io.partnerhub.bus.Endpoint;

/**
 * A streamed operation of the public event-bus API: a CSV download or upload, carried in chunks of
 * at most {@link StreamBus#CHUNK_BYTES} by {@link StreamBus}. Its {@link Endpoint} is the opening
 * request (address, request type, permission, checked like any request) and, for an upload, the
 * type of the final result; a download has no result ({@code Void}).
 */
public record StreamEndpoint<Q, R>(Endpoint<Q, R> endpoint, Direction direction) {

  /** Which way the bytes go, seen from the service; the spec's {@code x-stream} names the same. */
  public enum Direction {
    DOWNLOAD,
    UPLOAD
  }

  public static <Q> StreamEndpoint<Q, Void> download(
      String address, Class<Q> requestType, String permission) {
    return new StreamEndpoint<>(
        Endpoint.of(address, requestType, Void.class, permission), Direction.DOWNLOAD);
  }

  public static <Q, R> StreamEndpoint<Q, R> upload(
      String address, Class<Q> requestType, Class<R> resultType, String permission) {
    return new StreamEndpoint<>(
        Endpoint.of(address, requestType, resultType, permission), Direction.UPLOAD);
  }

  public String address() {
    return endpoint.address();
  }

  void require(Direction expected) {
    if (direction != expected) {
      throw new IllegalArgumentException(
          address() + " is a " + direction + " stream, not a " + expected);
    }
  }
}
