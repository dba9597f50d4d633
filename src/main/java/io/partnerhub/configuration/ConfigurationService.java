package io.partnerhub.configuration;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.ReadCache;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.configuration.ConfigurationApi.AuditEntry;
import io.partnerhub.configuration.ConfigurationApi.Configuration;
import io.partnerhub.configuration.ConfigurationApi.ConfigurationHistory;
import io.partnerhub.configuration.ConfigurationApi.ConfigurationPage;
import io.partnerhub.configuration.ConfigurationApi.ConfigurationValue;
import io.partnerhub.configuration.ConfigurationApi.DeleteConfiguration;
import io.partnerhub.configuration.ConfigurationApi.EffectivePage;
import io.partnerhub.configuration.ConfigurationApi.GetConfigurationValue;
import io.partnerhub.configuration.ConfigurationApi.HistoryPage;
import io.partnerhub.configuration.ConfigurationApi.ListConfigurations;
import io.partnerhub.configuration.ConfigurationApi.ListEffectiveConfigurations;
import io.partnerhub.configuration.ConfigurationApi.UpsertConfiguration;
import io.partnerhub.configuration.ConfigurationApi.UpsertResult;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.Versions;
import io.partnerhub.user.Grants;
import io.partnerhub.user.Roles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Configuration use cases. Reads go through the per-organization Redis cache; every write is
 * validated first, audited in the same transaction, and invalidates the organization's cached reads
 * after commit.
 */
final class ConfigurationService {
  private final Database database;
  private final ConfigurationRepository repository = new ConfigurationRepository();
  private final ConfigurationValidator validator;
  private final TenantConfiguration tenantConfiguration;
  private final ReadCache cache;
  private final SessionStore sessions;

  ConfigurationService(
      Database database,
      ConfigurationValidator validator,
      TenantConfiguration tenantConfiguration,
      ReadCache cache,
      SessionStore sessions) {
    this.database = database;
    this.validator = validator;
    this.tenantConfiguration = tenantConfiguration;
    this.cache = cache;
    this.sessions = sessions;
  }

  Future<ConfigurationPage> list(ListConfigurations request) {
    int limit = Paging.limit(request.limit());
    JsonArray after = Paging.decodeCursor(request.cursor(), 2);
    String cacheKey = "list:" + request.category() + ":" + limit + ":" + request.cursor();
    UUID organizationId = request.context().organizationId();
    return cache.getOrLoad(
        organizationId,
        cacheKey,
        ConfigurationPage.class,
        () ->
            database
                .inTenant(
                    organizationId,
                    conn ->
                        repository.list(
                            conn,
                            request.category(),
                            after == null ? "" : after.getString(0),
                            after == null ? "" : after.getString(1),
                            limit + 1))
                .map(rows -> page(rows, limit)));
  }

  private static ConfigurationPage page(List<Configuration> rows, int limit) {
    Paging.Slice<Configuration> page =
        Paging.slice(rows, limit, last -> new Object[] {last.category(), last.key()});
    return new ConfigurationPage(page.items(), page.nextCursor());
  }

  Future<ConfigurationValue> getValue(GetConfigurationValue request) {
    UUID organizationId = request.context().organizationId();
    return cache
        .getOrLoad(
            organizationId,
            "row:" + request.category() + ":" + request.key(),
            Configuration.class,
            () ->
                database.inTenant(
                    organizationId,
                    conn -> repository.find(conn, request.category(), request.key(), false)))
        .map(
            found -> {
              ConfigurationValue effective =
                  tenantConfiguration.effective(
                      request.category(),
                      request.key(),
                      found == null ? null : found.value(),
                      found == null ? null : found.defaultValue());
              if (effective != null) {
                return effective;
              }
              if (request.fallback() != null) {
                return new ConfigurationValue(
                    request.category(), request.key(), request.fallback(), "fallback");
              }
              throw ServiceException.notFound(
                  "Configuration " + request.category() + "/" + request.key());
            });
  }

  Future<EffectivePage> listEffective(ListEffectiveConfigurations request) {
    if (request.category() == null) {
      throw ServiceException.validation("effective=true needs a category", null);
    }
    int limit = Paging.limit(request.limit());
    JsonArray after = Paging.decodeCursor(request.cursor(), 1);
    String afterKey = after == null ? "" : String.valueOf(after.getValue(0));
    UUID organizationId = request.context().organizationId();
    return cache.getOrLoad(
        organizationId,
        "effective:" + request.category() + ":" + limit + ":" + request.cursor(),
        EffectivePage.class,
        () ->
            database
                .inTenant(
                    organizationId,
                    conn ->
                        tenantConfiguration.effective(
                            conn, request.category(), afterKey, limit + 1))
                .map(
                    settings -> {
                      Paging.Slice<ConfigurationValue> page =
                          Paging.slice(settings, limit, last -> new Object[] {last.key()});
                      return new EffectivePage(page.items(), page.nextCursor());
                    }));
  }

