package io.partnerhub.mail;

import io.partnerhub.db.Database;
import io.partnerhub.jobs.RetrySchedule;
import io.partnerhub.jobs.RunLoop;
import io.partnerhub.mail.MailQueue.Claim;
import io.partnerhub.mail.MailQueue.Pending;
import io.partnerhub.mail.MailSender.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued mail while this node holds the {@code mail} lease (decision 190): woken by the
 * queue's NOTIFY (on a connection of its own) and by a poll. Each step claims a batch of due mail
 * of every tenant ({@code FOR UPDATE SKIP LOCKED} and a claimed-until time, so even two holders
 * never send one attempt twice), renders each in its tenant with the tenant's templates, sends it,
 * and records the outcome: sent, retried with exponential backoff, or dead after the last attempt
 * (or at once when the SMTP server refuses it for good).
 */
final class MailDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(MailDispatcher.class);
  private static final int BATCH = 16;
  private static final long PURGE_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();
  private static final int PURGE_BATCH = 1000;

  private final Vertx vertx;
  private final Database database;
  private final MailSender sender;
  private final MailTemplates templates = new MailTemplates();
  private final RetrySchedule retries;
  private final String publicUrl;
  private final long claimMillis;
  private final Duration retention;
  private final PgConnectOptions direct;
  private final RunLoop loop;
  private PgSubscriber subscriber;
  private long purgeTimer = -1;

  MailDispatcher(
      Vertx vertx,
      Database database,
      MailSender sender,
      RetrySchedule retries,
      String publicUrl,
      long timeoutMillis,
      Duration retention,
      PgConnectOptions direct) {
    this.vertx = vertx;
    this.database = database;
    this.sender = sender;
    this.retries = retries;
    this.publicUrl = publicUrl;
    // longer than an attempt can take, so a live claim is never taken over
    this.claimMillis = 2 * timeoutMillis + 5_000;
    this.retention = retention;
    this.direct = direct;
    this.loop = new RunLoop(vertx, "Mail dispatcher", this::step);
  }

  /** The lease is ours: listen, poll, purge, and send what is due at once. */
  void start(long pollMillis) {
    subscriber = PgSubscriber.subscriber(vertx, direct).reconnectPolicy(retries -> 1000L);
    subscriber.channel(MailQueue.CHANNEL).handler(payload -> loop.wake());
    subscriber
        .connect()
        .onFailure(
            failure -> LOG.warn("Mail LISTEN failed, polling only: {}", failure.getMessage()));
    purgeTimer = vertx.setPeriodic(0, PURGE_EVERY_MILLIS, tick -> purge());
    loop.start(pollMillis);
  }

  /** The lease is gone: no new step (one in flight finishes; its claims end by themselves). */
  void stop() {
    loop.stop();
    vertx.cancelTimer(purgeTimer);
    if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
  }

  private Future<Long> step() {
    return database
        .withFlags(conn -> MailQueue.claimDue(conn, BATCH, claimMillis), "mail_dispatch")
        .compose(
            claims ->
                Future.join(claims.stream().map(this::deliver).toList())
                    .map(done -> claims.size() == BATCH ? RunLoop.NOW : RunLoop.WHEN_WOKEN));
  }

  /** A claimed mail and the tenant's template of its kind. */
  private record Prepared(Pending mail, JsonObject template) {}

  private Future<Void> deliver(Claim claim) {
    return database
        .inTenant(
            claim.organizationId(),
            conn ->
                MailQueue.pending(conn, claim.id())
                    .compose(
                        mail ->
                            mail == null
                                ? Future.succeededFuture(null)
                                : MailTemplates.CATEGORY
                                    .read(conn)
                                    .map(
                                        all -> new Prepared(mail, all.getJsonObject(mail.kind())))))
        .compose(
            prepared ->
                prepared == null
                    ? Future.succeededFuture()
                    : attempt(prepared).compose(outcome -> record(claim, prepared.mail(), outcome)))
        .onFailure(failure -> LOG.warn("Mail {} failed: {}", claim.id(), failure.getMessage()));
  }

  private Future<Outcome> attempt(Prepared prepared) {
    Pending mail = prepared.mail();
    MailKind kind = MailKind.named(mail.kind());
    if (kind == null || prepared.template() == null) {
      return Future.succeededFuture(new Outcome("No mail kind " + mail.kind(), true));
    }
    Map<String, String> values = new HashMap<>(mail.variables());
    for (Map.Entry<String, String> value : values.entrySet()) {
      if (MailKind.isLink(value.getKey()) && !value.getValue().startsWith(publicUrl + "/")) {
        return Future.succeededFuture(
            new Outcome(value.getKey() + " points outside PARTNERHUB_PUBLIC_URL", true));
      }
    }
    values.put(MailKind.ORGANIZATION_NAME, mail.organizationName());
    MailTemplates.Rendered rendered;
    try {
      rendered = templates.render(kind, prepared.template(), values);
    } catch (RuntimeException e) {
      return Future.succeededFuture(new Outcome("Template failed: " + e.getMessage(), true));
    }
    return sender.send(mail.organizationName(), mail.toAddress(), mail.toName(), rendered);
  }

  private Future<Void> record(Claim claim, Pending mail, Outcome outcome) {
    if (outcome.error() == null) {
      return database.inTenant(
          claim.organizationId(), conn -> MailQueue.sent(conn, mail.id(), mail.attempts()));
    }
    Duration wait = outcome.permanent() ? null : retries.after(mail.attempts() + 1);
    if (wait == null) {
      LOG.warn("Mail {} is dead: {}", mail.id(), outcome.error());
    }
    return database.inTenant(
        claim.organizationId(),
        conn ->
            MailQueue.failed(
                conn,
                mail.id(),
                mail.attempts(),
                outcome.error(),
                wait == null ? null : Instant.now().plus(wait)));
  }

  private Future<Void> purge() {
    Instant cutoff = Instant.now().minus(retention);
    return database
        .withFlags(conn -> MailQueue.purgeSent(conn, cutoff, PURGE_BATCH), "mail_dispatch")
        .compose(deleted -> deleted == PURGE_BATCH ? purge() : Future.<Void>succeededFuture())
        .onFailure(failure -> LOG.warn("Mail purge failed: {}", failure.getMessage()));
  }
}
