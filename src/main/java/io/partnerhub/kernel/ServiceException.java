package io.partnerhub.kernel;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A failure a caller can act on: a {@link FailureCode}, a message safe to show a client, and
 * optional details. On the bus it travels as a {@link ReplyException} whose message is this object
 * as JSON.
 */
public final class ServiceException extends RuntimeException {
  /**
   * The message of a VALIDATION failure of a request body against its schema, whoever checked it.
   */
  public static final String INVALID_BODY = "The request body is invalid";

  private final FailureCode code;
  private final JsonObject details;

  public ServiceException(FailureCode code, String message) {
    this(code, message, null);
  }

  /**
   * A VALIDATION failure's details always take the one shape of {@link Problems}, whoever builds
   * it.
   */
  public ServiceException(FailureCode code, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.details = code == FailureCode.VALIDATION ? Problems.shape(message, details) : details;
  }

  /**
   * {@code problems} maps a body field (name, dotted path or JSON Pointer) to what is wrong with
   * it.
   */
  public static ServiceException validation(String message, JsonObject problems) {
    return new ServiceException(FailureCode.VALIDATION, message, problems);
  }

  /** A query, path or header parameter that is not acceptable. */
  public static ServiceException invalidParameter(String name, String problem) {
    return new ServiceException(
        FailureCode.VALIDATION,
        "Invalid " + name + ": " + problem,
        Problems.parameter(name, problem));
  }

  /**
   * Query, path or header parameters that are not acceptable, each by name with what is wrong with
   * it.
   */
  public static ServiceException invalidParameters(Map<String, String> problems) {
    return new ServiceException(
        FailureCode.VALIDATION,
        problems.size() == 1
            ? "Invalid "
                + problems.keySet().iterator().next()
                + ": "
                + problems.values().iterator().next()
            : "Invalid parameters " + String.join(", ", problems.keySet()),
        Problems.parameters(problems));
  }

  public static ServiceException notFound(String what) {
    return new ServiceException(FailureCode.NOT_FOUND, what + " not found");
  }

  public FailureCode code() {
    return code;
  }

  public JsonObject details() {
    return details;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", code.name()).put("message", getMessage());
    if (details != null) {
      json.put("details", details);
    }
    return json;
  }

  /**
   * Turns whatever failed a bus request into a ServiceException: a service's own failure keeps its
   * code; no handler or a timeout means the service is unavailable; anything else is INTERNAL with
   * no detail.
   */
  public static ServiceException from(Throwable failure) {
    if (failure instanceof ServiceException serviceException) {
      return serviceException;
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return fromReplyMessage(reply.failureCode(), reply.getMessage());
      }
      return new ServiceException(FailureCode.UNAVAILABLE, "Service unavailable, try again");
    }
    return new ServiceException(FailureCode.INTERNAL, "Internal error");
  }

  private static ServiceException fromReplyMessage(int failureCode, String message) {
    FailureCode code = FailureCode.fromStatus(failureCode);
    try {
      JsonObject json = new JsonObject(message == null ? "{}" : message);
      return new ServiceException(
          code, json.getString("message", code.name()), json.getJsonObject("details"));
    } catch (DecodeException | ClassCastException e) {
      return new ServiceException(
          code, code == FailureCode.INTERNAL ? "Internal error" : code.name());
    }
  }
}
