package io.partnerhub.http;

import io.partnerhub.kernel.ServiceException;
import io.partnerhub.configuration.ConfigurationApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;

/** /configurations: list (stored or effective), upsert, effective value with fallback, delete and history. */
final class ConfigurationRoutes {
  private final Api api;
  private final Validator upsertSchema;

  ConfigurationRoutes(Api api, Validator upsertSchema) {
    this.api = api;
    this.upsertSchema = upsertSchema;
  }

  void mount(Router router) {
    router.get("/api/v1/configurations").handler(this::list);
    router.put("/api/v1/configurations").handler(this::upsert);
    router.get("/api/v1/configurations/:category/:key").handler(this::getValue);
    router.delete("/api/v1/configurations/:category/:key").handler(this::delete);
    router.get("/api/v1/configurations/:category/:key/history").handler(this::history);
  }

  /** The stored rows, or with {@code effective=true} a category's effective values (built-ins included). */
  private void list(RoutingContext ctx) {
    String category = ctx.request().getParam("category");
    Integer limit = Api.queryInt(ctx, "limit");
    String cursor = ctx.request().getParam("cursor");
    if (effective(ctx)) {
      var request = new ConfigurationApi.ListEffectiveConfigurations(Api.tenant(ctx), category, limit, cursor);
      api.call(ctx, ConfigurationApi.LIST_EFFECTIVE, request).onSuccess(page -> api.respond(ctx, 200, page))
          .onFailure(ctx::fail);
      return;
    }
    var request = new ConfigurationApi.ListConfigurations(Api.tenant(ctx), category, limit, cursor);
    api.call(ctx, ConfigurationApi.LIST, request).onSuccess(page -> api.respond(ctx, 200, page)).onFailure(ctx::fail);
  }

  private static boolean effective(RoutingContext ctx) {
    String effective = ctx.request().getParam("effective");
    if (effective != null && !effective.equals("true") && !effective.equals("false")) {
      throw ServiceException.validation("effective must be true or false", null);
    }
    return "true".equals(effective);
  }

  private void upsert(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, upsertSchema);
    var request = new ConfigurationApi.UpsertConfiguration(Api.tenant(ctx), body.getString("category"),
        body.getString("key"), body.getValue("value"), body.getValue("defaultValue"), body.getString("dataType"),
        body.getBoolean("isRequired"), body.getValue("validationRules"), Api.ifMatch(ctx));
    api.call(ctx, ConfigurationApi.UPSERT, request).onSuccess(result -> api.respondVersioned(ctx,
        result.created() ? 201 : 200, result.configuration(), result.configuration().version())).onFailure(ctx::fail);
  }

  private void getValue(RoutingContext ctx) {
    var request = new ConfigurationApi.GetConfigurationValue(Api.tenant(ctx), ctx.pathParam("category"),
        ctx.pathParam("key"), ctx.request().getParam("defaultValue"));
    api.call(ctx, ConfigurationApi.GET_VALUE, request).onSuccess(value -> api.respond(ctx, 200, value))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    var request = new ConfigurationApi.DeleteConfiguration(Api.tenant(ctx), ctx.pathParam("category"),
        ctx.pathParam("key"), Api.ifMatch(ctx));
    api.call(ctx, ConfigurationApi.DELETE, request).onSuccess(done -> Api.noContent(ctx)).onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    var request = new ConfigurationApi.ConfigurationHistory(Api.tenant(ctx), ctx.pathParam("category"),
        ctx.pathParam("key"), Api.queryInt(ctx, "limit"), ctx.request().getParam("cursor"));
    api.call(ctx, ConfigurationApi.HISTORY, request).onSuccess(page -> api.respond(ctx, 200, page))
        .onFailure(ctx::fail);
  }
}
