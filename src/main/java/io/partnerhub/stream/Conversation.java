package io.partnerhub.stream;

import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * The client's side of a stream conversation: the service's latest message, which the next step
 * answers. One step at a time; a cancel made while a step is on its way is sent once its answer
 * arrives. Used on one event loop (the caller's context), like the futures it returns.
 */
final class Conversation {
  private final DeliveryOptions options;
  private Message<?> latest;
  private boolean waiting;
  private boolean cancelled;

  Conversation(Message<?> opened, DeliveryOptions options) {
    this.latest = opened;
    this.options = options;
  }

  /** The service answered without asking for more: the end of a download, or an upload's result. */
  boolean finished() {
    return latest == null || latest.replyAddress() == null;
  }

  Message<?> latest() {
    return latest;
  }

  <T> Future<Message<T>> ask(String step, Object body) {
    if (waiting || cancelled || finished()) {
      return Future.failedFuture(new IllegalStateException("No step " + step + " possible now"));
    }
    waiting = true;
    return latest
        .<T>replyAndRequest(body, withStep(step))
        .andThen(
            answer -> {
              waiting = false;
              latest = answer.succeeded() ? answer.result() : null;
              if (cancelled) {
                sendCancel();
              }
            })
        .recover(failure -> Future.failedFuture(ServiceException.from(failure)));
  }

  /** Gives up the stream: the service releases it. Safe at any time, and more than once. */
  void cancel() {
    if (!cancelled) {
      cancelled = true;
      if (!waiting) {
        sendCancel();
      }
    }
  }

  private void sendCancel() {
    if (!finished()) {
      latest.reply(null, withStep(StreamBus.CANCEL));
      latest = null;
    }
  }

  private DeliveryOptions withStep(String step) {
    return new DeliveryOptions(options).addHeader(StreamBus.STEP_HEADER, step);
  }
}
