package io.partnerhub.http;

import io.partnerhub.opportunity.OpportunityApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;
import java.util.List;

/** /opportunities: deal registration, review (approve, reject), pipeline updates and stage history. */
final class OpportunityRoutes {
  private final Api api;
  private final Validator registerSchema;
  private final Validator updateSchema;
  private final Validator rejectSchema;

  OpportunityRoutes(Api api, Validator registerSchema, Validator updateSchema, Validator rejectSchema) {
    this.api = api;
    this.registerSchema = registerSchema;
    this.updateSchema = updateSchema;
    this.rejectSchema = rejectSchema;
  }

  void mount(Router router) {
    router.get("/api/v1/opportunities").handler(this::list);
    router.post("/api/v1/opportunities").handler(this::register);
    router.get("/api/v1/opportunities/:id").handler(this::get);
    router.patch("/api/v1/opportunities/:id").handler(this::update);
    router.post("/api/v1/opportunities/:id/approve").handler(this::approve);
    router.post("/api/v1/opportunities/:id/reject").handler(this::reject);
    router.get("/api/v1/opportunities/:id/stage-history").handler(this::stageHistory);
  }

  private void list(RoutingContext ctx) {
    var params = ctx.request().params();
    var request = new OpportunityApi.ListOpportunities(Api.tenant(ctx), Api.queryId(ctx, "partnerId"),
        params.get("stage"), params.get("registrationStatus"), Api.queryInt(ctx, "limit"), params.get("cursor"));
    api.call(ctx, OpportunityApi.LIST, request).onSuccess(page -> api.respond(ctx, 200, page)).onFailure(ctx::fail);
  }

  @SuppressWarnings("unchecked")
  private void register(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, registerSchema);
    List<String> products = body.getJsonArray("products") == null ? null : body.getJsonArray("products").getList();
    var request = new OpportunityApi.RegisterOpportunity(Api.tenant(ctx), Api.bodyId(body, "partnerId"),
        body.getString("name"), body.getString("customerName"), body.getString("customerDomain"),
        Api.money(body.getValue("amount")), body.getString("currency"), body.getString("expectedCloseDate"), products);
    api.call(ctx, OpportunityApi.REGISTER, request).onSuccess(opportunity -> respond(ctx, 201, opportunity))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    api.call(ctx, OpportunityApi.GET, new OpportunityApi.GetOpportunity(Api.tenant(ctx), Api.pathId(ctx)))
        .onSuccess(opportunity -> respond(ctx, 200, opportunity)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, updateSchema);
    if (body.containsKey("amount")) {
      body.put("amount", Api.money(body.getValue("amount")));
    }
    var request = new OpportunityApi.UpdateOpportunity(Api.tenant(ctx), Api.pathId(ctx), body, Api.ifMatch(ctx));
    api.call(ctx, OpportunityApi.UPDATE, request).onSuccess(opportunity -> respond(ctx, 200, opportunity))
        .onFailure(ctx::fail);
  }

  private void approve(RoutingContext ctx) {
    api.call(ctx, OpportunityApi.APPROVE_REGISTRATION, new OpportunityApi.ApproveOpportunity(Api.tenant(ctx), Api.pathId(ctx)))
        .onSuccess(opportunity -> respond(ctx, 200, opportunity)).onFailure(ctx::fail);
  }

  private void reject(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, rejectSchema);
    var request = new OpportunityApi.RejectOpportunity(Api.tenant(ctx), Api.pathId(ctx), body.getString("reason"));
    api.call(ctx, OpportunityApi.REJECT_REGISTRATION, request).onSuccess(opportunity -> respond(ctx, 200, opportunity))
        .onFailure(ctx::fail);
  }

  private void stageHistory(RoutingContext ctx) {
    api.call(ctx, OpportunityApi.STAGE_HISTORY, new OpportunityApi.GetStageHistory(Api.tenant(ctx), Api.pathId(ctx)))
        .onSuccess(history -> api.respond(ctx, 200, history)).onFailure(ctx::fail);
  }

  private void respond(RoutingContext ctx, int status, OpportunityApi.Opportunity opportunity) {
    api.respondVersioned(ctx, status, opportunity, opportunity.version());
  }
}
