package io.partnerhub.settings;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * Reads settings with vertx-config: conf/config.json, then the environment, then system properties.
 */
public final class SettingsLoader {
  private SettingsLoader() {}

  public static Future<Settings> load(Vertx vertx, String configFile) {
    JsonArray keys = new JsonArray(Arrays.stream(Setting.values()).map(Setting::key).toList());
    ConfigStoreOptions file =
        new ConfigStoreOptions()
            .setType("file")
            .setOptional(true)
            .setConfig(new JsonObject().put("path", configFile));
    ConfigStoreOptions env =
        new ConfigStoreOptions()
            .setType("env")
            .setConfig(new JsonObject().put("keys", keys).put("raw-data", true));
    ConfigStoreOptions sys =
        new ConfigStoreOptions().setType("sys").setConfig(new JsonObject().put("cache", false));
    ConfigRetriever retriever =
        ConfigRetriever.create(
            vertx,
            new ConfigRetrieverOptions()
                .setScanPeriod(0)
                .addStore(file)
                .addStore(env)
                .addStore(sys));
    return retriever
        .getConfig()
        .map(json -> Settings.from(json))
        .eventually(
            () -> {
              retriever.close();
              return Future.succeededFuture();
            });
  }
}
