package io.partnerhub.outbox;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import java.util.List;

/** Event-bus API of the event feed: a tenant's events in sequence order, after a cursor. */
public final class EventApi {
  private EventApi() {}

  public static final String READ = "events:read";

  /**
   * The events after sequence {@code after} (0 or absent: from the oldest retained), of the
   * comma-separated {@code types} (absent: every type), at most {@code limit}.
   */
  public record ListEvents(TenantContext context, Long after, String types, Integer limit)
      implements TenantRequest {}

  /**
   * A page of the feed; {@code nextCursor} is the sequence to ask after next: the last item's, or
   * the request's own when there is nothing new. A feed has no end, so it is never null.
   */
  public record EventPage(List<DomainEvent> items, long nextCursor) {}

  public static final Endpoint<ListEvents, EventPage> LIST =
      Endpoint.of("partnerhub.event-feed.list", ListEvents.class, EventPage.class, READ);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(LIST);
}
