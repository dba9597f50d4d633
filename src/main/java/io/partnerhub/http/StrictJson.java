package io.partnerhub.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * The parser of every request body: exactly one JSON value (no comments, no trailing tokens, no
 * duplicate keys), nested at most PARTNERHUB_JSON_MAX_DEPTH levels (counted while parsing, so a
 * deep body never reaches a recursive encoder or validator), numbers within {@link #MAX_MAGNITUDE}
 * and {@link #MAX_SCALE}. It has its own mapper: Vert.x's shared one allows comments, and it serves
 * the event bus, which stays as it is. As a route handler it puts itself in the context, where
 * {@link Api#body} finds it.
 */
final class StrictJson implements Handler<RoutingContext> {
  private static final String KEY = "partnerhub.strictJson";

  /**
   * Numbers stay below a JavaScript double's largest magnitude (1.8e308), so every client reads
   * them.
   */
  static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1e308");

  /**
   * At most this many digits after the point: the smallest a double holds, and far within
   * PostgreSQL numeric.
   */
  static final int MAX_SCALE = 308;

  private static final String NUMBER_RANGE =
      "out of range: a number must be below 1e308 in magnitude, with at most "
          + MAX_SCALE
          + " digits after the decimal point";

  private final ObjectMapper mapper;
  private final int maxDepth;

  StrictJson(int maxDepth) {
    this.maxDepth = maxDepth;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .enable(
                DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, this);
    ctx.next();
  }

  static StrictJson of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /**
   * The one JSON value in {@code json}; VALIDATION, naming the problem and where, for anything
   * else.
   */
  Object parse(byte[] json) {
    Object value;
    try {
      value = Jsons.wrap(mapper.readValue(json, Object.class));
    } catch (StreamConstraintsException e) {
      String at = pointer(e);
      if (e.getOriginalMessage().contains("nesting depth")) {
        throw invalid(
            "The JSON body is nested more than " + maxDepth + " levels deep",
            at,
            "more than " + maxDepth + " levels of objects and arrays");
      }
      throw invalid("A JSON value in the body is too long", at, e.getOriginalMessage());
    } catch (MismatchedInputException e) {
      // the one mismatch an untyped read can meet: FAIL_ON_TRAILING_TOKENS
      throw invalid(
          "Malformed JSON: the body must be exactly one JSON value",
          "",
          "more after the first JSON value");
    } catch (JsonProcessingException e) {
      String problem =
          e.getOriginalMessage().startsWith("Duplicate field")
              ? "duplicate key"
              : e.getLocation() == null
                  ? "malformed"
                  : "malformed at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr();
      throw invalid("Malformed JSON: " + problem, pointer(e), problem);
    } catch (IOException e) {
      throw invalid("Malformed JSON", "", "malformed");
    }
    String outOfRange = outOfRange(value, "");
    if (outOfRange != null) {
      throw invalid("A number in the body is " + NUMBER_RANGE, outOfRange, NUMBER_RANGE);
    }
    return value;
  }

  /**
   * The JSON pointer of the first number out of range, or null; recursion is bounded by the depth
   * limit.
   */
  private static String outOfRange(Object value, String at) {
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String found = outOfRange(entry.getValue(), at + "/" + escape(entry.getKey()));
        if (found != null) {
          return found;
        }
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String found = outOfRange(array.getValue(i), at + "/" + i);
        if (found != null) {
          return found;
        }
      }
    } else if (value instanceof BigDecimal decimal) {
      return decimal.abs().compareTo(MAX_MAGNITUDE) >= 0 || decimal.scale() > MAX_SCALE ? at : null;
    } else if (value instanceof BigInteger integer) {
      return new BigDecimal(integer).abs().compareTo(MAX_MAGNITUDE) >= 0 ? at : null;
    }
    return null;
  }

  private static String pointer(JsonProcessingException e) {
    return e.getProcessor() instanceof JsonParser parser
        ? parser.getParsingContext().pathAsPointer().toString()
        : "";
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static ServiceException invalid(String message, String field, String problem) {
    return ServiceException.validation(
        message,
        new JsonObject()
            .put(
                "problems",
                new JsonArray().add(new JsonObject().put("field", field).put("problem", problem))));
  }
}
