package io.partnerhub.cache;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Login sessions in Redis: one key per token id with TTL = token lifetime, plus a per-user index so
 * all of a user's sessions can be revoked at once. Redis failures surface as UNAVAILABLE:
 * authentication fails closed. With a live {@link KeyWatch} on {@link #KEY_PREFIX}, a session read
 * once is remembered until Redis pushes that its key changed (logout, revocation, expiry).
 */
public final class SessionStore {
  /** What a {@link KeyWatch} for sessions must watch. */
  public static final String KEY_PREFIX = "ph:session:";

  private final RedisStore redis;
  private final KeyWatch watch;

  /** A store for writes and occasional reads: nothing is remembered. */
  public SessionStore(RedisStore redis) {
    this(redis, KeyWatch.off());
  }

  public SessionStore(RedisStore redis, KeyWatch watch) {
    this.redis = redis;
    this.watch = watch;
  }

  /** A live login: who, in which tenant, and the permissions resolved at login. */
  public record Session(
      String id,
      UUID userId,
      UUID organizationId,
      String email,
      String role,
      UUID partnerId,
      Set<String> permissions,
      long expiresAtEpochSecond) {
    public Session {
      // immutable once, so each request's TenantContext takes this set as it is (Set.copyOf)
      permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }
  }

  private static String sessionKey(String id) {
    return KEY_PREFIX + id;
  }

  private static String userIndexKey(UUID userId) {
    return "ph:user-sessions:" + userId;
  }

  public Future<Void> create(Session session, long ttlSeconds) {
    String ttl = Long.toString(ttlSeconds);
    return redis
        .batch(
            List.of(
                Request.cmd(Command.SET)
                    .arg(sessionKey(session.id()))
                    .arg(Jsons.encode(session))
                    .arg("EX")
                    .arg(ttl),
                Request.cmd(Command.SADD).arg(userIndexKey(session.userId())).arg(session.id()),
                Request.cmd(Command.EXPIRE).arg(userIndexKey(session.userId())).arg(ttl)))
        .<Void>mapEmpty()
        .recover(SessionStore::unavailable);
  }

  /** The live session for a token id, or null when it ended or never existed. */
  public Future<Session> find(String id) {
    String key = sessionKey(id);
    // Redis pushes an expiry only when it gets round to expiring the key: check the end here too
    if (watch.recall(key) instanceof Session known
        && known.expiresAtEpochSecond() > System.currentTimeMillis() / 1000) {
      return Future.succeededFuture(known);
    }
    long stamp = watch.stamp();
    return redis
        .api()
        .get(key)
        .map(
            value -> {
              Session session = value == null ? null : Jsons.read(value.toBytes(), Session.class);
              watch.remember(key, session, stamp);
              return session;
            })
        .recover(SessionStore::unavailable);
  }

  public Future<Void> delete(Session session) {
    return redis
        .batch(
            List.of(
                Request.cmd(Command.DEL).arg(sessionKey(session.id())),
                Request.cmd(Command.SREM).arg(userIndexKey(session.userId())).arg(session.id())))
        .onSuccess(done -> redis.changed(List.of(sessionKey(session.id()))))
        .<Void>mapEmpty()
        .recover(SessionStore::unavailable);
  }

  /** Ends every session of the user (deactivation, role or permission change). */
  public Future<Void> revokeUser(UUID userId) {
    return revoke(userId, null);
  }

  /**
   * Ends every session of the user but {@code keptId} (a password change keeps the session that
   * made it).
   */
  public Future<Void> revokeOtherSessions(UUID userId, String keptId) {
    return revoke(userId, keptId);
  }

  private Future<Void> revoke(UUID userId, String keptId) {
    String indexKey = userIndexKey(userId);
    return redis
        .api()
        .smembers(indexKey)
        .compose(
            ids -> {
              List<Request> deletes = new ArrayList<>();
              List<String> ended = new ArrayList<>();
              for (Response id : ids) {
                if (!id.toString().equals(keptId)) {
                  ended.add(sessionKey(id.toString()));
                  deletes.add(Request.cmd(Command.DEL).arg(sessionKey(id.toString())));
                  deletes.add(Request.cmd(Command.SREM).arg(indexKey).arg(id.toString()));
                }
              }
              if (keptId == null) {
                deletes.add(Request.cmd(Command.DEL).arg(indexKey));
              }
              return deletes.isEmpty()
                  ? Future.succeededFuture()
                  : redis.batch(deletes).onSuccess(done -> redis.changed(ended));
            })
        .<Void>mapEmpty()
        .recover(SessionStore::unavailable);
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(
        new ServiceException(FailureCode.UNAVAILABLE, "Session store unavailable, try again"));
  }
}
