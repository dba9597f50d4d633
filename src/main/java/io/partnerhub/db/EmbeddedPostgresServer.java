package io.partnerhub.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A real PostgreSQL (zonky binaries) for dev mode and tests; its superuser is the owner role. With
 * a data directory it can be stopped and started again on the same port with its data (outage
 * tests).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private final Path dataDirectory;
  private final int port;
  private EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.port = postgres.getPort();
  }

  /**
   * Starts on a free port; {@code dataDirectory} keeps data across restarts, null means a
   * throw-away one.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory) {
    return new EmbeddedPostgresServer(launch(dataDirectory, 0), dataDirectory);
  }

  private static EmbeddedPostgres launch(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      if (port != 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
    }
  }

  public DbUrl ownerUrl() {
    return new DbUrl("localhost", port, "postgres", "postgres", null);
  }

  public String describe() {
    return "port "
        + port
        + ", data "
        + (dataDirectory == null ? "temporary" : dataDirectory.toAbsolutePath());
  }

  /**
   * Fast shutdown: open sessions are ended, clients see their connections close and new ones
   * refused.
   */
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      postgres = null;
    }
  }

  /**
   * Starts a stopped server again on the same port and data; returns once it accepts connections.
   */
  public synchronized void restart() {
    if (dataDirectory == null) {
      throw new IllegalStateException(
          "A throw-away PostgreSQL loses its data when stopped; give a data directory");
    }
    if (postgres == null) {
      postgres = launch(dataDirectory, port);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
