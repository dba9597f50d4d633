package io.partnerhub.webhook;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.db.Database;
import io.partnerhub.jobs.RetrySchedule;
import io.partnerhub.outbox.Outbox;
import io.partnerhub.webhook.WebhookApi.Attempt;
import io.partnerhub.webhook.WebhookApi.Webhook;
import io.partnerhub.webhook.WebhookRepository.Claim;
import io.partnerhub.webhook.WebhookRepository.Outgoing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries (decision 163). Every node polls; each poll claims a batch of due rows of
 * every tenant with {@code FOR UPDATE SKIP LOCKED} and a claimed-until time, so each attempt is
 * made by one node only, and a node that dies mid-attempt leaves its rows to another once the claim
 * lapses. Deliveries are independent: a failing one waits for its retry without holding back the
 * others of its endpoint.
 */
final class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 32;

  private final Vertx vertx;
  private final Database database;
  private final WebhookRepository repository;
  private final WebhookSender sender;
  private final RetrySchedule retries;
  private final int disableAfterSeconds;
  private final long claimMillis;
  private boolean polling;

  WebhookDispatcher(
      Vertx vertx,
      Database database,
      WebhookRepository repository,
      WebhookSender sender,
      RetrySchedule retries,
      int disableAfterSeconds,
      long timeoutMillis) {
    this.vertx = vertx;
    this.database = database;
    this.repository = repository;
    this.sender = sender;
    this.retries = retries;
    this.disableAfterSeconds = disableAfterSeconds;
    // longer than an attempt can take (resolution + timeout), so a live claim is never taken over
    this.claimMillis = 3 * timeoutMillis + 5_000;
  }

  long start(long pollMillis) {
    return vertx.setPeriodic(pollMillis, tick -> poll());
  }

  /** One round; another starts at once while rounds come back full. */
  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    database
        .withFlags(conn -> repository.claimDue(conn, BATCH, claimMillis), "webhook_dispatch")
        .compose(
            claims ->
                Future.join(claims.stream().map(this::deliver).toList()).map(done -> claims.size()))
        .onComplete(
            round -> {
              polling = false;
              if (round.failed()) {
                LOG.warn("Webhook dispatch round failed: {}", round.cause().getMessage());
              } else if (round.result() == BATCH) {
                poll();
              }
            });
  }

  private Future<Void> deliver(Claim claim) {
    return database
        .inTenant(claim.organizationId(), conn -> repository.outgoing(conn, claim.id()))
        .compose(
            outgoing ->
                outgoing == null
                    ? Future.succeededFuture()
                    : sender.send(outgoing).compose(attempt -> record(claim, outgoing, attempt)))
        .onFailure(
            failure ->
                LOG.warn("Webhook delivery {} failed: {}", claim.id(), failure.getMessage()));
  }

  private Future<Void> record(Claim claim, Outgoing outgoing, Attempt attempt) {
    boolean delivered = attempt.error() == null;
    int attemptNumber = outgoing.attemptCount() + 1;
    Duration wait = delivered ? null : retries.after(attemptNumber);
    String status = delivered ? "delivered" : wait == null ? "failed" : "pending";
    Instant next = wait == null ? null : Instant.now().plus(wait);
    return database.inTenant(
        claim.organizationId(),
        conn ->
            repository
                .insertAttempt(conn, claim.organizationId(), outgoing.deliveryId(), attempt)
                .compose(
                    inserted ->
                        repository.afterAttempt(
                            conn, outgoing.deliveryId(), outgoing.attemptCount(), status, next))
                .compose(
                    updated ->
                        delivered
                            ? repository.endpointSucceeded(conn, outgoing.endpointId())
                            : repository
                                .endpointFailed(
                                    conn,
                                    outgoing.endpointId(),
                                    // 410 Gone: the receiver asks to stop (Standard Webhooks)
                                    Integer.valueOf(410).equals(attempt.statusCode())
                                        ? 0
                                        : disableAfterSeconds)
                                .compose(
                                    disabled ->
                                        disabled == null
                                            ? Future.<Void>succeededFuture()
                                            : disabledEvent(
                                                conn, claim.organizationId(), disabled))));
  }

  /** Says, in the transaction that disabled it, that an endpoint was disabled. */
  private Future<Void> disabledEvent(SqlConnection conn, UUID organizationId, Webhook disabled) {
    LOG.warn("Webhook {} disabled: failing for over {} s", disabled.id(), disableAfterSeconds);
    return Outbox.append(
        conn,
        DomainEvent.of(
            WebhookApi.DISABLED,
            organizationId,
            DomainEvent.Actor.SYSTEM,
            disabled.id(),
            null,
            disabled));
  }

  /** The deliveries ready now, to send without waiting for the next poll. */
  void wake() {
    vertx.runOnContext(nothing -> poll());
  }
}
