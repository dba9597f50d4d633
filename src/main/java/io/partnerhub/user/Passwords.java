package io.partnerhub.user;

import io.partnerhub.kernel.ServiceException;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

/**
 * Argon2id hashing on a dedicated worker pool, so password work never runs on an event loop, and
 * the rules of a new password.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 12;

  private final PasswordHasher hasher;
  private final WorkerExecutor pool;

  public Passwords(Vertx vertx, Settings config) {
    this.hasher =
        new PasswordHasher(
            config.integer(Setting.ARGON2_MEMORY_KIB),
            config.integer(Setting.ARGON2_ITERATIONS),
            config.integer(Setting.ARGON2_PARALLELISM));
    this.pool =
        vertx.createSharedWorkerExecutor(
            "partnerhub-argon2", config.integer(Setting.ARGON2_WORKERS));
  }

  /**
   * The hash of a password being set, once it meets the rules every new password meets (decision
   * 197): at least {@value #MIN_LENGTH} characters (the spec states it for each field too) and not
   * one of the most common breached passwords; otherwise VALIDATION on {@code field}.
   */
  public Future<String> hashNew(String field, String password) {
    return pool.executeBlocking(
        () -> {
          String problem =
              password == null || password.length() < MIN_LENGTH
                  ? "must have at least " + MIN_LENGTH + " characters"
                  : CommonPasswords.contains(password)
                      ? "is one of the most common passwords (from public breach lists): choose"
                          + " another"
                      : null;
          if (problem != null) {
            throw ServiceException.validation(
                "The password is refused", new JsonObject().put(field, problem));
          }
          return hasher.hash(password);
        },
        false);
  }

  /**
   * True when the password matches; with a null hash (unknown account) spends the same time and is
   * false.
   */
  public Future<Boolean> verify(String password, String hash) {
    return pool.executeBlocking(
        () -> {
          if (hash == null) {
            hasher.verifyDecoy(password);
            return false;
          }
          return hasher.verify(password, hash);
        },
        false);
  }

  public Future<Void> close() {
    return pool.close();
  }
}
