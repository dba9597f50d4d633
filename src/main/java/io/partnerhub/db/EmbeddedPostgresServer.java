package io.partnerhub.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A real PostgreSQL (zonky binaries) for dev mode and tests; its superuser is the owner role. */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts on a free port; {@code dataDirectory} keeps data across restarts, null means a throw-away one. */
  public static EmbeddedPostgresServer start(Path dataDirectory) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      return new EmbeddedPostgresServer(builder.start(), dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
    }
  }

  public DbUrl ownerUrl() {
    return new DbUrl("localhost", postgres.getPort(), "postgres", "postgres", null);
  }

  public String describe() {
    return "port " + postgres.getPort() + ", data " + (dataDirectory == null ? "temporary" : dataDirectory.toAbsolutePath());
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
