package io.partnerhub.jobs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery (a webhook's, a mail's) is tried again (decision 162): after attempt n,
 * wait base × 3^(n-1), capped, ±20 % jitter so that the deliveries to a receiver that was down do
 * not all return at once; after {@code maxAttempts} the delivery is given up. Webhooks' defaults
 * (10 s base, 12 h cap, 14 attempts) spread the attempts over about three days.
 */
public record RetrySchedule(long baseMillis, long maxDelayMillis, int maxAttempts) {

  /** The wait after attempt {@code attempt} (1 = the first) failed; null when it was the last. */
  public Duration after(int attempt) {
    if (attempt >= maxAttempts) {
      return null;
    }
    double exponential = baseMillis * Math.pow(3, attempt - 1);
    double delay = Math.min(exponential, maxDelayMillis);
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis(Math.round(delay * jitter));
  }
}
