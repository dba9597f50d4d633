package io.partnerhub.mail;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of the mail queue a caller sees: mail that failed for good (a dead letter), which a
 * tenant's admin may list and send again. Never the variables (they may hold a one-time link).
 */
public final class MailApi {
  private MailApi() {}

  /** Vendor-only: a tenant's mail goes to every kind of user. */
  public static final String READ = "mail:read";

  public static final String WRITE = "mail:write";

  /** A mail given up after its last attempt; {@code lastError} says why the last one failed. */
  public record DeadMail(
      UUID id,
      String kind,
      String toAddress,
      int attempts,
      String lastError,
      Instant createdAt,
      Instant deadAt) {}

  public record DeadMailPage(List<DeadMail> items, String nextCursor) {}

  /** The tenant's dead letters, most recently given up first. */
  public record ListDeadMail(TenantContext context, Integer limit, String cursor)
      implements TenantRequest {}

  /** Queues a dead letter again, due now, with a fresh round of attempts. */
  public record ResendMail(TenantContext context, UUID id) implements TenantRequest {}

  public static final Endpoint<ListDeadMail, DeadMailPage> DEAD_LETTERS =
      Endpoint.of("partnerhub.mail.dead-letters", ListDeadMail.class, DeadMailPage.class, READ);
  public static final Endpoint<ResendMail, DeadMail> RESEND =
      Endpoint.of("partnerhub.mail.resend", ResendMail.class, DeadMail.class, WRITE);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(DEAD_LETTERS, RESEND);
}
