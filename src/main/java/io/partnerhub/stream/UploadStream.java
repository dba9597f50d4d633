package io.partnerhub.stream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

/**
 * An upload as its writer sees it: {@link #write} a chunk and wait for it to be taken before the
 * next, {@link #end()} for the operation's result, {@link #cancel()} to abandon it (the service
 * keeps nothing). Use it on the context that opened it.
 */
public final class UploadStream<R> {
  private final Conversation conversation;

  UploadStream(Conversation conversation) {
    this.conversation = conversation;
  }

  /**
   * Sends one chunk of at most {@link StreamBus#CHUNK_BYTES}; completes once the service has taken
   * it.
   */
  public Future<Void> write(Buffer chunk) {
    if (chunk.length() > StreamBus.CHUNK_BYTES) {
      throw new IllegalArgumentException("A chunk is at most " + StreamBus.CHUNK_BYTES + " bytes");
    }
    return conversation.ask(StreamBus.DATA, chunk).mapEmpty();
  }

  /** Everything is sent: the service commits and answers the result. */
  public Future<R> end() {
    return conversation.<R>ask(StreamBus.END, null).map(Message::body);
  }

  public void cancel() {
    conversation.cancel();
  }
}
