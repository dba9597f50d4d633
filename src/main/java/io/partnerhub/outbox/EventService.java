package io.partnerhub.outbox;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.outbox.EventApi.EventPage;
import io.partnerhub.outbox.EventApi.ListEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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
        .inTenant(
            request.context(),
            conn -> {
              Future<Long> purged = Outbox.purgedThrough(conn);
              Future<List<DomainEvent>> items = Outbox.feed(conn, after, types, limit);
              return purged.compose(
                  horizon -> {
                    if (after > 0 && after < horizon) {
                      throw new ServiceException(
                          FailureCode.GONE,
                          "Events after this cursor were purged (retention): read the feed again"
                              + " from after=0",
                          new JsonObject().put("purgedThrough", horizon));
                    }
                    return items;
                  });
            })
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
