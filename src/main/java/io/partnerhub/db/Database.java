package io.partnerhub.db;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The app role's connection pool and the one way to run SQL for a tenant: a transaction whose first
 * statement sets {@code app.current_organization_id} locally, so row-level security scopes every
 * query and a pooled connection never carries the setting past the transaction.
 */
public final class Database {
  private static final String SET_TENANT =
      "SELECT set_config('app.current_organization_id', $1, true),"
          + " set_config('app.current_partner_id', $2, true),"
          + " set_config('app.current_user_id', $3, true)";
  private static final String LIST_ALL_ORGANIZATIONS =
      "SELECT set_config('app.all_organizations', 'on', true)";
  private static final String SET_TENANT_FOR_JOB =
      "SELECT set_config('app.current_organization_id', $1, true),"
          + " set_config('app.current_partner_id', '', true), set_config('app.jobs', 'on', true)";
  private static final String SET_LOOKUP_SUBDOMAIN =
      "SELECT set_config('app.lookup_subdomain', $1, true)";
  private static final String SET_FLAGS =
      "SELECT set_config('app.' || flag, 'on', true) FROM unnest($1::text[]) AS flag";
  private final Pool pool;

  private Database(Pool pool) {
    this.pool = pool;
  }

  /** A pool of its own (tools, tests, the CLI). */
  public static Database connect(Vertx vertx, DbUrl url, int poolSize, int waitQueue) {
    return open(
        vertx,
        url.connectOptions(),
        new PoolOptions().setMaxSize(poolSize).setMaxWaitQueueSize(waitQueue));
  }

  /**
   * A small pool of its own whose connections show as {@code name} in pg_stat_activity: for a job
   * that must not queue behind requests in the shared pool (the outbox relay).
   */
  public static Database dedicated(Vertx vertx, DbUrl url, String name, int poolSize) {
    return open(
        vertx,
        url.connectOptions().addProperty("application_name", name),
        new PoolOptions().setMaxSize(poolSize));
  }

  /**
   * A lease on this node's one pool, {@code name}d (also the connections' application_name, as
   * pg_stat_activity shows it): the first lease opens it, every verticle instance borrows from the
   * same {@code poolSize} connections, and Vert.x closes it when the last lease closes.
   */
  public static Database shared(Vertx vertx, DbUrl url, String name, int poolSize, int waitQueue) {
    return open(
        vertx,
        url.connectOptions().addProperty("application_name", name),
        new PoolOptions()
            .setShared(true)
            .setName(name)
            .setMaxSize(poolSize)
            .setMaxWaitQueueSize(waitQueue));
  }

  private static Database open(Vertx vertx, PgConnectOptions connect, PoolOptions pool) {
    connect.setCachePreparedStatements(true).setPipeliningLimit(256);
    pool.setConnectionTimeout(5).setIdleTimeout(300).setMaxLifetime(1800);
    return new Database(PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build());
  }

  /**
   * Runs {@code work} in one transaction scoped to the caller: its organization and, for a partner
   * user, its partner (RLS then hides every other partner's rows), and its user (whose own rows,
   * such as notifications, only it sees). Failures leave as ServiceExceptions.
   */
  public <T> Future<T> inTenant(TenantContext context, Function<SqlConnection, Future<T>> work) {
    return scoped(
        SET_TENANT,
        Tuple.of(
            context.organizationId().toString(), text(context.partnerId()), text(context.userId())),
        work);
  }

  /**
   * Runs {@code work} for the whole organization, every partner included: service-internal work
   * only.
   */
  public <T> Future<T> inTenant(UUID organizationId, Function<SqlConnection, Future<T>> work) {
    return scoped(SET_TENANT, Tuple.of(organizationId.toString(), "", ""), work);
  }

  private static String text(UUID id) {
    return id == null ? "" : id.toString();
  }

  /**
   * The ids of every organization (and nothing else of them): for jobs that visit each tenant in
   * turn.
   */
  public Future<List<UUID>> organizationIds() {
    return scoped(
        LIST_ALL_ORGANIZATIONS,
        Tuple.tuple(),
        conn ->
            conn.query("SELECT id FROM organizations")
                .execute()
                .map(
                    rows -> {
                      List<UUID> ids = new ArrayList<>();
                      rows.forEach(row -> ids.add(row.getUUID("id")));
                      return ids;
                    }));
  }

  /**
   * Runs {@code work} in a transaction with no tenant and the flags {@code app.<flag>} on: only
   * what the policies of cross-tenant jobs grant for those flags is visible (the webhook
   * dispatcher's claim, the relay's events, the jobs' own tables).
   */
  public <T> Future<T> withFlags(Function<SqlConnection, Future<T>> work, String... flags) {
    return scoped(SET_FLAGS, Tuple.tuple().addArrayOfString(flags), work);
  }

