package io.partnerhub.stream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * What a service streams for a download: asked for one piece at a time, only when the receiver
 * wants more, so it never runs ahead of the client. A piece may have any size ({@link StreamBus}
 * cuts it into chunks), but it is what the service holds in memory: keep it near {@link
 * StreamBus#CHUNK_BYTES}.
 */
public interface ChunkSource {

  /** The next piece, or null once everything has been given. */
  Future<Buffer> next();

  /**
   * Releases what the source holds (a cursor, a transaction); called once, however the stream ends.
   */
  void close();
}
