package io.partnerhub.stream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where a service receives an upload, one chunk at a time: the next chunk is sent only once the
 * previous one is accepted. Nothing may become visible before {@link #finish()}: write in one
 * transaction at the end, or stage and commit atomically, so a cancelled upload leaves no trace.
 */
public interface ChunkSink<R> {

  /** Takes one chunk (at most {@link StreamBus#CHUNK_BYTES}); its failure ends the upload. */
  Future<Void> accept(Buffer chunk);

  /** Everything has arrived: commit, and answer the operation's result. */
  Future<R> finish();

  /**
   * The upload ends without a successful finish (cancelled, over its limit, idle, failed): drop
   * what came.
   */
  void discard();
}
