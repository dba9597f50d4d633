package io.partnerhub.http;

import io.partnerhub.partner.PartnerApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;

/** /partners: create, list with filters and keyset pages, read, update (If-Match), delete or archive. */
final class PartnerRoutes {
  private final Api api;
  private final Validator createSchema;
  private final Validator updateSchema;

  PartnerRoutes(Api api, Validator createSchema, Validator updateSchema) {
    this.api = api;
    this.createSchema = createSchema;
    this.updateSchema = updateSchema;
  }

  void mount(Router router) {
    router.get("/api/v1/partners").handler(this::list);
    router.post("/api/v1/partners").handler(this::create);
    router.get("/api/v1/partners/:id").handler(this::get);
    router.patch("/api/v1/partners/:id").handler(this::update);
    router.delete("/api/v1/partners/:id").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    var params = ctx.request().params();
    var request = new PartnerApi.ListPartners(Api.tenant(ctx), params.get("status"), params.get("tier"),
        params.get("type"), params.get("q"), params.get("sort"), Api.queryInt(ctx, "limit"), params.get("cursor"));
    api.call(ctx, PartnerApi.LIST, request).onSuccess(page -> api.respond(ctx, 200, page)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, createSchema);
    var request = new PartnerApi.CreatePartner(Api.tenant(ctx), body.getString("name"), body.getString("type"),
        body.getString("tier"), body.getString("status"), body.getString("contactEmail"), body.getString("website"),
        body.getString("region"), body.getJsonObject("customFields"));
    api.call(ctx, PartnerApi.CREATE, request).onSuccess(partner ->
        api.respondVersioned(ctx, 201, partner, partner.version())).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    api.call(ctx, PartnerApi.GET, new PartnerApi.GetPartner(Api.tenant(ctx), Api.pathId(ctx))).onSuccess(partner ->
        api.respondVersioned(ctx, 200, partner, partner.version())).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, updateSchema);
    var request = new PartnerApi.UpdatePartner(Api.tenant(ctx), Api.pathId(ctx), body, Api.ifMatch(ctx));
    api.call(ctx, PartnerApi.UPDATE, request).onSuccess(partner ->
        api.respondVersioned(ctx, 200, partner, partner.version())).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    var request = new PartnerApi.DeletePartner(Api.tenant(ctx), Api.pathId(ctx), Api.ifMatch(ctx));
    api.call(ctx, PartnerApi.DELETE, request).onSuccess(removal -> {
      if (removal.deleted()) {
        Api.noContent(ctx);
      } else {
        api.respond(ctx, 200, removal.archived());
      }
    }).onFailure(ctx::fail);
  }
}
