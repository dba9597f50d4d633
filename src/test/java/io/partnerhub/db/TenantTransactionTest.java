package io.partnerhub.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnerhub.kernel.ServiceException;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.support.TestDb;
import io.partnerhub.support.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Database.inTenant on a pool of exactly one connection, so every transaction below reuses the same
 * connection: the tenant setting, a failed transaction's writes and its aborted state never outlive
 * it.
 */
class TenantTransactionTest {
  private static Vertx vertx;
  private static Database database;
  private static Tenant a;
  private static Tenant b;

  @BeforeAll
  static void onePooledConnection() {
    a = Tenant.create();
    b = Tenant.create();
    vertx = Vertx.vertx();
    DbUrl appRole =
        TestServers.ownerUrl().withCredentials("partnerhub_app", TestApp.APP_ROLE_PASSWORD);
    database = Database.connect(vertx, appRole, 1, 16);
  }

  @AfterAll
  static void close() {
    database.close().await();
    vertx.close().await();
  }

  private static String organizationsSeen(UUID organizationId) {
    return database
        .inTenant(
            organizationId,
            conn ->
                conn.query(
                        "SELECT string_agg(id::text, ',') AS ids, current_setting('app.current_organization_id', true) AS setting"
                            + " FROM organizations")
                    .execute()
                    .map(
                        rows -> {
                          Row row = rows.iterator().next();
                          return row.getString("ids") + "|" + row.getString("setting");
                        }))
        .await();
  }

  @Test
  void tenantAThenTenantBOnTheSameConnectionEachSeeOnlyTheirOwn() {
    assertThat(organizationsSeen(a.organizationId()))
        .isEqualTo(a.organizationId() + "|" + a.organizationId());
    assertThat(organizationsSeen(b.organizationId()))
        .isEqualTo(b.organizationId() + "|" + b.organizationId());
    assertThat(organizationsSeen(a.organizationId()))
        .isEqualTo(a.organizationId() + "|" + a.organizationId());
  }

  @Test
  void aFailedTransactionWritesNothingAndLeavesTheConnectionCleanForTheNext() {
    String key = "rolled-back-" + UUID.randomUUID();
    Future<Object> failed =
        database.inTenant(
            a.organizationId(),
            conn ->
                conn.preparedQuery(
                        "INSERT INTO configurations (organization_id, category, key, data_type) VALUES ($1, 'tx', $2, 'string')")
                    .execute(Tuple.of(a.organizationId(), key))
                    .compose(inserted -> conn.query("SELECT 1/0").execute())
                    .map(rows -> (Object) rows));
    assertThat(failed.toCompletionStage().toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(ServiceException.class);
    assertThat(TestDb.count("SELECT count(*) FROM configurations WHERE key = ?", key)).isZero();

    // the same single connection answers (it is not left in the aborted transaction) as B, without
    // A's setting
    assertThat(organizationsSeen(b.organizationId()))
        .isEqualTo(b.organizationId() + "|" + b.organizationId());
  }
}
