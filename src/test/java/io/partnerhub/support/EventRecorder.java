package io.partnerhub.support;

import io.partnerhub.bus.DomainEvent;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A test consumer of domain events on the app's bus, keeping those of one organization. */
public final class EventRecorder implements AutoCloseable {
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
  private final List<MessageConsumer<DomainEvent>> consumers = new ArrayList<>();

  public EventRecorder(UUID organizationId, String... types) {
    for (String type : types) {
      MessageConsumer<DomainEvent> consumer =
          TestApp.get()
              .vertx()
              .eventBus()
              .consumer(
                  DomainEvent.address(type),
                  message -> {
                    if (organizationId.equals(message.body().organizationId())) {
                      events.add(message.body());
                    }
                  });
      consumer.completion().await();
      consumers.add(consumer);
    }
  }

  /** The events of the type seen so far, waiting up to 5 s for at least {@code atLeast} of them. */
  public List<DomainEvent> await(String type, int atLeast) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      List<DomainEvent> matching = of(type);
      if (matching.size() >= atLeast) {
        return matching;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return of(type);
  }

  public List<DomainEvent> of(String type) {
    return events.stream().filter(event -> event.type().equals(type)).toList();
  }

  @Override
  public void close() {
    consumers.forEach(MessageConsumer::unregister);
  }
}
