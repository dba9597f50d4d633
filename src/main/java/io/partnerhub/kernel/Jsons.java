package io.partnerhub.kernel;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON for messages, bodies and stored values, through one Jackson mapper: decimals decode to
 * BigDecimal (never a lossy double) and encode plainly; objects and arrays become
 * JsonObject/JsonArray.
 */
public final class Jsons {
  private static final ObjectMapper MAPPER =
      DatabindCodec.mapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // a node may receive a message from a newer node during a rolling upgrade
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private Jsons() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses any JSON value; throws IllegalArgumentException on malformed input. */
  public static Object decode(byte[] json) {
    try {
      return wrap(MAPPER.readValue(json, Object.class));
    } catch (IOException e) {
      throw new IllegalArgumentException("Malformed JSON", e);
    }
  }

  /**
   * Reads JSON this service wrote (a cache entry, a session) as {@code type}; unreadable means a
   * bug, not bad input.
   */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalStateException("Unreadable " + type.getSimpleName(), e);
    }
  }

  /**
   * A request a record type cannot hold, as the sender's error: VALIDATION naming the value's
   * pointer ({@code /changes/organizationId}, {@code /amount}), never the type's internals.
   */
  public static ServiceException refusal(Throwable failure) {
    if (!(failure instanceof JsonMappingException mapping)) {
      return ServiceException.validation("The request is invalid", null);
    }
    String at =
        mapping.getPath().stream()
            .map(
                step ->
                    step.getFieldName() != null
                        ? pointerStep(step.getFieldName())
                        : "/" + step.getIndex())
            .collect(Collectors.joining());
    if (mapping.getCause() instanceof Changes.UnknownField unknown) {
      return ServiceException.validation(
          "The request is invalid",
          new JsonObject().put(at + pointerStep(unknown.name()), unknown.getMessage()));
    }
    return ServiceException.validation(
        "The request is invalid", new JsonObject().put(at, "not a valid value"));
  }

  private static String pointerStep(String name) {
    return "/" + name.replace("~", "~0").replace("/", "~1");
  }

  public static Object decode(String json) {
    return json == null ? null : decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static String encode(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static Buffer encodeToBuffer(Object value) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Deep-converts Maps and Lists (as Jackson or a wire decode gives them) into JsonObject and
   * JsonArray.
   */
  @SuppressWarnings("unchecked")
  public static Object wrap(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject((Map<String, Object>) map).copy();
    }
    if (value instanceof List<?> list) {
      return new JsonArray((List<Object>) list).copy();
    }
    return value;
  }
}