  Future<UpsertResult> upsert(UpsertConfiguration request) {
    validator.check(request);
    TenantContext context = request.context();
    if (TenantConfiguration.ROLES.equals(request.category())) {
      Grants.requireHolds(context, definedPermissions(request), "define role " + request.key());
    }
    return database
        .inTenant(
            context.organizationId(),
            conn ->
                repository
                    .find(conn, request.category(), request.key(), true)
                    .compose(
                        existing -> {
                          Versions.check(
                              "configuration",
                              existing == null ? null : existing.version(),
                              request.expectedVersion());
                          Future<UpsertResult> written =
                              existing == null
                                  ? repository
                                      .insert(
                                          conn, context.organizationId(), context.userId(), request)
                                      .compose(
                                          created ->
                                              repository
                                                  .audit(
                                                      conn,
                                                      context.organizationId(),
                                                      context.userId(),
                                                      "created",
                                                      null,
                                                      created)
                                                  .map(audited -> new UpsertResult(created, true)))
                                  : repository
                                      .update(conn, existing.id(), context.userId(), request)
                                      .compose(
                                          updated ->
                                              repository
                                                  .audit(
                                                      conn,
                                                      context.organizationId(),
                                                      context.userId(),
                                                      "updated",
                                                      existing,
                                                      updated)
                                                  .map(
                                                      audited -> new UpsertResult(updated, false)));
                          return written.compose(
                              result ->
                                  usersHoldingRole(conn, request.category(), request.key())
                                      .map(users -> new Written<>(result, users)));
                        }))
        .compose(written -> afterCommit(context, written));
  }

  Future<Void> delete(DeleteConfiguration request) {
    TenantContext context = request.context();
    if (TenantConfiguration.ROLES.equals(request.category())) {
      // deleting an override gives the role its built-in permissions back (none for a custom role)
      Grants.requireHolds(
          context, Roles.permissionsOf(request.key()), "restore role " + request.key());
    }
    return database
        .inTenant(
            context.organizationId(),
            conn ->
                repository
                    .find(conn, request.category(), request.key(), true)
                    .compose(
                        existing -> {
                          if (existing == null) {
                            throw ServiceException.notFound(
                                "Configuration " + request.category() + "/" + request.key());
                          }
                          Versions.check(
                              "configuration",
                              existing == null ? null : existing.version(),
                              request.expectedVersion());
                          return repository
                              .delete(conn, existing.id())
                              .compose(
                                  deleted ->
                                      repository.audit(
                                          conn,
                                          context.organizationId(),
                                          context.userId(),
                                          "deleted",
                                          existing,
                                          null))
                              .compose(
                                  audited ->
                                      usersHoldingRole(conn, request.category(), request.key()))
                              .map(users -> new Written<Void>(null, users));
                        }))
        .compose(written -> afterCommit(context, written));
  }

  /**
   * Every permission a role definition can give: its value's and its defaultValue's (either may be
   * in effect, see Roles.effectivePermissions), or the built-in set when it sets neither.
   */
  private static Set<String> definedPermissions(UpsertConfiguration request) {
    if (request.value() == null && request.defaultValue() == null) {
      return Roles.permissionsOf(request.key());
    }
    Set<String> permissions = new TreeSet<>();
    for (Object definition : new Object[] {request.value(), request.defaultValue()}) {
      if (definition != null) {
        permissions.addAll(Roles.effectivePermissions(request.key(), definition));
      }
    }
    return permissions;
  }

  /** A committed write and the users whose permissions it changed (a role override). */
  private record Written<T>(T result, List<UUID> usersToSignOut) {}

  private Future<List<UUID>> usersHoldingRole(
      io.vertx.sqlclient.SqlConnection conn, String category, String key) {
    return TenantConfiguration.ROLES.equals(category)
        ? repository.usersWithRole(conn, key)
        : Future.succeededFuture(List.of());
  }

  /**
   * After commit: drop the tenant's cached reads and end the sessions of users whose role changed,
   * so new permissions apply at once (sessions carry the permissions resolved at login).
   */
  private <T> Future<T> afterCommit(TenantContext context, Written<T> written) {
    return cache
        .invalidate(context.organizationId())
        .compose(
            invalidated ->
                Future.all(written.usersToSignOut().stream().map(sessions::revokeUser).toList()))
        .map(written.result());
  }

  Future<HistoryPage> history(ConfigurationHistory request) {
    return database.inTenant(
        request.context().organizationId(),
        conn ->
            Paging.TimeKey.page(
                    request.limit(),
                    request.cursor(),
                    (before, rows) ->
                        repository.history(
                            conn,
                            request.category(),
                            request.key(),
                            before.time(),
                            before.id(),
                            rows),
                    AuditEntry::changedAt,
                    AuditEntry::id)
                .map(page -> new HistoryPage(page.items(), page.nextCursor())));
  }
}
