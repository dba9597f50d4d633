package io.partnerhub.kernel;

/**
 * The one set of failure codes shared by every service. It travels on the event bus as the {@code
 * ReplyException} failure code (the HTTP status) and reaches clients as the {@code error} field.
 */
public enum FailureCode {
  VALIDATION(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  REQUEST_TIMEOUT(408),
  CONFLICT(409),
  GONE(410),
  PRECONDITION_FAILED(412),
  PAYLOAD_TOO_LARGE(413),
  URI_TOO_LONG(414),
  UNPROCESSABLE(422),
  RATE_LIMITED(429),
  HEADERS_TOO_LARGE(431),
  INTERNAL(500),
  UNAVAILABLE(503);

  private final int status;

  FailureCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The code for an HTTP status; anything unknown is INTERNAL (a 4xx never widens into a 5xx). */
  public static FailureCode fromStatus(int status) {
    for (FailureCode code : values()) {
      if (code.status == status) {
        return code;
      }
    }
    return status >= 400 && status < 500 ? VALIDATION : INTERNAL;
  }
}
