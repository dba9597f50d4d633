package io.partnerhub.configuration;

import io.partnerhub.configuration.ConfigurationApi.AuditEntry;
import io.partnerhub.configuration.ConfigurationApi.Configuration;
import io.partnerhub.configuration.ConfigurationApi.UpsertConfiguration;
import io.partnerhub.db.Rows;
import io.partnerhub.kernel.Jsons;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of configurations and their audit trail. Runs inside a tenant transaction (RLS-scoped). */
final class ConfigurationRepository {
  private static final String COLUMNS =
      "id, category, key, value::text AS value, default_value::text AS default_value,"
          + " data_type, is_required, validation_rules::text AS validation_rules, version, created_at, updated_at, updated_by";

  /**
   * Rows after ({@code afterCategory}, {@code afterKey}), in (category, key) order; category null =
   * all.
   */
  Future<List<Configuration>> list(
      SqlConnection conn, String category, String afterCategory, String afterKey, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM configurations"
                + " WHERE ($1::text IS NULL OR category = $1) AND (category, key) > ($2, $3)"
                + " ORDER BY category, key LIMIT $4")
        .execute(Tuple.of(category, afterCategory, afterKey, limit))
        .map(ConfigurationRepository::configurations);
  }

  /** A stored key's value and default, either of which may be null. */
  record StoredValue(String key, Object value, Object defaultValue) {}

  /**
   * The keys of a category that store a value or a default, in key order (byte order) after {@code
   * afterKey}.
   */
  Future<List<StoredValue>> storedValues(
      SqlConnection conn, String category, String afterKey, Integer limit) {
    return conn.preparedQuery(
            "SELECT key, value::text AS value, default_value::text AS default_value FROM configurations"
                + " WHERE category = $1 AND key COLLATE \"C\" > $2 AND (value IS NOT NULL OR default_value IS NOT NULL)"
                + " ORDER BY key COLLATE \"C\" LIMIT $3")
        .execute(Tuple.of(category, afterKey, limit))
        .map(
            rows -> {
              List<StoredValue> values = new ArrayList<>();
              for (Row row : rows) {
                values.add(
                    new StoredValue(
                        row.getString("key"),
                        Jsons.decode(row.getString("value")),
                        Jsons.decode(row.getString("default_value"))));
              }
              return values;
            });
  }

  Future<Configuration> find(SqlConnection conn, String category, String key, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM configurations WHERE category = $1 AND key = $2"
                + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(category, key))
        .map(rows -> Rows.first(configurations(rows)));
  }

  Future<Configuration> insert(
      SqlConnection conn, UUID organizationId, UUID userId, UpsertConfiguration input) {
    return conn.preparedQuery(
            "INSERT INTO configurations (organization_id, category, key, value, default_value,"
                + " data_type, is_required, validation_rules, updated_by)"
                + " VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6, $7, $8::text::jsonb, $9) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                organizationId,
                input.category(),
                input.key(),
                json(input.value()),
                json(input.defaultValue()),
                input.dataType(),
                Boolean.TRUE.equals(input.isRequired()),
                json(input.validationRules()),
                userId))
        .map(rows -> Rows.first(configurations(rows)));
  }

  Future<Configuration> update(
      SqlConnection conn, UUID id, UUID userId, UpsertConfiguration input) {
    return conn.preparedQuery(
            "UPDATE configurations SET value = $2::text::jsonb, default_value = $3::text::jsonb, data_type = $4,"
                + " is_required = $5, validation_rules = $6::text::jsonb, updated_by = $7, version = version + 1,"
                + " updated_at = clock_timestamp()"
                + " WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                id,
                json(input.value()),
                json(input.defaultValue()),
                input.dataType(),
                Boolean.TRUE.equals(input.isRequired()),
                json(input.validationRules()),
                userId))
        .map(rows -> Rows.first(configurations(rows)));
  }

  Future<Void> delete(SqlConnection conn, UUID id) {
    return conn.preparedQuery("DELETE FROM configurations WHERE id = $1")
        .execute(Tuple.of(id))
        .mapEmpty();
  }

  Future<List<UUID>> usersWithRole(SqlConnection conn, String role) {
    return conn.preparedQuery("SELECT id FROM users WHERE role = $1")
        .execute(Tuple.of(role))
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(row -> ids.add(row.getUUID("id")));
              return ids;
            });
  }

  /** Appends one audit row; before/after are full snapshots (null when created or deleted). */
  Future<Void> audit(
      SqlConnection conn,
      UUID organizationId,
      UUID userId,
      String action,
      Configuration before,
      Configuration after) {
    Configuration subject = after != null ? after : before;
    return conn.preparedQuery(
            "INSERT INTO configuration_audit (organization_id, configuration_id, category, key, action,"
                + " before_state, after_state, changed_by) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8)")
        .execute(
            Tuple.of(
                organizationId,
                subject.id(),
                subject.category(),
                subject.key(),
                action,
                json(snapshot(before)),
                json(snapshot(after)),
                userId))
        .mapEmpty();
  }

  /**
   * Audit rows of one configuration, newest first, before the (changedAt, id) position when given.
   */
  Future<List<AuditEntry>> history(
      SqlConnection conn,
      String category,
      String key,
      OffsetDateTime beforeTime,
      UUID beforeId,
      int limit) {
    return conn.preparedQuery(
            "SELECT id, action, before_state::text AS before_state, after_state::text AS after_state,"
                + " changed_by, changed_at FROM configuration_audit WHERE category = $1 AND key = $2"
                + " AND ($3::timestamptz IS NULL OR (changed_at, id) < ($3, $4))"
                + " ORDER BY changed_at DESC, id DESC LIMIT $5")
        .execute(Tuple.of(category, key, beforeTime, beforeId, limit))
        .map(
            rows -> {
              List<AuditEntry> entries = new ArrayList<>();
              for (Row row : rows) {
                entries.add(
                    new AuditEntry(
                        row.getUUID("id"),
                        row.getString("action"),
                        Jsons.decode(row.getString("before_state")),
                        Jsons.decode(row.getString("after_state")),
                        row.getUUID("changed_by"),
                        row.getOffsetDateTime("changed_at").toInstant()));
              }
              return entries;
            });
  }

  private static JsonObject snapshot(Configuration configuration) {
    if (configuration == null) {
      return null;
    }
    return new JsonObject()
        .put("value", configuration.value())
        .put("defaultValue", configuration.defaultValue())
        .put("dataType", configuration.dataType())
        .put("isRequired", configuration.isRequired())
        .put("validationRules", configuration.validationRules())
        .put("version", configuration.version());
  }

  /** JSON text for a jsonb parameter; SQL NULL for an absent value. */
  private static String json(Object value) {
    return value == null ? null : Jsons.encode(value);
  }

  private static List<Configuration> configurations(RowSet<Row> rows) {
    List<Configuration> items = new ArrayList<>(rows.size());
    for (Row row : rows) {
      items.add(
          new Configuration(
              row.getUUID("id"),
              row.getString("category"),
              row.getString("key"),
              Jsons.decode(row.getString("value")),
              Jsons.decode(row.getString("default_value")),
              row.getString("data_type"),
              row.getBoolean("is_required"),
              Jsons.decode(row.getString("validation_rules")),
              row.getInteger("version"),
              row.getOffsetDateTime("created_at").toInstant(),
              row.getOffsetDateTime("updated_at").toInstant(),
              row.getUUID("updated_by")));
    }
    return items;
  }
}
