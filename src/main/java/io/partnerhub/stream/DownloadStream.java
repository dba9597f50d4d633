package io.partnerhub.stream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

/**
 * A download as its reader sees it: {@link #read()} one chunk at a time (each at most {@link
 * StreamBus#CHUNK_BYTES}), asking the service for the next only then; {@link #cancel()} when the
 * reader goes away. Use it on the context that opened it.
 */
public final class DownloadStream {
  private final Conversation conversation;
  private Buffer unread;

  DownloadStream(Conversation conversation) {
    this.conversation = conversation;
    this.unread = (Buffer) conversation.latest().body();
  }

  /** Whether a {@link #read()} has data to give (the last chunk may be empty). */
  public boolean hasMore() {
    return unread != null || !conversation.finished();
  }

  /** The next chunk: the one that came with the opening answer first, then one asked for. */
  public Future<Buffer> read() {
    if (unread != null) {
      Buffer chunk = unread;
      unread = null;
      return Future.succeededFuture(chunk);
    }
    return conversation.<Buffer>ask(StreamBus.NEXT, null).map(Message::body);
  }

  public void cancel() {
    unread = null;
    conversation.cancel();
  }
}
