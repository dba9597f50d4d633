package io.partnerhub.stream;

import io.partnerhub.kernel.ServiceException;
import io.partnerhub.service.Serving;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Streamed operations on the event bus, in bounded chunks and at the receiver's pace, the same
 * locally and across cluster nodes. A stream is one conversation of replies: the opening request is
 * answered with a message that itself asks for a reply, and so on, each side answering the other's
 * last message. At most one chunk is on its way at any time, no per-stream address is registered in
 * the cluster (a reply goes straight to the node that asked), and either side's wait has a timeout:
 * the service's is the idle timeout after which it drops a stream whose client went away. The step
 * of each message is in the {@value #STEP_HEADER} header. See docs/event-bus.md, "Streamed
 * operations".
 */
public final class StreamBus {
  /** The largest chunk either way: what a stream holds in flight. */
  public static final int CHUNK_BYTES = 64 * 1024;

  static final String STEP_HEADER = "x-stream";

  /** The client wants the next download chunk. */
  static final String NEXT = "next";

  /** A chunk of data: a download's (answering next) or an upload's (answering ready). */
  static final String DATA = "data";

  /** The download's last message (its data may be empty), or the client's end of an upload. */
  static final String END = "end";

  /** The service takes the next upload chunk. */
  static final String READY = "ready";

  /** The client gives up: the service releases the stream and answers nothing. */
  static final String CANCEL = "cancel";

  private StreamBus() {}

  /**
   * Serves a download: {@code opener} turns an admitted request (the same access check as any
   * endpoint's) into its source, which is then asked for a piece each time the client wants the
   * next chunk.
   */
  public static <Q> MessageConsumer<Q> serveDownload(
      Vertx vertx,
      StreamEndpoint<Q, Void> stream,
      Duration idleTimeout,
      Function<Q, Future<ChunkSource>> opener) {
    stream.require(StreamEndpoint.Direction.DOWNLOAD);
    return vertx
        .eventBus()
        .consumer(
            stream.address(),
            (Message<Q> message) ->
                Serving.admit(stream.endpoint(), message, opener)
                    .onSuccess(
                        source ->
                            new DownloadProducer(stream.endpoint(), source, idleTimeout.toMillis())
                                .answer(message))
                    .onFailure(failure -> Serving.fail(stream.endpoint(), message, failure)));
  }

  /**
   * Serves an upload: {@code opener} turns an admitted request into the sink that takes its chunks.
   */
  public static <Q, R> MessageConsumer<Q> serveUpload(
      Vertx vertx,
      StreamEndpoint<Q, R> stream,
      Duration idleTimeout,
      Function<Q, Future<ChunkSink<R>>> opener) {
    stream.require(StreamEndpoint.Direction.UPLOAD);
    return vertx
        .eventBus()
        .consumer(
            stream.address(),
            (Message<Q> message) ->
                Serving.admit(stream.endpoint(), message, opener)
                    .onSuccess(
                        sink ->
                            new UploadConsumer<>(stream.endpoint(), sink, idleTimeout.toMillis())
                                .await(message))
                    .onFailure(failure -> Serving.fail(stream.endpoint(), message, failure)));
  }

  /**
   * Opens a download; its first chunk comes with the answer. {@code options} (send timeout, request
   * id) apply to every step; failures are ServiceExceptions, as for {@link ServiceBus#request}.
   */
  public static <Q> Future<DownloadStream> download(
      Vertx vertx, StreamEndpoint<Q, Void> stream, Q request, DeliveryOptions options) {
    stream.require(StreamEndpoint.Direction.DOWNLOAD);
    return open(vertx, stream, request, options)
        .map(first -> new DownloadStream(new Conversation(first, options)));
  }

  /** Opens an upload: once this succeeds the service takes chunks. */
  public static <Q, R> Future<UploadStream<R>> upload(
      Vertx vertx, StreamEndpoint<Q, R> stream, Q request, DeliveryOptions options) {
    stream.require(StreamEndpoint.Direction.UPLOAD);
    return open(vertx, stream, request, options)
        .map(ready -> new UploadStream<>(new Conversation(ready, options)));
  }

  private static Future<Message<Object>> open(
      Vertx vertx, StreamEndpoint<?, ?> stream, Object request, DeliveryOptions options) {
    return vertx
        .eventBus()
        .request(stream.address(), request, options)
        .recover(failure -> Future.failedFuture(ServiceException.from(failure)));
  }

  static String step(Message<?> message) {
    return message.headers().get(STEP_HEADER);
  }

  static DeliveryOptions step(String step, long timeoutMs) {
    return new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(STEP_HEADER, step);
  }

  /**
   * A service's own code may throw as well as fail its future: both end the stream the same way.
   */
  static <T> Future<T> attempt(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  static Buffer empty() {
    return Buffer.buffer();
  }
}
