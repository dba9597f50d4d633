package io.partnerhub.user;

import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/** Argon2id hashing on a dedicated worker pool, so password work never runs on an event loop. */
public final class Passwords {
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

  public Future<String> hash(String password) {
    return pool.executeBlocking(() -> hasher.hash(password), false);
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
