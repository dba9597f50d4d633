package io.partnerhub.http;

import io.partnerhub.user.UserApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;

/** /users: an organization admin manages users, roles and partner binding. */
final class UserRoutes {
  private final Api api;
  private final Validator createSchema;
  private final Validator updateSchema;

  UserRoutes(Api api, Validator createSchema, Validator updateSchema) {
    this.api = api;
    this.createSchema = createSchema;
    this.updateSchema = updateSchema;
  }

  void mount(Router router) {
    router.get("/api/v1/users").handler(this::list);
    router.get("/api/v1/users/:id").handler(this::get);
    router.post("/api/v1/users").handler(this::create);
    router.patch("/api/v1/users/:id").handler(this::update);
    router.delete("/api/v1/users/:id").handler(this::deactivate);
  }

  private void list(RoutingContext ctx) {
    var request = new UserApi.ListUsers(Api.tenant(ctx), Api.queryInt(ctx, "limit"), ctx.request().getParam("cursor"));
    api.call(ctx, UserApi.LIST, request).onSuccess(page -> api.respond(ctx, 200, page)).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    api.call(ctx, UserApi.GET, new UserApi.GetUser(Api.tenant(ctx), Api.pathId(ctx)))
        .onSuccess(user -> api.respondVersioned(ctx, 200, user, user.version())).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, createSchema);
    var request = new UserApi.CreateUser(Api.tenant(ctx), body.getString("email"), body.getString("password"),
        body.getString("role"), Api.bodyId(body, "partnerId"));
    api.call(ctx, UserApi.CREATE, request)
        .onSuccess(user -> api.respondVersioned(ctx, 201, user, user.version())).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, updateSchema);
    Api.bodyId(body, "partnerId");
    var request = new UserApi.UpdateUser(Api.tenant(ctx), Api.pathId(ctx), body, Api.ifMatch(ctx));
    api.call(ctx, UserApi.UPDATE, request)
        .onSuccess(user -> api.respondVersioned(ctx, 200, user, user.version())).onFailure(ctx::fail);
  }

  private void deactivate(RoutingContext ctx) {
    var request = new UserApi.DeactivateUser(Api.tenant(ctx), Api.pathId(ctx));
    api.call(ctx, UserApi.DEACTIVATE, request)
        .onSuccess(user -> api.respondVersioned(ctx, 200, user, user.version())).onFailure(ctx::fail);
  }
}
