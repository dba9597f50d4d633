package io.partnerhub.settings;

import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The service's own settings (deployment: ports, database, Redis, pools), not a tenant's
 * configuration (see the configuration package). Typed and validated; built from one JSON object in
 * which every {@link Setting} may appear under its key; values may be strings (environment) or JSON
 * values (config.json). Bad values fail at startup.
 */
public final class Settings {
  private final Map<Setting, String> values;

  private Settings(Map<Setting, String> values) {
    this.values = values;
  }

  public static Settings from(JsonObject json) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      Object raw = json.getValue(setting.key());
      String value = raw == null ? setting.defaultValue() : raw.toString().trim();
      if (value != null && !value.isEmpty()) {
        values.put(setting, value);
      }
    }
    Settings config = new Settings(values);
    config.validate();
    return config;
  }

  /** A copy with some settings replaced (tests, embedded mode). */
  public Settings with(Setting setting, Object value) {
    Map<Setting, String> copy = new EnumMap<>(values);
    if (value == null) {
      copy.remove(setting);
    } else {
      copy.put(setting, value.toString());
    }
    Settings config = new Settings(copy);
    config.validate();
    return config;
  }

  private void validate() {
    for (Setting setting : Setting.values()) {
      String value = values.get(setting);
      if (value != null && isNumeric(setting)) {
        try {
          if (Long.parseLong(value) < 0) {
            throw new IllegalArgumentException(setting.key() + " must not be negative");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              setting.key() + " must be a whole number, got '" + value + "'");
        }
      }
    }
  }

  private static boolean isNumeric(Setting setting) {
    return setting.defaultValue() != null
        && setting.defaultValue().chars().allMatch(Character::isDigit);
  }

  public Optional<String> string(Setting setting) {
    return Optional.ofNullable(values.get(setting));
  }

  public String require(Setting setting) {
    return string(setting)
        .orElseThrow(() -> new IllegalArgumentException(setting.key() + " is required"));
  }

  public int integer(Setting setting) {
    return Integer.parseInt(require(setting));
  }

  public boolean flag(Setting setting) {
    return Boolean.parseBoolean(require(setting));
  }
}
