package io.partnerhub.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Copies the current request's fields into the MDC just before each log event is made, so every
 * encoder (JSON or text) sees them, whichever thread the request's callback runs on.
 */
public final class RequestFieldsFilter extends TurboFilter {
  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // asked for every call, disabled levels and isDebugEnabled() checks included: only an event
    // that will
    // be made needs the fields
    if (format == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    Map<String, String> fields = RequestLogContext.current();
    if (fields == null || fields.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(fields);
    }
    return FilterReply.NEUTRAL;
  }
}
