package io.partnerhub.configuration;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.Jsons;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event-bus API of tenant configuration. JSON values ({@code value}, {@code defaultValue}, {@code
 * validationRules}) are JsonObject, JsonArray, String, Number, Boolean or null.
 */
public final class ConfigurationApi {
  private ConfigurationApi() {}

  public static final String READ = "configurations:read";
  public static final String WRITE = "configurations:write";

  public record Configuration(
      UUID id,
      String category,
      String key,
      Object value,
      Object defaultValue,
      String dataType,
      boolean isRequired,
      Object validationRules,
      int version,
      Instant createdAt,
      Instant updatedAt,
      UUID updatedBy) {
    public Configuration {
      value = Jsons.wrap(value);
      defaultValue = Jsons.wrap(defaultValue);
      validationRules = Jsons.wrap(validationRules);
    }
  }

  public record ListConfigurations(
      TenantContext context, String category, Integer limit, String cursor)
      implements TenantRequest {}

  public record ConfigurationPage(List<Configuration> items, String nextCursor) {}

  /**
   * Creates or replaces one configuration; {@code expectedVersion} (If-Match) guards against lost
   * updates.
   */
  public record UpsertConfiguration(
      TenantContext context,
      String category,
      String key,
      Object value,
      Object defaultValue,
      String dataType,
      Boolean isRequired,
      Object validationRules,
      Integer expectedVersion)
      implements TenantRequest {
    public UpsertConfiguration {
      value = Jsons.wrap(value);
      defaultValue = Jsons.wrap(defaultValue);
      validationRules = Jsons.wrap(validationRules);
    }
  }

  public record UpsertResult(Configuration configuration, boolean created) {}

  /**
   * Reads one effective value: the stored value, the stored default, the built-in value, then
   * {@code fallback} (the HTTP query parameter {@code defaultValue}).
   */
  public record GetConfigurationValue(
      TenantContext context,
      String category,
      String key,
      @JsonAlias("defaultValue") String fallback)
      implements TenantRequest {}

  /**
   * An effective setting. {@code source}, by precedence: value (the tenant's), default (its stored
   * default), builtin (PartnerHub's own default for a key it reads), fallback (the caller's).
   */
  public record ConfigurationValue(String category, String key, Object value, String source) {
    public ConfigurationValue {
      value = Jsons.wrap(value);
    }
  }

  /** The effective settings of one category, built-ins included, in key order. */
  public record ListEffectiveConfigurations(
      TenantContext context, String category, Integer limit, String cursor)
      implements TenantRequest {}

  public record EffectivePage(List<ConfigurationValue> items, String nextCursor) {}

  public record DeleteConfiguration(
      TenantContext context, String category, String key, Integer expectedVersion)
      implements TenantRequest {}

  public record ConfigurationHistory(
      TenantContext context, String category, String key, Integer limit, String cursor)
      implements TenantRequest {}

  /** One audit row: the configuration before and after a change (null when created or deleted). */
  public record AuditEntry(
      UUID id, String action, Object before, Object after, UUID changedBy, Instant changedAt) {
    public AuditEntry {
      before = Jsons.wrap(before);
      after = Jsons.wrap(after);
    }
  }

  public record HistoryPage(List<AuditEntry> items, String nextCursor) {}

  public static final Endpoint<ListConfigurations, ConfigurationPage> LIST =
      Endpoint.of(
          "partnerhub.configurations.list",
          ListConfigurations.class,
          ConfigurationPage.class,
          READ);
  public static final Endpoint<UpsertConfiguration, UpsertResult> UPSERT =
      Endpoint.of(
          "partnerhub.configurations.upsert", UpsertConfiguration.class, UpsertResult.class, WRITE);
  public static final Endpoint<GetConfigurationValue, ConfigurationValue> GET_VALUE =
      Endpoint.of(
          "partnerhub.configurations.get-value",
          GetConfigurationValue.class,
          ConfigurationValue.class,
          READ);
  public static final Endpoint<ListEffectiveConfigurations, EffectivePage> LIST_EFFECTIVE =
      Endpoint.of(
          "partnerhub.configurations.list-effective",
          ListEffectiveConfigurations.class,
          EffectivePage.class,
          READ);
  public static final Endpoint<DeleteConfiguration, Void> DELETE =
      Endpoint.of("partnerhub.configurations.delete", DeleteConfiguration.class, Void.class, WRITE);
  public static final Endpoint<ConfigurationHistory, HistoryPage> HISTORY =
      Endpoint.of(
          "partnerhub.configurations.history", ConfigurationHistory.class, HistoryPage.class, READ);

  public static final List<Endpoint<?, ?>> ENDPOINTS =
      List.of(LIST, UPSERT, GET_VALUE, LIST_EFFECTIVE, DELETE, HISTORY);
}
