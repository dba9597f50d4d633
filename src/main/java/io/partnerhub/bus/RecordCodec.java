package io.partnerhub.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.partnerhub.kernel.Jsons;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.io.IOException;

/**
 * Event-bus codec for an immutable message record: JSON on the wire (clustered), the same instance
 * for local delivery (no serialization cost in one JVM). Records must not be mutated after sending.
 */
public final class RecordCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;

  public RecordCodec(Class<T> type) {
    this.type = type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T message) {
    try {
      byte[] json = Jsons.mapper().writeValueAsBytes(message);
      buffer.appendInt(json.length).appendBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode " + type.getSimpleName(), e);
    }
  }

  /**
   * The record another node sent. A message the record cannot hold (a change naming a field no one
   * may change) is the sender's error: VALIDATION, which the serving side answers with
   * (ServiceBus).
   */
  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    byte[] json = buffer.getBytes(pos + 4, pos + 4 + length);
    try {
      return Jsons.mapper().readValue(json, type);
    } catch (IOException e) {
      throw Jsons.refusal(e);
    }
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return "partnerhub:" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
