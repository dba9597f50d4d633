package io.partnerhub.support;

import io.partnerhub.cache.EmbeddedRedisServer;
import io.partnerhub.db.DbUrl;
import io.partnerhub.db.EmbeddedPostgresServer;
import io.partnerhub.mail.EmbeddedSmtpServer;

/**
 * The real PostgreSQL, Redis and SMTP server the whole test run shares, started once per JVM:
 * embedded by default, or the servers named by PARTNERHUB_TEST_DB_ADMIN_URL and
 * PARTNERHUB_TEST_REDIS_URL (the SMTP server, GreenMail, is always embedded: tests read its mail).
 * Tests isolate themselves by creating fresh tenants, never fresh databases.
 */
public final class TestServers {
  private static DbUrl ownerUrl;
  private static String redisUrl;
  private static EmbeddedRedisServer embeddedRedis;
  private static EmbeddedSmtpServer smtp;

  private TestServers() {}

  public static synchronized DbUrl ownerUrl() {
    if (ownerUrl == null) {
      String given = System.getenv("PARTNERHUB_TEST_DB_ADMIN_URL");
      if (given != null && !given.isBlank()) {
        ownerUrl = DbUrl.parse(given);
      } else {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null);
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        ownerUrl = postgres.ownerUrl();
      }
    }
    return ownerUrl;
  }

  public static synchronized String redisUrl() {
    if (redisUrl == null) {
      String given = System.getenv("PARTNERHUB_TEST_REDIS_URL");
      if (given != null && !given.isBlank()) {
        redisUrl = given;
      } else {
        embeddedRedis = EmbeddedRedisServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(embeddedRedis::close));
        redisUrl = embeddedRedis.url();
      }
    }
    return redisUrl;
  }

  public static synchronized EmbeddedSmtpServer smtp() {
    if (smtp == null) {
      smtp = EmbeddedSmtpServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(smtp::close));
    }
    return smtp;
  }
}
