package io.partnerhub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.partnerhub.PartnerHub;
import io.partnerhub.bus.ServiceBus;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.RedisStore;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.openapi.OpenApi;
import io.partnerhub.settings.Setting;
import io.partnerhub.settings.Settings;
import io.partnerhub.stream.DownloadStream;
import io.partnerhub.stream.StreamBus;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.RawHttp;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.partnerhub.user.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streamed operations end to end across two cluster nodes: node A runs HTTP and the binder, which
 * mounts the toy operations of streams-openapi.yaml as it mounts openapi.yaml (spec entry, stream
 * endpoint, service); node B runs the services and the toy CSV service. Chunks are watched on node
 * A's event bus as they arrive from node B.
 */
class StreamedOperationsTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int CHUNK = StreamBus.CHUNK_BYTES;
  private static final List<Integer> chunksAtHttpNode = new CopyOnWriteArrayList<>();
  private static PartnerHub httpNode;
  private static PartnerHub serviceNode;
  private static RowsService rows;
  private static HttpServer server;
  private static Tenant tenant;

  private static Settings node(String roles, String cluster, int hazelcastPort) {
    return TestApp.settings()
        .with(Setting.CLUSTER, true)
        .with(Setting.NODE_ROLES, roles)
        .with(Setting.CLUSTER_NAME, cluster)
        .with(Setting.CLUSTER_PORT, hazelcastPort)
        .with(Setting.CLUSTER_MEMBERS, "127.0.0.1:" + hazelcastPort)
        .with(Setting.BUS_TIMEOUT_MS, 3000)
        .with(Setting.HTTP_INSTANCES, 1);
  }

  @BeforeAll
  static void startNodes() throws IOException {
    TestApp.get();
    // a schema of its own: the isolation tests walk every table of the public schema as a tenant
    // table
    TestDb.update("CREATE SCHEMA IF NOT EXISTS stream_test");
    TestDb.update("GRANT USAGE ON SCHEMA stream_test TO partnerhub_app");
    TestDb.update(
        "CREATE TABLE IF NOT EXISTS "
            + RowsService.TABLE
            + " (organization_id uuid NOT NULL, line_no int NOT NULL, line text NOT NULL)");
    TestDb.update("GRANT SELECT, INSERT ON " + RowsService.TABLE + " TO partnerhub_app");
    int hazelcastPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      hazelcastPort = socket.getLocalPort();
    }
    String cluster = "ph-streams-" + UUID.randomUUID().toString().substring(0, 8);
    httpNode = TestApp.start(node("http", cluster, hazelcastPort));
    serviceNode = TestApp.start(node("services", cluster, hazelcastPort));
    for (PartnerHub node : List.of(httpNode, serviceNode)) {
      ServiceBus.registerCodecs(
          node.vertx(), List.of(RowsService.EXPORT.endpoint(), RowsService.IMPORT.endpoint()));
    }
    rows = new RowsService(serviceNode.config());
    serviceNode.vertx().deployVerticle(rows).await();
    server = serveStreams(httpNode.vertx(), httpNode.config());
    httpNode
        .vertx()
        .eventBus()
        .addInboundInterceptor(
            delivery -> {
              if (delivery.message().headers().contains("x-stream")
                  && delivery.message().body() instanceof Buffer chunk) {
                chunksAtHttpNode.add(chunk.length());
              }
              delivery.next();
            });
    tenant = Tenant.create();
  }

  /**
   * The binder over streams-openapi.yaml with the real authenticator, as HttpVerticle mounts
   * openapi.yaml. Small socket buffers make a slow reader's backpressure reach the server quickly.
   */
  private static HttpServer serveStreams(Vertx vertx, Settings config) {
    RedisStore redis = RedisStore.connect(vertx, config.require(Setting.REDIS_URL), 2);
    Authenticator authenticator =
        Authenticator.create(vertx, config, redis, new SessionStore(redis));
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              ctx.put(RequestScope.REQUEST_ID, RequestScope.newRequestId());
              ctx.next();
            });
    new OperationBinder(
            OpenApi.load(vertx.fileSystem(), "streams-openapi.yaml"),
            new BusExchange(vertx, config.integer(Setting.BUS_TIMEOUT_MS)),
            List.of(),
            List.of(RowsService.EXPORT, RowsService.IMPORT))
        .security("bearerAuth", authenticator)
        .mount(router);
    router.route().failureHandler(ErrorResponses::handle);
    return vertx
        .createHttpServer(
            new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSendBufferSize(32 * 1024))
        .requestHandler(router)
        .listen()
        .await();
  }

  @AfterAll
  static void stopNodes() {
    for (PartnerHub node : new PartnerHub[] {httpNode, serviceNode}) {
      if (node != null) {
        node.close().await();
      }
    }
  }

  private static String exportPath(int rowCount, int pieceBytes) {
    return "/api/v1/rows.csv?rows=" + rowCount + "&pieceBytes=" + pieceBytes;
  }

  private static HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .timeout(Duration.ofSeconds(60));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return HTTP.send(request, body);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> upload(String token, byte[] csv) {
    // from a stream: sent chunked, with no Content-Length, so only counting can find a body too
    // large
    return send(
        request("/api/v1/rows.csv", token)
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(csv)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A raw connection with a small receive window, so what the client has not read soon stops the
   * server.
   */
  private static Socket slowClient(String head) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(16 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", server.actualPort()));
    socket.setSoTimeout(20_000);
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  private static String getHead(String path) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + tenant.token()
        + "\r\nConnection: close\r\n\r\n";
  }

  private static String uploadHead(String token, String framing) {
    return "POST /api/v1/rows.csv HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + token
        + "\r\nContent-Type: text/csv\r\n"
        + framing
        + "\r\n\r\n";
  }

  private static long readAtLeast(InputStream in, long bytes) throws IOException {
    byte[] buffer = new byte[8192];
    long read = 0;
    while (read < bytes) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      read += n;
    }
    return read;
  }

  private static void awaitValue(IntSupplier value, int expected, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (value.getAsInt() < expected && System.nanoTime() < deadline) {
      sleep(20);
    }
    assertThat(value.getAsInt()).isGreaterThanOrEqualTo(expected);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static TenantContext contextOf(String role) {
    return TestApp.signed(
        new TenantContext(
            tenant.organizationId(), tenant.adminId(), role, Roles.permissionsOf(role), null));
  }

  private static DeliveryOptions busOptions() {
    return new DeliveryOptions().setSendTimeout(3000);
  }

  @Test
  void aDownloadOfManyMegabytesCrossesNodesCompleteAndInOrderInBoundedChunks() {
    int rowCount = 100_000;
    chunksAtHttpNode.clear();
    int closedBefore = rows.closed.get();

    // pieces larger than a chunk: the service cuts them
    HttpResponse<byte[]> response =
        send(
            request(exportPath(rowCount, 100_000), tenant.token()).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv");
    String expected = RowsService.csv(rowCount, tenant.organizationId());
    assertThat(expected.length()).isGreaterThan(5_000_000);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(chunksAtHttpNode).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(CHUNK));
    assertThat(chunksAtHttpNode.stream().mapToLong(Integer::longValue).sum())
        .isEqualTo(expected.length());
    assertThat(chunksAtHttpNode.size()).isGreaterThanOrEqualTo(expected.length() / CHUNK);
    awaitValue(rows.closed::get, closedBefore + 1, Duration.ofSeconds(2));
  }

  @Test
  void aSlowReaderKeepsTheServiceAtMostOneChunkAhead() throws IOException {
    int rowCount = 240_000;
    long total = RowsService.csv(rowCount, tenant.organizationId()).length();
    chunksAtHttpNode.clear();
    int producedBefore = rows.produced.get();
    int closedBefore = rows.closed.get();
    try (Socket socket = slowClient(getHead(exportPath(rowCount, CHUNK)))) {
      InputStream in = socket.getInputStream();
      long read = readAtLeast(in, 256 * 1024);

      sleep(1000);
      int produced = rows.produced.get() - producedBefore;
      sleep(1000);
      // the client has stopped reading: so has the service, one chunk at most ahead of the HTTP
      // node
      assertThat(rows.produced.get() - producedBefore).isEqualTo(produced);
      assertThat(produced - chunksAtHttpNode.size()).isBetween(0, 1);
      // and what it made beyond what the client read is socket buffers and one chunk, not the 16 MB
      // export
      assertThat((long) produced * CHUNK - read).isLessThan(1024 * 1024);
      assertThat(total).isGreaterThan(16L * 1024 * 1024);

      read += readAtLeast(in, Long.MAX_VALUE);
      assertThat(read).isGreaterThan(total);
    }
    assertThat(rows.produced.get() - producedBefore).isEqualTo((int) ((total + CHUNK - 1) / CHUNK));
    awaitValue(rows.closed::get, closedBefore + 1, Duration.ofSeconds(2));
  }

  @Test
  void aClientThatDisconnectsMidDownloadReleasesTheServiceStreamBeforeTheIdleTimeout()
      throws IOException {
    int closedBefore = rows.closed.get();
    try (Socket socket = slowClient(getHead(exportPath(220_000, CHUNK)))) {
      readAtLeast(socket.getInputStream(), 128 * 1024);
    }
    long closedAt = System.nanoTime();
    awaitValue(rows.closed::get, closedBefore + 1, RowsService.IDLE_TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(RowsService.IDLE_TIMEOUT);
  }

  @Test
  void aStreamNobodyReadsIsDroppedAtTheIdleTimeoutAndItsConversationIsGone() {
    int closedBefore = rows.closed.get();
    DownloadStream stream =
        StreamBus.download(
                httpNode.vertx(),
                RowsService.EXPORT,
                new RowsService.ExportRows(contextOf(Roles.ADMIN), 100_000, CHUNK),
                busOptions())
            .await();
    long openedAt = System.nanoTime();
    assertThat(stream.read().await().length()).isEqualTo(CHUNK);

    awaitValue(rows.closed::get, closedBefore + 1, RowsService.IDLE_TIMEOUT.plusSeconds(2));
    assertThat(Duration.ofNanos(System.nanoTime() - openedAt))
        .isGreaterThan(RowsService.IDLE_TIMEOUT.minusMillis(500));
    ServiceException gone =
        catchThrowableOfType(ServiceException.class, () -> stream.read().await());
    assertThat(gone.code()).isEqualTo(FailureCode.UNAVAILABLE);
  }

  @Test
  void anUploadCrossesNodesCompleteAndIsStoredInOneGo() {
    Tenant uploader = Tenant.create();
    String csv = RowsService.csv(40_000, uploader.organizationId());
    int acceptedBefore = rows.accepted.get();

    HttpResponse<String> response = upload(uploader.token(), csv.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getInteger("rows")).isEqualTo(40_000);
    assertThat(rows.accepted.get() - acceptedBefore).isGreaterThanOrEqualTo(csv.length() / CHUNK);
    assertThat(rows.largestAccepted.get()).isLessThanOrEqualTo(CHUNK);
    assertThat(
            TestDb.column(
                "SELECT string_agg(line, E'\\n' ORDER BY line_no) FROM "
                    + RowsService.TABLE
                    + " WHERE organization_id = ?",
                uploader.organizationId()))
        .containsExactly(csv.substring(0, csv.length() - 1));
  }

  @Test
  void anUploadOverItsLimitIs413AndNothingIsStored() throws IOException {
    Tenant uploader = Tenant.create();
    int acceptedBefore = rows.accepted.get();
    int discardedBefore = rows.discarded.get();
    byte[] piece = "x".repeat(8191).concat("\n").getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = slowClient(uploadHead(uploader.token(), "Transfer-Encoding: chunked"))) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  for (int i = 0; i < 640; i++) { // 5 MiB against a 4 MiB limit
                    out.write(
                        (Integer.toHexString(piece.length) + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(piece);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (IOException cutOff) {
                  // the server answered and closed: what the test expects
                }
              });
      writer.setDaemon(true);
      writer.start();
      RawHttp.Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).as(response.text()).isEqualTo(413);
      assertThat(response.json().getString("error")).isEqualTo("PAYLOAD_TOO_LARGE");
    }
    awaitValue(rows.discarded::get, discardedBefore + 1, Duration.ofSeconds(2));
    assertThat(rows.accepted.get() - acceptedBefore).isGreaterThan(0);
    assertThat(
            TestDb.count(
                "SELECT count(*) FROM " + RowsService.TABLE + " WHERE organization_id = ?",
                uploader.organizationId()))
        .isZero();
  }

  @Test
  void aDeclaredLengthOverTheLimitIs413BeforeTheServiceIsAsked() throws IOException {
    int openedBefore = rows.opened.get();
    try (Socket socket =
        slowClient(uploadHead(tenant.token(), "Content-Length: " + (4 * 1024 * 1024 + 1)))) {
      RawHttp.Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).as(response.text()).isEqualTo(413);
      assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
    }
    assertThat(rows.opened.get()).isEqualTo(openedBefore);
  }

  @Test
  void theTenantContextIsEnforcedAtTheEdgeAndAgainByTheService() {
    int openedBefore = rows.opened.get();
    String viewer = Fixtures.userToken(tenant, Roles.VIEWER, null);

    assertThat(upload(null, "a\n".getBytes(StandardCharsets.US_ASCII)).statusCode()).isEqualTo(401);
    HttpResponse<String> forbidden = upload(viewer, "a\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(forbidden.body()).getString("error")).isEqualTo("FORBIDDEN");

    // straight on the bus, past the edge's check: the service checks the same
    ServiceException noPermission =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                StreamBus.upload(
                        httpNode.vertx(),
                        RowsService.IMPORT,
                        new RowsService.ImportRows(contextOf(Roles.VIEWER)),
                        busOptions())
                    .await());
    assertThat(noPermission.code()).isEqualTo(FailureCode.FORBIDDEN);
    ServiceException noContext =
        catchThrowableOfType(
            ServiceException.class,
            () ->
                StreamBus.download(
                        httpNode.vertx(),
                        RowsService.EXPORT,
                        new RowsService.ExportRows(null, 1, CHUNK),
                        busOptions())
                    .await());
    assertThat(noContext.code()).isEqualTo(FailureCode.UNAUTHENTICATED);
    assertThat(rows.opened.get()).isEqualTo(openedBefore);
  }
}
