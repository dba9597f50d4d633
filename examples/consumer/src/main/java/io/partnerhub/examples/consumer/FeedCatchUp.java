package io.partnerhub.examples.consumer;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.outbox.EventApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.RequestOptions;
import java.util.function.Consumer;

/**
 * What the consumer missed while it was down, from the REST event feed ({@code GET /events}) with
 * an API key ({@code events:read}): the key's tenant's won deals after the stored cursor, page by
 * page, in sequence order. The cursor (the last sequence handled) is kept in a file.
 */
final class FeedCatchUp {
  private final String apiUrl;
  private final String apiKey;
  private final String cursorFile;

  FeedCatchUp(String apiUrl, String apiKey, String cursorFile) {
    this.apiUrl = apiUrl;
    this.apiKey = apiKey;
    this.cursorFile = cursorFile;
  }

  /** Reads the feed to its end, handing each event to {@code handler}, on the caller's context. */
  Future<Void> run(Vertx vertx, Consumer<DomainEvent> handler) {
    HttpClient http = vertx.createHttpClient();
    return vertx
        .fileSystem()
        .exists(cursorFile)
        .compose(
            exists ->
                exists
                    ? vertx.fileSystem().readFile(cursorFile).map(Buffer::toString)
                    : Future.succeededFuture("0"))
        .compose(cursor -> pagesAfter(vertx, http, Long.parseLong(cursor.trim()), handler))
        .eventually(http::close);
  }

  private Future<Void> pagesAfter(
      Vertx vertx, HttpClient http, long after, Consumer<DomainEvent> handler) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(
                apiUrl + "/events?types=" + OpportunityApi.WON + "&limit=100&after=" + after)
            .putHeader("Authorization", "Bearer " + apiKey);
    return http.request(request)
        .compose(ask -> ask.send().expecting(HttpResponseExpectation.SC_OK))
        .compose(response -> response.body())
        .compose(
            body -> {
              EventApi.EventPage page = Jsons.read(body.getBytes(), EventApi.EventPage.class);
              page.items().forEach(handler);
              Future<Void> saved =
                  vertx
                      .fileSystem()
                      .writeFile(cursorFile, Buffer.buffer(Long.toString(page.nextCursor())));
              return page.items().isEmpty()
                  ? saved
                  : saved.compose(done -> pagesAfter(vertx, http, page.nextCursor(), handler));
            });
  }
}
