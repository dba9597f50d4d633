package io.partnerhub.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.service.ServiceVerticle;
import io.partnerhub.settings.Settings;
import io.partnerhub.stream.ChunkSink;
import io.partnerhub.stream.ChunkSource;
import io.partnerhub.stream.StreamBus;
import io.partnerhub.stream.StreamEndpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A toy service with one streamed operation each way, as later features will have them: an export
 * of generated CSV rows (each naming the caller's organization) and an import that stores rows in
 * one transaction at the end. It counts what its streams do, for the test to compare with what
 * arrived.
 */
final class RowsService extends ServiceVerticle {
  static final StreamEndpoint<ExportRows, Void> EXPORT =
      StreamEndpoint.download("test.rows.export", ExportRows.class, "partners:read");
  static final StreamEndpoint<ImportRows, Imported> IMPORT =
      StreamEndpoint.upload("test.rows.import", ImportRows.class, Imported.class, "partners:write");
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(4);
  static final String TABLE = "stream_test.rows";

  record ExportRows(TenantContext context, int rows, int pieceBytes) implements TenantRequest {}

  record ImportRows(TenantContext context) implements TenantRequest {}

  record Imported(int rows) {}

  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger produced = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger largestAccepted = new AtomicInteger();
  final AtomicInteger discarded = new AtomicInteger();

  RowsService(Settings config) {
    super(config, new SimpleMeterRegistry());
  }

  static String line(int row, UUID organizationId) {
    return String.format("%09d,%s,%s\n", row, organizationId, "x".repeat(row % 50));
  }

  /** What an export of {@code rows} rows holds. */
  static String csv(int rows, UUID organizationId) {
    StringBuilder text = new StringBuilder();
    for (int row = 0; row < rows; row++) {
      text.append(line(row, organizationId));
    }
    return text.toString();
  }

  @Override
  protected void serveEndpoints() {
    listen(
        StreamBus.serveDownload(
            vertx,
            EXPORT,
            IDLE_TIMEOUT,
            request -> {
              opened.incrementAndGet();
              return Future.succeededFuture(new RowSource(request));
            }));
    listen(
        StreamBus.serveUpload(
            vertx,
            IMPORT,
            IDLE_TIMEOUT,
            request -> {
              opened.incrementAndGet();
              return Future.succeededFuture(new RowSink(request.context()));
            }));
  }

  /** The export's rows cut into pieces of exactly pieceBytes (the last may be shorter). */
  private final class RowSource implements ChunkSource {
    private final ExportRows request;
    private int row;
    private byte[] carry = new byte[0];

    RowSource(ExportRows request) {
      this.request = request;
    }

    @Override
    public Future<Buffer> next() {
      Buffer piece = Buffer.buffer(request.pieceBytes());
      while (piece.length() < request.pieceBytes() && (carry.length > 0 || row < request.rows())) {
        if (carry.length == 0) {
          carry = line(row++, request.context().organizationId()).getBytes(StandardCharsets.UTF_8);
        }
        int take = Math.min(carry.length, request.pieceBytes() - piece.length());
        piece.appendBytes(carry, 0, take);
        carry = java.util.Arrays.copyOfRange(carry, take, carry.length);
      }
      if (piece.length() == 0) {
        return Future.succeededFuture();
      }
      produced.incrementAndGet();
      return Future.succeededFuture(piece);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  /** Gathers the upload and stores all its lines in one transaction at the end. */
  private final class RowSink implements ChunkSink<Imported> {
    private final TenantContext context;
    private final Buffer received = Buffer.buffer();

    RowSink(TenantContext context) {
      this.context = context;
    }

    @Override
    public Future<Void> accept(Buffer chunk) {
      accepted.incrementAndGet();
      largestAccepted.accumulateAndGet(chunk.length(), Math::max);
      received.appendBuffer(chunk);
      return Future.succeededFuture();
    }

    @Override
    public Future<Imported> finish() {
      String[] lines = received.toString(StandardCharsets.UTF_8).split("\n");
      List<Tuple> rows = new ArrayList<>();
      for (int i = 0; i < lines.length; i++) {
        rows.add(Tuple.of(context.organizationId(), i, lines[i]));
      }
      return database
          .inTenant(
              context,
              conn ->
                  conn.preparedQuery(
                          "INSERT INTO "
                              + TABLE
                              + " (organization_id, line_no, line) VALUES ($1, $2, $3)")
                      .executeBatch(rows))
          .map(inserted -> new Imported(rows.size()));
    }

    @Override
    public void discard() {
      discarded.incrementAndGet();
    }
  }
}
