package io.partnerhub.http;

import io.partnerhub.commission.CommissionApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;
import java.util.List;

/** /commissions: the ledger, approval and payment, partner statements, and a what-if preview. */
final class CommissionRoutes {
  private final Api api;
  private final Validator previewSchema;

  CommissionRoutes(Api api, Validator previewSchema) {
    this.api = api;
    this.previewSchema = previewSchema;
  }

  void mount(Router router) {
    router.get("/api/v1/commissions").handler(this::list);
    router.get("/api/v1/commissions/statement").handler(this::statement);
    router.post("/api/v1/commissions/preview").handler(this::preview);
    router.get("/api/v1/commissions/:id").handler(this::get);
    router.post("/api/v1/commissions/:id/approve").handler(this::approve);
    router.post("/api/v1/commissions/:id/pay").handler(this::pay);
  }

  private void list(RoutingContext ctx) {
    var params = ctx.request().params();
    var request = new CommissionApi.ListCommissions(Api.tenant(ctx), Api.queryId(ctx, "partnerId"),
        params.get("status"), Api.queryInt(ctx, "limit"), params.get("cursor"));
    api.call(ctx, CommissionApi.LIST, request).onSuccess(page -> api.respond(ctx, 200, page)).onFailure(ctx::fail);
  }

  private void statement(RoutingContext ctx) {
    var params = ctx.request().params();
    var request = new CommissionApi.GetStatement(Api.tenant(ctx), Api.queryId(ctx, "partnerId"),
        params.get("period"));
    api.call(ctx, CommissionApi.STATEMENT, request).onSuccess(statement -> api.respond(ctx, 200, statement))
        .onFailure(ctx::fail);
  }

  @SuppressWarnings("unchecked")
  private void preview(RoutingContext ctx) {
    JsonObject body = Api.body(ctx, previewSchema);
    List<String> products = body.getJsonArray("products") == null ? null : body.getJsonArray("products").getList();
    var request = new CommissionApi.PreviewCommission(Api.tenant(ctx), Api.bodyId(body, "partnerId"),
        Api.money(body.getValue("amount")), body.getString("currency"), products);
    api.call(ctx, CommissionApi.PREVIEW, request).onSuccess(preview -> api.respond(ctx, 200, preview))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    api.call(ctx, CommissionApi.GET, new CommissionApi.GetCommission(Api.tenant(ctx), Api.pathId(ctx)))
        .onSuccess(commission -> respond(ctx, commission)).onFailure(ctx::fail);
  }

  private void approve(RoutingContext ctx) {
    api.call(ctx, CommissionApi.APPROVE_COMMISSION, new CommissionApi.ApproveCommission(Api.tenant(ctx), Api.pathId(ctx)))
        .onSuccess(commission -> respond(ctx, commission)).onFailure(ctx::fail);
  }

  private void pay(RoutingContext ctx) {
    api.call(ctx, CommissionApi.PAY, new CommissionApi.PayCommission(Api.tenant(ctx), Api.pathId(ctx)))
        .onSuccess(commission -> respond(ctx, commission)).onFailure(ctx::fail);
  }

  private void respond(RoutingContext ctx, CommissionApi.Commission commission) {
    api.respondVersioned(ctx, 200, commission, commission.version());
  }
}
