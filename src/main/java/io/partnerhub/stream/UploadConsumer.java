package io.partnerhub.stream;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.service.Serving;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

/**
 * The service's side of one upload: asks for a chunk, hands it to the sink, and asks for the next
 * only once the sink has taken it; on the client's end it finishes the sink and answers the result.
 * Whatever else ends the conversation (cancel, a failure, silence past the idle timeout) discards
 * the sink.
 */
final class UploadConsumer<R> {
  private final Endpoint<?, R> endpoint;
  private final ChunkSink<R> sink;
  private final long idleTimeoutMs;

  UploadConsumer(Endpoint<?, R> endpoint, ChunkSink<R> sink, long idleTimeoutMs) {
    this.endpoint = endpoint;
    this.sink = sink;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /**
   * Answers {@code previous} (the opening request or a chunk) with "ready" and handles the client's
   * next step.
   */
  void await(Message<?> previous) {
    previous
        .replyAndRequest(null, StreamBus.step(StreamBus.READY, idleTimeoutMs))
        .onComplete(
            reply -> {
              if (reply.failed()) {
                sink.discard();
                return;
              }
              Message<Object> step = reply.result();
              switch (String.valueOf(StreamBus.step(step))) {
                case StreamBus.DATA -> accept(step);
                case StreamBus.END ->
                    StreamBus.attempt(sink::finish)
                        .onSuccess(step::reply)
                        .onFailure(failure -> fail(step, failure));
                case StreamBus.CANCEL -> sink.discard();
                default -> fail(step, ServiceException.validation("Unknown stream step", null));
              }
            });
  }

  private void accept(Message<Object> step) {
    if (!(step.body() instanceof Buffer chunk) || chunk.length() > StreamBus.CHUNK_BYTES) {
      fail(
          step,
          ServiceException.validation(
              "A chunk is at most " + StreamBus.CHUNK_BYTES + " bytes", null));
      return;
    }
    StreamBus.attempt(() -> sink.accept(chunk))
        .onSuccess(accepted -> await(step))
        .onFailure(failure -> fail(step, failure));
  }

  private void fail(Message<?> step, Throwable failure) {
    sink.discard();
    Serving.fail(endpoint, step, failure);
  }
}
