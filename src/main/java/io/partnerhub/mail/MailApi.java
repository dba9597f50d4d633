package io.partnerhub.mail;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records of the mail queue a caller sees: mail that failed for good (a dead letter), which an
 * admin may list and send again. Never the variables (they may hold a one-time link).
 */
public final class MailApi {
  private MailApi() {}

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
}