  /**
   * Runs {@code work} in a transaction that sees every tenant's events (and their sequence
   * counters), nothing else of any tenant: for the outbox relay, durable consumers and the purge.
   */
  public <T> Future<T> inEventLog(Function<SqlConnection, Future<T>> work) {
    return withFlags(work, "events_relay", "jobs");
  }

  /**
   * Runs {@code work} in a transaction with no tenant that may use the jobs' own tables (leases,
   * event cursors: {@code app.jobs = 'on'}); row-level security hides every tenant row.
   */
  public <T> Future<T> forJobs(Function<SqlConnection, Future<T>> work) {
    return withFlags(work, "jobs");
  }

  /**
   * As {@link #inTenant(UUID, Function)}, for a job that also moves its cursor in the transaction
   * (a durable consumer's effect).
   */
  public <T> Future<T> inTenantForJob(
      UUID organizationId, Function<SqlConnection, Future<T>> work) {
    return scoped(SET_TENANT_FOR_JOB, Tuple.of(organizationId.toString()), work);
  }

  /**
   * Runs {@code work} in a transaction that may read the one organization with this subdomain (and
   * nothing else): how login finds its tenant before any tenant is set.
   */
  public <T> Future<T> forSubdomainLookup(
      String subdomain, Function<SqlConnection, Future<T>> work) {
    return scoped(SET_LOOKUP_SUBDOMAIN, Tuple.of(subdomain), work);
  }

  /**
   * One transaction on a pooled connection, in as few round trips as the work allows: BEGIN, the
   * settings and the work's first statement leave together (pipelined on the connection, which runs
   * them in order), then COMMIT; on any failure ROLLBACK, so the connection goes back to the pool
   * clean.
   */
  private <T> Future<T> scoped(
      String settings, Tuple values, Function<SqlConnection, Future<T>> work) {
    return pool.getConnection()
        .compose(
            conn -> {
              Future<?> begin = conn.query("BEGIN").execute();
              Future<?> set = conn.preparedQuery(settings).execute(values);
              Future<T> result;
              try {
                result = work.apply(conn);
              } catch (RuntimeException e) {
                result = Future.failedFuture(e);
              }
              Future<T> outcome = result;
              return begin
                  .compose(begun -> set)
                  .compose(applied -> outcome)
                  .compose(
                      value -> conn.query("COMMIT").execute().map(value),
                      failure ->
                          conn.query("ROLLBACK")
                              .execute()
                              .transform(rolledBack -> Future.<T>failedFuture(failure)))
                  .onComplete(done -> conn.close());
            })
        .recover(
            failure -> {
              ServiceException known = toServiceException(failure);
              return Future.failedFuture(known != null ? known : failure);
            });
  }

  /** A query that touches no table: whether the database answers at all. */
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  public Future<Void> close() {
    return pool.close();
  }

  /**
   * Maps a database failure to what a caller can act on; SQL and SQLSTATE never leave this process.
   * Returns null for a failure that is a bug rather than a database condition (it is logged as
   * INTERNAL).
   */
  static ServiceException toServiceException(Throwable failure) {
    if (failure instanceof ServiceException known) {
      return known;
    }
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState();
      if ("23505".equals(state)) {
        return new ServiceException(FailureCode.CONFLICT, "A conflicting record already exists");
      }
      if ("40001".equals(state) || "40P01".equals(state)) {
        return new ServiceException(FailureCode.CONFLICT, "Concurrent update, try again");
      }
      if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
        return ServiceException.validation("The data was rejected by the database", null);
      }
      if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
        return unavailable();
      }
      return null;
    }
    return isUnreachable(failure) ? unavailable() : null;
  }

  /**
   * Connection refused, reset or closed, wait queue full, connection timeout: the database cannot
   * be reached now. Any I/O failure counts (a server that stops or restarts resets the connections
   * it had open), except a JSON encoding or decoding failure anywhere in the chain: Jackson's are
   * IOExceptions too, but they are about data that slipped past validation, a bug to answer as
   * INTERNAL, never an outage.
   */
  private static boolean isUnreachable(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = failure;
        cause != null && !chain.contains(cause);
        cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain.stream().noneMatch(Database::isDataError)
        && chain.stream().anyMatch(Database::isConnectionFailure);
  }

  private static boolean isDataError(Throwable failure) {
    return failure instanceof com.fasterxml.jackson.core.JacksonException
        || failure instanceof io.vertx.core.json.EncodeException
        || failure instanceof io.vertx.core.json.DecodeException;
  }

  private static boolean isConnectionFailure(Throwable failure) {
    return failure instanceof java.io.IOException
        || failure instanceof io.vertx.core.http.ConnectionPoolTooBusyException
        || failure instanceof io.vertx.sqlclient.ClosedConnectionException
        || failure instanceof io.netty.channel.ConnectTimeoutException
        || failure.getClass() == io.vertx.core.VertxException.class;
  }

  private static ServiceException unavailable() {
    return new ServiceException(FailureCode.UNAVAILABLE, "Database unavailable, try again");
  }
}
