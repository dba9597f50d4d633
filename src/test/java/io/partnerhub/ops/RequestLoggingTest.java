package io.partnerhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.partnerhub.service.Serving;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every log line of a request carries its requestId (HTTP side and service side) and who made it.
 */
class RequestLoggingTest {
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Logger root;
  private Logger serviceBus;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    serviceBus = (Logger) LoggerFactory.getLogger(Serving.class);
    serviceBus.setLevel(Level.DEBUG);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    serviceBus.setLevel(null);
  }

  private List<ILoggingEvent> eventsOf(String requestId) {
    long deadline = System.currentTimeMillis() + 2000;
    List<ILoggingEvent> events = List.of();
    while (System.currentTimeMillis() < deadline) {
      List<ILoggingEvent> seen;
      // logback appends under the appender's lock, from the logging threads: copy under it too
      synchronized (captured) {
        seen = List.copyOf(captured.list);
      }
      events =
          seen.stream()
              .filter(e -> requestId.equals(e.getMDCPropertyMap().get("requestId")))
              .toList();
      if (events.size() >= 2) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return events;
  }

  @Test
  void theHttpAccessLineAndTheServiceLineCarryTheRequestIdAndTheCaller() {
    Tenant tenant = Tenant.create();
    String requestId = "trace-" + System.nanoTime();
    Http.send("GET", "/configurations", tenant.token(), null, Map.of("X-Request-Id", requestId));
    List<ILoggingEvent> events = eventsOf(requestId);
    assertThat(events)
        .extracting(ILoggingEvent::getLoggerName)
        .contains("io.partnerhub.access", Serving.class.getName());
    for (ILoggingEvent event : events) {
      assertThat(event.getMDCPropertyMap())
          .containsEntry("organizationId", tenant.organizationId().toString())
          .containsEntry("userId", tenant.adminId().toString());
    }
  }

  @Test
  void noPasswordOrTokenIsEverLogged() {
    Tenant tenant = Tenant.create();
    String token =
        Http.post(
                "/auth/login",
                null,
                new JsonObject()
                    .put("email", tenant.adminEmail())
                    .put("password", tenant.adminPassword())
                    .put("subdomain", tenant.subdomain()))
            .json()
            .getString("token");
    Http.get("/auth/me", token);
    for (ILoggingEvent event : List.copyOf(captured.list)) {
      assertThat(event.getFormattedMessage())
          .doesNotContain(tenant.adminPassword())
          .doesNotContain(token);
    }
  }
}
