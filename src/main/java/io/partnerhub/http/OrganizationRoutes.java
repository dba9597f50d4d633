package io.partnerhub.http;

import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.organization.OrganizationApi;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Validator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** POST /organizations: tenant provisioning with the platform key; absent when no key is configured. */
final class OrganizationRoutes {
  private final Api api;
  private final byte[] platformKey;
  private final Validator schema;

  OrganizationRoutes(Api api, String platformKey, Validator schema) {
    this.api = api;
    this.platformKey = platformKey.getBytes(StandardCharsets.UTF_8);
    this.schema = schema;
  }

  void mount(Router router) {
    router.post("/api/v1/organizations").handler(this::provision);
  }

  private void provision(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Platform-Key");
    if (given == null || !MessageDigest.isEqual(platformKey, given.getBytes(StandardCharsets.UTF_8))) {
      throw new ServiceException(FailureCode.UNAUTHENTICATED, "A valid X-Platform-Key is required");
    }
    JsonObject body = Api.body(ctx, schema);
    OrganizationApi.ProvisionOrganization request = new OrganizationApi.ProvisionOrganization(body.getString("name"),
        body.getString("subdomain"), body.getString("adminEmail"), body.getString("adminPassword"));
    api.call(ctx, OrganizationApi.PROVISION, request).onSuccess(result -> api.respond(ctx, 201, result))
        .onFailure(ctx::fail);
  }
}
