package io.partnerhub.auth;

import io.partnerhub.bus.FailureCode;
import io.partnerhub.bus.ServiceException;
import io.partnerhub.cache.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Counts failed logins per account and per client IP in Redis, in fixed windows. Past a limit, login
 * answers RATE_LIMITED with the seconds until the window ends. Redis down fails closed (UNAVAILABLE).
 */
public final class LoginThrottle {
  private final RedisStore redis;
  private final int maxPerAccount;
  private final int maxPerIp;
  private final int windowSeconds;

  public LoginThrottle(RedisStore redis, int maxPerAccount, int maxPerIp, int windowSeconds) {
    this.redis = redis;
    this.maxPerAccount = maxPerAccount;
    this.maxPerIp = maxPerIp;
    this.windowSeconds = windowSeconds;
  }

  /** Keys carry a hash of the account, never the e-mail address itself. */
  static String accountKey(String subdomain, String email) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((subdomain + "\n" + email.toLowerCase()).getBytes(StandardCharsets.UTF_8));
      return "ph:login-failures:account:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String ipKey(String ip) {
    return "ph:login-failures:ip:" + (ip == null || ip.isBlank() ? "unknown" : ip);
  }

  public Future<Void> check(String accountKey, String ip) {
    return redis.batch(List.of(
            Request.cmd(Command.GET).arg(accountKey), Request.cmd(Command.TTL).arg(accountKey),
            Request.cmd(Command.GET).arg(ipKey(ip)), Request.cmd(Command.TTL).arg(ipKey(ip))))
        .recover(LoginThrottle::unavailable)
        .compose(r -> {
          long retryAfter = 0;
          if (count(r.get(0)) >= maxPerAccount) {
            retryAfter = Math.max(retryAfter, r.get(1).toLong());
          }
          if (count(r.get(2)) >= maxPerIp) {
            retryAfter = Math.max(retryAfter, r.get(3).toLong());
          }
          if (retryAfter == 0) {
            return Future.succeededFuture();
          }
          return Future.failedFuture(new ServiceException(FailureCode.RATE_LIMITED,
              "Too many failed logins, retry later", new JsonObject().put("retryAfterSeconds", Math.max(1, retryAfter))));
        });
  }

  /**
   * Counts a failure. The window starts with the first failure; any counter found without an expiry
   * (first failure, or a crash between the two commands) gets one, so no counter outlives its window.
   */
  public Future<Void> recordFailure(String accountKey, String ip) {
    List<String> keys = List.of(accountKey, ipKey(ip));
    List<Request> counts = new ArrayList<>();
    for (String key : keys) {
      counts.add(Request.cmd(Command.INCR).arg(key));
      counts.add(Request.cmd(Command.TTL).arg(key));
    }
    return redis.batch(counts)
        .compose(replies -> {
          List<Request> expiries = new ArrayList<>();
          for (int i = 0; i < keys.size(); i++) {
            if (replies.get(2 * i + 1).toLong() < 0) {
              expiries.add(Request.cmd(Command.EXPIRE).arg(keys.get(i)).arg(windowSeconds));
            }
          }
          return expiries.isEmpty() ? Future.succeededFuture() : redis.batch(expiries);
        })
        .<Void>mapEmpty()
        .recover(LoginThrottle::unavailable);
  }

  public Future<Void> reset(String accountKey) {
    return redis.api().del(List.of(accountKey)).<Void>mapEmpty().recover(LoginThrottle::unavailable);
  }

  private static long count(Response response) {
    return response == null ? 0 : response.toLong();
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(new ServiceException(FailureCode.UNAVAILABLE, "Login unavailable, try again"));
  }
}
