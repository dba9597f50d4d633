package io.partnerhub.outbox;

import io.partnerhub.db.Database;
import io.partnerhub.kernel.Paging;
import io.partnerhub.outbox.EventApi.EventPage;
import io.partnerhub.outbox.EventApi.ListEvents;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;

/** The REST event feed: reads only placed events, so a poller at N never sees one below N later. */
final class EventService {
  private final Database database;
  private final List<String> knownTypes;

  EventService(Database database, List<String> knownTypes) {
    this.database = database;
    this.knownTypes = List.copyOf(knownTypes);
  }

  Future<EventPage> list(ListEvents request) {
    long after = request.after() == null ? 0 : request.after();
    int limit = Paging.limit(request.limit());
    List<String> types = types(request.types());
    return database
        .inTenant(request.context(), conn -> Outbox.feed(conn, after, types, limit))
        .map(
            items ->
                new EventPage(
                    items, items.isEmpty() ? after : items.get(items.size() - 1).sequence()));
  }

  /** The types filter, each name one the service publishes (a typo is 400, not an empty feed). */
  private List<String> types(String list) {
    if (list == null) {
      return null;
    }
    List<String> types = Arrays.stream(list.split(",", -1)).distinct().toList();
    types.forEach(type -> Paging.oneOf("types", type, knownTypes));
    return types;
  }
}
