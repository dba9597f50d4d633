package io.partnerhub.auth;

import io.partnerhub.cache.RedisStore;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Hashes;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Limits attempts of one kind ({@code name}: failed logins, password-reset requests, invitations)
 * per account and per client address (or per inviter) in Redis, in fixed windows. Every attempt
 * takes a slot first, in one atomic check-and-count, so parallel attempts cannot all pass the check
 * before any is counted; a login that succeeds gives its slots back ({@link #release}), so for
 * logins failures are what is counted. Throttled attempts are not counted. Past a limit, the
 * attempt is RATE_LIMITED with the seconds until the window ends. Redis down fails closed
 * (UNAVAILABLE).
 */
public final class AttemptThrottle {
  /**
   * Atomically: when either counter (KEYS: account, IP) is at its limit (ARGV[2], ARGV[3]), count
   * nothing and return the seconds its window has left; else count the attempt in both, open the
   * window (ARGV[1] seconds) on a first attempt, and return 0. A counter found without an expiry
   * gets one, so none outlives its window.
   */
  private static final String ACQUIRE =
      "local blocked = 0\n"
          + "for i, key in ipairs(KEYS) do\n"
          + "  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then\n"
          + "    local ttl = redis.call('TTL', key)\n"
          + "    if ttl < 0 then redis.call('EXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end\n"
          + "    blocked = math.max(blocked, ttl)\n"
          + "  end\n"
          + "end\n"
          + "if blocked > 0 then return blocked end\n"
          + "for _, key in ipairs(KEYS) do\n"
          + "  redis.call('INCR', key)\n"
          + "  if redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ARGV[1]) end\n"
          + "end\n"
          + "return 0";

  /**
   * Success: the account's failures are forgiven and the IP's slot is returned (never below zero).
   */
  private static final String RELEASE =
      "redis.call('DEL', KEYS[1])\n"
          + "if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end\n"
          + "return 0";

  private final RedisStore redis;
  private final String name;
  private final String refusal;
  private final int maxPerAccount;
  private final int maxPerIp;
  private final int windowSeconds;

  /**
   * {@code name}: the keys' scope ({@code login-failures}, ...); {@code refusal}: the message of a
   * RATE_LIMITED answer.
   */
  public AttemptThrottle(
      RedisStore redis,
      String name,
      String refusal,
      int maxPerAccount,
      int maxPerIp,
      int windowSeconds) {
    this.redis = redis;
    this.name = name;
    this.refusal = refusal;
    this.maxPerAccount = maxPerAccount;
    this.maxPerIp = maxPerIp;
    this.windowSeconds = windowSeconds;
  }

  /** Keys carry a hash of the account, never the e-mail address itself. */
  public String accountKey(String subdomain, String email) {
    String account = subdomain + "\n" + email.toLowerCase(Locale.ROOT);
    return "ph:" + name + ":account:" + Hashes.sha256Hex(account).substring(0, 32);
  }

  private String ipKey(String ip) {
    return "ph:" + name + ":ip:" + (ip == null || ip.isBlank() ? "unknown" : ip);
  }

  /** Takes a slot for this attempt in both windows; RATE_LIMITED when either is already full. */
  public Future<Void> acquire(String accountKey, String ip) {
    return redis
        .api()
        .eval(
            List.of(
                ACQUIRE,
                "2",
                accountKey,
                ipKey(ip),
                Integer.toString(windowSeconds),
                Integer.toString(maxPerAccount),
                Integer.toString(maxPerIp)))
        .recover(AttemptThrottle::unavailable)
        .compose(
            retryAfter ->
                retryAfter.toLong() == 0
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new ServiceException(
                            FailureCode.RATE_LIMITED,
                            refusal,
                            new JsonObject().put("retryAfterSeconds", retryAfter.toLong()))));
  }

  /** After a login that succeeded: clears the account's count and gives the IP its slot back. */
  public Future<Void> release(String accountKey, String ip) {
    return redis
        .api()
        .eval(List.of(RELEASE, "2", accountKey, ipKey(ip)))
        .<Void>mapEmpty()
        .recover(AttemptThrottle::unavailable);
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(
        new ServiceException(FailureCode.UNAVAILABLE, "Throttle unavailable, try again"));
  }
}
