package io.partnerhub.stream;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.service.Serving;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

/**
 * The service's side of one download: answers each request for more with the next chunk, cut from
 * the source's current piece, and asks the source for a piece only when that one is used up. Runs
 * on the serving verticle's event loop, like every step of its conversation.
 */
final class DownloadProducer {
  private final Endpoint<?, ?> endpoint;
  private final ChunkSource source;
  private final long idleTimeoutMs;
  private Buffer piece = StreamBus.empty();
  private boolean closed;

  DownloadProducer(Endpoint<?, ?> endpoint, ChunkSource source, long idleTimeoutMs) {
    this.endpoint = endpoint;
    this.source = source;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /**
   * Answers {@code asked} (the opening request or a "next") with the next chunk, or with the end.
   */
  void answer(Message<?> asked) {
    nextChunk()
        .onComplete(
            chunk -> {
              if (chunk.failed()) {
                close();
                Serving.fail(endpoint, asked, chunk.cause());
              } else if (chunk.result() == null) {
                close();
                asked.reply(StreamBus.empty(), StreamBus.step(StreamBus.END, idleTimeoutMs));
              } else {
                asked
                    .replyAndRequest(chunk.result(), StreamBus.step(StreamBus.DATA, idleTimeoutMs))
                    .onComplete(reply -> proceed(reply.succeeded() ? reply.result() : null));
              }
            });
  }

  /**
   * The client's answer: more, or (cancel, silence past the idle timeout, nonsense) the end of the
   * stream.
   */
  private void proceed(Message<?> reply) {
    if (reply != null && StreamBus.NEXT.equals(StreamBus.step(reply))) {
      answer(reply);
      return;
    }
    close();
    if (reply != null
        && !StreamBus.CANCEL.equals(StreamBus.step(reply))
        && reply.replyAddress() != null) {
      reply.fail(FailureCode.VALIDATION.status(), "Unknown stream step");
    }
  }

  private Future<Buffer> nextChunk() {
    if (piece.length() > 0) {
      int size = Math.min(piece.length(), StreamBus.CHUNK_BYTES);
      Buffer chunk = piece.slice(0, size);
      piece = piece.slice(size, piece.length());
      return Future.succeededFuture(chunk);
    }
    return StreamBus.attempt(source::next)
        .compose(
            next -> {
              if (next == null) {
                return Future.succeededFuture();
              }
              piece = next;
              return nextChunk();
            });
  }

  private void close() {
    if (!closed) {
      closed = true;
      source.close();
    }
  }
}
