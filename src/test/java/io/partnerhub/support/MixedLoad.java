package io.partnerhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady mixed load on one PartnerHub over real HTTP: at a fixed rate, each tick sends one random
 * read or write for the next tenant in turn, with at most {@code maxInFlight} requests open (a tick
 * finding none free is counted as skipped, never queued). Records every answer and each write
 * acknowledged with 2xx. A tenant whose session ended (401) logs in again, as a real client would.
 */
public final class MixedLoad implements AutoCloseable {
  /**
   * The client's own limit: far above the service's bus timeout, so a hang shows up as a latency.
   */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  public enum Operation {
    LOGIN(false, false),
    CREATE_PARTNER(true, false),
    UPSERT_CONFIGURATION(true, false),
    LIST_PARTNERS(false, false),
    GET_PARTNER(false, false),
    LIST_CONFIGURATIONS(false, true),
    DASHBOARD(false, true);

    public final boolean write;

    /** A read the service may answer from its Redis cache when PostgreSQL is away. */
    public final boolean cached;

    Operation(boolean write, boolean cached) {
      this.write = write;
      this.cached = cached;
    }
  }

  /**
   * One answer: when its request started (ms since the load started), how long it took, what came
   * back.
   */
  public record Result(
      Operation operation,
      long startedMs,
      long latencyMs,
      int status,
      String errorCode,
      boolean errorShaped,
      String failure) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public long endedMs() {
      return startedMs + latencyMs;
    }
  }

  /**
   * One tenant's caller: its credentials, its current token and what the service acknowledged to
   * it.
   */
  public static final class LoadTenant {
    public final UUID organizationId;
    final String subdomain;
    final String email;

    /** Ids of the partners created with 201. */
    public final Set<UUID> partners = ConcurrentHashMap.newKeySet();

    /**
     * Configuration key to the value written with 200 or 201 (category {@code load}, one key per
     * write).
     */
    public final Map<String, String> configurations = new ConcurrentHashMap<>();

    private CompletableFuture<String> token;

    LoadTenant(UUID organizationId, String subdomain, String email) {
      this.organizationId = organizationId;
      this.subdomain = subdomain;
      this.email = email;
    }
  }

  private static final Operation[] MIX = {
    Operation.CREATE_PARTNER,
    Operation.CREATE_PARTNER,
    Operation.UPSERT_CONFIGURATION,
    Operation.LIST_PARTNERS,
    Operation.LIST_PARTNERS,
    Operation.GET_PARTNER,
    Operation.GET_PARTNER,
    Operation.LIST_CONFIGURATIONS,
    Operation.LIST_CONFIGURATIONS,
    Operation.DASHBOARD
  };

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private final List<LoadTenant> tenants;
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final long origin = System.nanoTime();
  private int turn;

  private MixedLoad(String baseUrl, List<LoadTenant> tenants, int maxInFlight) {
    this.baseUrl = baseUrl;
    this.tenants = tenants;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /** Starts sending {@code perSecond} requests a second until {@link #stop()}. */
  public static MixedLoad start(
      String baseUrl, List<LoadTenant> tenants, int perSecond, int maxInFlight) {
    MixedLoad load = new MixedLoad(baseUrl, tenants, maxInFlight);
    load.ticker.scheduleAtFixedRate(load::tick, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    return load;
  }

  /** A fresh organization provisioned on the app at {@code baseUrl}, logged in. */
  public static LoadTenant provision(String baseUrl) {
    String subdomain = "load-" + UUID.randomUUID().toString().substring(0, 12);
    String email = "admin@" + subdomain + ".test";
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/organizations"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("X-Platform-Key", TestApp.PLATFORM_KEY)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject()
                        .put("name", "Org " + subdomain)
                        .put("subdomain", subdomain)
                        .put("adminEmail", email)
                        .put("adminPassword", Tenant.PASSWORD)
                        .encode()))
            .build();
    try {
      HttpResponse<String> created = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      UUID organizationId =
          UUID.fromString(
              new JsonObject(created.body()).getJsonObject("organization").getString("id"));
      return new LoadTenant(organizationId, subdomain, email);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Milliseconds since the load started: the clock of {@link Result#startedMs()}. */
  public long now() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
  }

  public List<Result> results() {
    return new ArrayList<>(results);
  }

  /** Ticks that found {@code maxInFlight} requests open and sent nothing. */
  public long skipped() {
    return skipped.get();
  }

  /**
   * Stops sending and waits for the requests still open (each ends within {@link
   * #REQUEST_TIMEOUT}).
   */
  public void stop() {
    ticker.shutdownNow();
    try {
      if (inFlight.tryAcquire(maxInFlight, REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
        inFlight.release(maxInFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void tick() {
    if (!inFlight.tryAcquire()) {
      skipped.incrementAndGet();
      return;
    }
    LoadTenant tenant = tenants.get(turn++ % tenants.size());
    Operation operation = MIX[ThreadLocalRandom.current().nextInt(MIX.length)];
    try {
      token(tenant)
          .thenCompose(token -> run(tenant, operation, token))
          .whenComplete((done, failure) -> inFlight.release());
    } catch (RuntimeException e) {
      // recorded rather than thrown: an exception would silently cancel the schedule and end the
      // load
      results.add(new Result(operation, now(), 0, -1, null, false, e.toString()));
      inFlight.release();
    }
  }

  private CompletableFuture<Void> run(LoadTenant tenant, Operation operation, String token) {
    long n = sequence.incrementAndGet();
    return switch (operation) {
      case CREATE_PARTNER ->
          send(
                  operation,
                  "POST",
                  "/partners",
                  token,
                  new JsonObject()
                      .put("name", "Load partner " + n)
                      .put("type", "reseller")
                      .put("tier", "gold")
                      .put("status", "active"))
              .thenAccept(
                  reply -> {
                    if (reply.result.status() == 201) {
                      tenant.partners.add(UUID.fromString(reply.body.getString("id")));
                    }
                    sessionCheck(tenant, token, reply.result);
                  });
      case UPSERT_CONFIGURATION -> {
        String key = "k" + n;
        String value = "v" + n;
        yield send(
                operation,
                "PUT",
                "/configurations",
                token,
                new JsonObject()
                    .put("category", "load")
                    .put("key", key)
                    .put("value", value)
                    .put("dataType", "string"))
            .thenAccept(
                reply -> {
                  if (reply.result.ok()) {
                    tenant.configurations.put(key, value);
                  }
                  sessionCheck(tenant, token, reply.result);
                });
      }
      case GET_PARTNER -> {
        UUID partner =
            tenant.partners.stream()
                .skip(ThreadLocalRandom.current().nextInt(Math.max(1, tenant.partners.size())))
                .findFirst()
                .orElse(null);
        yield partner == null
            ? run(tenant, Operation.LIST_PARTNERS, token)
            : send(operation, "GET", "/partners/" + partner, token, null)
                .thenAccept(reply -> sessionCheck(tenant, token, reply.result));
      }
      case LIST_PARTNERS ->
          send(operation, "GET", "/partners?limit=20", token, null)
              .thenAccept(reply -> sessionCheck(tenant, token, reply.result));
      case LIST_CONFIGURATIONS ->
          send(operation, "GET", "/configurations?category=load&limit=20", token, null)
              .thenAccept(reply -> sessionCheck(tenant, token, reply.result));
      case DASHBOARD ->
          send(operation, "GET", "/dashboard", token, null)
              .thenAccept(reply -> sessionCheck(tenant, token, reply.result));
      case LOGIN -> throw new IllegalArgumentException("login is not a load operation");
    };
  }

  /** The tenant's token, logging in first when it has none (or the last login failed). */
  private CompletableFuture<String> token(LoadTenant tenant) {
    synchronized (tenant) {
      if (tenant.token == null || tenant.token.isCompletedExceptionally()) {
        tenant.token =
            send(
                    Operation.LOGIN,
                    "POST",
                    "/auth/login",
                    null,
                    new JsonObject()
                        .put("email", tenant.email)
                        .put("password", Tenant.PASSWORD)
                        .put("subdomain", tenant.subdomain))
                .thenApply(
                    reply -> {
                      if (!reply.result.ok()) {
                        throw new IllegalStateException("login answered " + reply.result.status());
                      }
                      return reply.body.getString("token");
                    });
      }
      return tenant.token;
    }
  }

  /**
   * A 401 means the session ended (Redis lost it): the next request of this tenant logs in again.
   */
  private static void sessionCheck(LoadTenant tenant, String token, Result result) {
    if (result.status() == 401) {
      synchronized (tenant) {
        if (tenant.token != null && token.equals(tenant.token.getNow(null))) {
          tenant.token = null;
        }
      }
    }
  }

  private record Reply(Result result, JsonObject body) {}

  private CompletableFuture<Reply> send(
      Operation operation, String method, String path, String token, JsonObject body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(REQUEST_TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    long startedMs = now();
    long start = System.nanoTime();
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
              Reply reply;
              if (failure != null) {
                reply =
                    new Reply(
                        new Result(
                            operation, startedMs, latencyMs, -1, null, false, failure.toString()),
                        null);
              } else {
                JsonObject json = parse(response.body());
                boolean shaped =
                    json != null
                        && json.getValue("error") instanceof String
                        && json.getValue("message") instanceof String
                        && json.getValue("requestId") instanceof String;
                reply =
                    new Reply(
                        new Result(
                            operation,
                            startedMs,
                            latencyMs,
                            response.statusCode(),
                            shaped ? json.getString("error") : null,
                            shaped,
                            null),
                        json);
              }
              results.add(reply.result);
              return reply;
            });
  }

  private static JsonObject parse(String text) {
    try {
      return text == null || text.isBlank() ? null : new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
