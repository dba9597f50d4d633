package io.partnerhub.db;

import static java.util.Map.entry;

import io.partnerhub.apikey.ApiKeyApi;
import io.partnerhub.bus.Endpoint;
import io.partnerhub.commission.CommissionApi;
import io.partnerhub.configuration.ConfigurationApi;
import io.partnerhub.dashboard.DashboardApi;
import io.partnerhub.db.IsolationWorld.Actor;
import io.partnerhub.db.IsolationWorld.Kind;
import io.partnerhub.invitation.InvitationApi;
import io.partnerhub.kernel.TenantTokens;
import io.partnerhub.mail.MailApi;
import io.partnerhub.notification.NotificationApi;
import io.partnerhub.opportunity.OpportunityApi;
import io.partnerhub.outbox.EventApi;
import io.partnerhub.partner.PartnerApi;
import io.partnerhub.recruitment.RecruitmentApi;
import io.partnerhub.support.Fixtures;
import io.partnerhub.support.Http;
import io.partnerhub.support.Tenant;
import io.partnerhub.support.TestApp;
import io.partnerhub.user.UserApi;
import io.partnerhub.webhook.WebhookApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How the walk exercises each operation of openapi.yaml: A's vendor admin and A's partner user (P1)
 * aim at B's rows, at P2's rows and at guessed ids, and smuggle B's organization (and another
 * partner) into query strings, headers and bodies. An operation missing here fails the walk.
 */
final class HttpRouteTable {
  private static final List<Actor> USERS = List.of(Actor.VENDOR, Actor.PARTNER);

  static final Map<String, Function<IsolationWorld, List<Probe>>> ROUTES =
      Map.ofEntries(
          entry("POST /auth/login", HttpRouteTable::login),
          entry("POST /auth/logout", HttpRouteTable::logout),
          entry("GET /auth/me", w -> listing(w, "/auth/me", (String) null)),
          entry("POST /auth/password", HttpRouteTable::changePassword),
          entry(
              "POST /auth/password-reset",
              w ->
                  List.of(
                      anonymous(
                          "/auth/password-reset",
                          new JsonObject()
                              .put("email", w.b.tenant().adminEmail())
                              .put("subdomain", w.a.tenant().subdomain()),
                          202),
                      anonymous(
                          "/auth/password-reset",
                          new JsonObject()
                              .put("email", w.b.tenant().adminEmail())
                              .put("subdomain", w.a.tenant().subdomain())
                              .put("organizationId", w.b.organizationId().toString()),
                          400))),
          entry(
              "POST /auth/password-reset/confirm",
              w ->
                  List.of(
                      anonymous(
                          "/auth/password-reset/confirm",
                          new JsonObject()
                              .put(
                                  "token",
                                  new TenantTokens("phr_")
                                      .create(w.b.organizationId(), UUID.randomUUID()))
                              .put("password", "a password nobody else uses"),
                          400))),
          entry("GET /invitations", w -> listing(w, "/invitations?limit=200", InvitationApi.LIST)),
          entry(
              "POST /invitations",
              w ->
                  concat(
                      List.of(
                          rest(
                              w,
                              Actor.VENDOR,
                              "POST",
                              "/invitations",
                              invitation(w.b.p1().id()),
                              400),
                          rest(
                              w,
                              Actor.PARTNER,
                              "POST",
                              "/invitations",
                              invitation(w.a.p2().id()),
                              403)),
                      smuggled(w, "POST", "/invitations", invitation(null), true))),
          entry(
              "GET /invitations/{id}",
              w ->
                  byId(
                      w,
                      "GET",
                      "/invitations/{id}",
                      Kind.INVITATION,
                      null,
                      InvitationApi.GET,
                      false)),
          entry(
              "POST /invitations/{id}/revoke",
              w ->
                  byId(
                      w,
                      "POST",
                      "/invitations/{id}/revoke",
                      Kind.INVITATION,
                      null,
                      InvitationApi.REVOKE,
                      false)),
          entry(
              "POST /invitations/{id}/resend",
              w ->
                  byId(
                      w,
                      "POST",
                      "/invitations/{id}/resend",
                      Kind.INVITATION,
                      null,
                      InvitationApi.RESEND,
                      false)),
          entry(
              "POST /invitations/accept",
              w ->
                  List.of(
                      anonymous(
                          "/invitations/accept",
                          new JsonObject()
                              .put(
                                  "token",
                                  new TenantTokens("phi_")
                                      .create(
                                          w.b.organizationId(),
                                          w.targets(Actor.VENDOR, Kind.INVITATION).get(0)))
                              .put("password", "a password nobody else uses"),
                          400))),
          entry(
              "POST /partner-applications",
              w ->
                  List.of(
                      anonymous(
                          "/partner-applications",
                          new JsonObject()
                              .put("subdomain", w.b.tenant().subdomain())
                              .put("companyName", "Walker")
                              .put("contactName", "Walker")
                              .put("contactEmail", "walker-" + UUID.randomUUID() + "@example.test")
                              .put("partnerType", "emperor"),
                          400))),
          entry(
              "GET /partner-applications",
              w ->
                  List.of(
                      rest(w, Actor.VENDOR, "GET", "/partner-applications?limit=200", null, 200),
                      rest(w, Actor.PARTNER, "GET", "/partner-applications", null, 403))),
          entry(
              "GET /partner-applications/{id}",
              w ->
                  byId(
                      w,
                      "GET",
                      "/partner-applications/{id}",
                      Kind.APPLICATION,
                      null,
                      RecruitmentApi.GET,
                      true)),
          entry(
              "POST /partner-applications/{id}/approve",
              w ->
                  byId(
                      w,
                      "POST",
                      "/partner-applications/{id}/approve",
                      Kind.APPLICATION,
                      null,
                      RecruitmentApi.APPROVE,
                      true)),
          entry(
              "POST /partner-applications/{id}/reject",
              w ->
                  byId(
                      w,
                      "POST",
                      "/partner-applications/{id}/reject",
                      Kind.APPLICATION,
                      new JsonObject().put("reason", "walk"),
                      RecruitmentApi.REJECT,
                      true)),
          entry(
              "GET /partner-agreement",
              w -> listing(w, "/partner-agreement", RecruitmentApi.AGREEMENT)),
          entry(
              "POST /partner-agreement/accept",
              w ->
                  List.of(
                      rest(
                          w,
                          Actor.VENDOR,
                          "POST",
                          "/partner-agreement/accept",
                          new JsonObject().put("version", "1"),
                          403),
                      // a partner admin accepts for its own partner (a row of A)
                      rest(
                          w,
                          Actor.PARTNER,
                          "POST",
                          "/partner-agreement/accept",
                          new JsonObject().put("version", "1"),
                          200))),
          entry("POST /organizations", HttpRouteTable::provision),
          entry(
              "GET /configurations",
              w ->
                  concat(
                      listing(w, "/configurations", ConfigurationApi.LIST),
                      listing(
                          w, "/configurations?category=secret&limit=200", ConfigurationApi.LIST),
                      listing(
                          w,
                          "/configurations?category=secret&effective=true&limit=200",
                          ConfigurationApi.LIST_EFFECTIVE))),
          entry("PUT /configurations", HttpRouteTable::upsertConfiguration),
          entry(
              "GET /configurations/{category}/{key}",
              w ->
                  concat(
                      byPath(
                          w,
                          "GET",
                          "/configurations/secret/" + w.b.key("read"),
                          ConfigurationApi.GET_VALUE,
                          404),
                      byPath(
                          w,
                          "GET",
                          "/configurations/secret/" + w.b.key("read") + "?defaultValue=fallback",
                          ConfigurationApi.GET_VALUE,
                          200))),
          entry(
              "DELETE /configurations/{category}/{key}",
              w ->
                  byPath(
                      w,
                      "DELETE",
                      "/configurations/secret/" + w.b.key("read"),
                      ConfigurationApi.DELETE,
                      404)),
          entry(
              "GET /configurations/{category}/{key}/history",
              w ->
                  byPath(
                      w,
                      "GET",
                      "/configurations/secret/" + w.b.key("read") + "/history",
                      ConfigurationApi.HISTORY,
                      200)),
          entry("GET /users", w -> listing(w, "/users?limit=200", UserApi.LIST)),
          entry(
              "GET /users/{id}",
              w -> byId(w, "GET", "/users/{id}", Kind.USER, null, UserApi.GET, false)),
          entry("POST /users", HttpRouteTable::createUser),
          entry("GET /api-keys", w -> listing(w, "/api-keys?limit=200", ApiKeyApi.LIST)),
          entry(
              "GET /api-keys/{id}",
              w -> byId(w, "GET", "/api-keys/{id}", Kind.USER, null, ApiKeyApi.GET, true)),
          entry(
              "DELETE /api-keys/{id}",
              w -> byId(w, "DELETE", "/api-keys/{id}", Kind.USER, null, ApiKeyApi.REVOKE, true)),
          entry("POST /api-keys", HttpRouteTable::createApiKey),
          entry(
              "PATCH /users/{id}",
              w ->
                  concat(
                      byId(
                          w,
                          "PATCH",
                          "/users/{id}",
                          Kind.USER,
                          new JsonObject().put("role", "viewer"),
                          UserApi.UPDATE,
                          false),
                      bindToForeignPartner(w),
                      smuggled(
                          w,
                          "PATCH",
                          "/users/" + w.a.sharedUserId(),
                          new JsonObject().put("role", "viewer"),
                          true))),
          entry(
              "DELETE /users/{id}",
              w -> byId(w, "DELETE", "/users/{id}", Kind.USER, null, UserApi.DEACTIVATE, false)),
          entry(
              "GET /team/members",
              w ->
                  namingPartner(
                      w,
                      "GET",
                      id -> "/team/members" + (id == null ? "" : "?partnerId=" + id),
                      id -> null,
                      UserApi.TEAM_LIST,
                      200)),
          entry(
              "GET /team/members/{id}",
              w -> byId(w, "GET", "/team/members/{id}", Kind.USER, null, UserApi.TEAM_GET, false)),
          entry(
              "PATCH /team/members/{id}",
              w ->
                  concat(
                      byId(
                          w,
                          "PATCH",
                          "/team/members/{id}",
                          Kind.USER,
                          new JsonObject().put("role", "partner_admin").put("status", "inactive"),
                          UserApi.TEAM_UPDATE,
                          false),
                      smuggled(
                          w,
                          "PATCH",
                          "/team/members/" + w.a.p1().userId(),
                          new JsonObject().put("status", "active"),
                          false))),
          entry(
              "DELETE /team/members/{id}",
              w ->
                  byId(
                      w,
                      "DELETE",
                      "/team/members/{id}",
                      Kind.USER,
                      null,
                      UserApi.TEAM_DEACTIVATE,
                      false)),
          entry(
              "GET /partners",
              w ->
                  concat(
                      listing(w, "/partners?limit=200", PartnerApi.LIST),
                      listing(
                          w,
                          "/partners?sort=-createdAt&status=active&limit=200",
                          PartnerApi.LIST))),
          entry("POST /partners", HttpRouteTable::createPartner),
          entry(
              "GET /partners/{id}",
              w -> byId(w, "GET", "/partners/{id}", Kind.PARTNER, null, PartnerApi.GET, false)),
          entry(
              "PATCH /partners/{id}",
              w ->
                  concat(
                      byId(
                          w,
                          "PATCH",
                          "/partners/{id}",
                          Kind.PARTNER,
                          new JsonObject().put("region", "walk"),
                          PartnerApi.UPDATE,
                          false),
                      smuggled(
                          w,
                          "PATCH",
                          "/partners/" + w.a.p1().id(),
                          new JsonObject().put("region", "walk"),
                          false))),
          entry(
              "DELETE /partners/{id}",
              w ->
                  byId(w, "DELETE", "/partners/{id}", Kind.PARTNER, null, PartnerApi.DELETE, true)),
          entry(
              "GET /opportunities",
              w ->
                  concat(
                      listing(w, "/opportunities?limit=200", OpportunityApi.LIST),
                      partnerFilter(w, "/opportunities", OpportunityApi.LIST))),
          entry(
              "POST /opportunities",
              w ->
                  concat(
                      namingPartner(
                          w,
                          "POST",
                          id -> "/opportunities",
                          HttpRouteTable::deal,
                          OpportunityApi.REGISTER,
                          201),
                      smuggled(w, "POST", "/opportunities", deal(w.a.p1().id()), true))),
          entry(
              "GET /opportunities/{id}",
              w ->
                  byId(
                      w,
                      "GET",
                      "/opportunities/{id}",
                      Kind.OPPORTUNITY,
                      null,
                      OpportunityApi.GET,
                      false)),
          entry(
              "PATCH /opportunities/{id}",
              w ->
                  concat(
                      byId(
                          w,
                          "PATCH",
                          "/opportunities/{id}",
                          Kind.OPPORTUNITY,
                          new JsonObject().put("stage", "closed_lost").put("amount", "1.00"),
                          OpportunityApi.UPDATE,
                          false),
                      smuggled(
                          w,
                          "PATCH",
                          "/opportunities/" + w.a.p1().pendingDeal(),
                          new JsonObject().put("name", "walk"),
                          false))),
          entry(
              "POST /opportunities/{id}/approve",
              w ->
                  byId(
                      w,
                      "POST",
                      "/opportunities/{id}/approve",
                      Kind.OPPORTUNITY,
                      null,
                      OpportunityApi.APPROVE_REGISTRATION,
                      true)),
          entry(
              "POST /opportunities/{id}/reject",
              w ->
                  concat(
                      byId(
                          w,
                          "POST",
                          "/opportunities/{id}/reject",
                          Kind.OPPORTUNITY,
                          new JsonObject().put("reason", "walk"),
                          OpportunityApi.REJECT_REGISTRATION,
                          true),
                      smuggled(
                          w,
                          "POST",
                          "/opportunities/" + w.a.p1().pendingDeal() + "/reject",
                          new JsonObject().put("reason", "walk"),
                          false))),
          entry(
              "GET /opportunities/{id}/stage-history",
              w ->
                  byId(
                      w,
                      "GET",
                      "/opportunities/{id}/stage-history",
                      Kind.OPPORTUNITY,
                      null,
                      OpportunityApi.STAGE_HISTORY,
                      false)),
          entry(
              "GET /commissions",
              w ->
                  concat(
                      listing(w, "/commissions?limit=200", CommissionApi.LIST),
                      partnerFilter(w, "/commissions", CommissionApi.LIST))),
          entry(
              "GET /commissions/statement",
              w ->
                  namingPartner(
                      w,
                      "GET",
                      id ->
                          "/commissions/statement?period="
                              + quarter()
                              + (id == null ? "" : "&partnerId=" + id),
                      id -> null,
                      CommissionApi.STATEMENT,
                      200)),
          entry(
              "POST /commissions/preview",
              w ->
                  concat(
                      namingPartner(
                          w,
                          "POST",
                          id -> "/commissions/preview",
                          HttpRouteTable::preview,
                          CommissionApi.PREVIEW,
                          200),
                      smuggled(w, "POST", "/commissions/preview", preview(w.a.p1().id()), true))),
          entry(
              "GET /commissions/{id}",
              w ->
                  byId(
                      w,
                      "GET",
                      "/commissions/{id}",
                      Kind.COMMISSION,
                      null,
                      CommissionApi.GET,
                      false)),
          entry(
              "POST /commissions/{id}/approve",
              w ->
                  byId(
                      w,
                      "POST",
                      "/commissions/{id}/approve",
                      Kind.COMMISSION,
                      null,
                      CommissionApi.APPROVE_COMMISSION,
                      true)),
          entry(
              "POST /commissions/{id}/pay",
              w ->
                  byId(
                      w,
                      "POST",
                      "/commissions/{id}/pay",
                      Kind.COMMISSION,
                      null,
                      CommissionApi.PAY,
                      true)),
          entry(
              "GET /notifications",
              w ->
                  concat(
                      listing(w, "/notifications?limit=200", NotificationApi.LIST),
                      listing(w, "/notifications?unread=true&limit=200", NotificationApi.LIST))),
          entry(
              "GET /notifications/unread-count",
              w -> listing(w, "/notifications/unread-count", NotificationApi.UNREAD_COUNT)),
          entry(
              "GET /notifications/preferences",
              w -> listing(w, "/notifications/preferences", NotificationApi.GET_PREFERENCES)),
          entry("PUT /notifications/preferences", HttpRouteTable::notificationPreferences),
          entry(
              "POST /notifications/{id}/read",
              w ->
                  byId(
                      w,
                      "POST",
                      "/notifications/{id}/read",
                      Kind.NOTIFICATION,
                      null,
                      NotificationApi.MARK_READ,
                      false)),
          entry(
              "GET /mail/dead-letters",
              w -> vendorListing(w, "/mail/dead-letters?limit=200", MailApi.DEAD_LETTERS)),
          entry(
              "POST /mail/dead-letters/{id}/resend",
              w ->
                  byId(
                      w,
                      "POST",
                      "/mail/dead-letters/{id}/resend",
                      Kind.MAIL,
                      null,
                      MailApi.RESEND,
                      true)),
          entry("GET /webhooks", w -> listing(w, "/webhooks?limit=200", WebhookApi.LIST)),
          entry(
              "POST /webhooks",
              w ->
                  concat(
                      List.of(
                          rest(w, Actor.VENDOR, "POST", "/webhooks", webhook(), 201),
                          rest(w, Actor.PARTNER, "POST", "/webhooks", webhook(), 403)),
                      smuggled(w, "POST", "/webhooks", webhook(), false))),
          entry(
              "GET /webhooks/{id}",
              w -> byId(w, "GET", "/webhooks/{id}", Kind.WEBHOOK, null, WebhookApi.GET, true)),
          entry(
              "PATCH /webhooks/{id}",
              w ->
                  byId(
                      w,
                      "PATCH",
                      "/webhooks/{id}",
                      Kind.WEBHOOK,
                      new JsonObject().put("enabled", false),
                      WebhookApi.UPDATE,
                      true)),
          entry(
              "DELETE /webhooks/{id}",
              w ->
                  byId(w, "DELETE", "/webhooks/{id}", Kind.WEBHOOK, null, WebhookApi.DELETE, true)),
          entry(
              "POST /webhooks/{id}/rotate-secret",
              w ->
                  byId(
                      w,
                      "POST",
                      "/webhooks/{id}/rotate-secret",
                      Kind.WEBHOOK,
                      null,
                      WebhookApi.ROTATE_SECRET,
                      true)),
          entry(
              "GET /webhooks/{id}/deliveries",
              w ->
                  byId(
                      w,
                      "GET",
                      "/webhooks/{id}/deliveries",
                      Kind.WEBHOOK,
                      null,
                      WebhookApi.DELIVERIES,
                      true)),
          entry(
              "POST /webhooks/{id}/deliveries/{deliveryId}/redeliver",
              w ->
                  byId(
                      w,
                      "POST",
                      "/webhooks/{id}/deliveries/" + UUID.randomUUID() + "/redeliver",
                      Kind.WEBHOOK,
                      null,
                      WebhookApi.REDELIVER,
                      true)),
          entry(
              "POST /webhooks/{id}/replay",
              w ->
                  byId(
                      w,
                      "POST",
                      "/webhooks/{id}/replay",
                      Kind.WEBHOOK,
                      new JsonObject()
                          .put("from", "2020-01-01T00:00:00Z")
                          .put("to", "2030-01-01T00:00:00Z"),
                      WebhookApi.REPLAY,
                      true)),
          entry(
              "GET /dashboard",
              w -> listing(w, "/dashboard?from=2024-01-01&to=2030-12-31", DashboardApi.GET)),
          entry("GET /events", w -> listing(w, "/events?limit=200", EventApi.LIST)));

  private HttpRouteTable() {}

  // --- families of probes
  // ---------------------------------------------------------------------------------

  /**
   * Each actor at each foreign or guessed id: as is, and with B smuggled into the query and
   * headers.
   */
  static List<Probe> byId(
      IsolationWorld w,
      String method,
      String template,
      Kind kind,
      JsonObject body,
      Endpoint<?, ?> endpoint,
      boolean vendorOnly) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      for (UUID id : w.targets(actor, kind)) {
        probes.addAll(
            plainAndSmuggled(
                w,
                actor,
                method,
                template.replace("{id}", id.toString()),
                body,
                w.expect(actor, endpoint, vendorOnly, 404)));
      }
    }
    return probes;
  }

  /**
   * A key scoped to a partner the actor cannot see: the vendor's refused (400), anyone else 403.
   */
  private static List<Probe> createApiKey(IsolationWorld w) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      for (UUID partner : w.targets(actor, Kind.PARTNER)) {
        JsonObject body =
            new JsonObject()
                .put("name", "walk")
                .put("permissions", new io.vertx.core.json.JsonArray().add("partners:read"))
                .put("partnerId", partner.toString());
        probes.add(
            rest(
                w, actor, "POST", "/api-keys", body, w.expect(actor, ApiKeyApi.CREATE, true, 400)));
      }
    }
    return probes;
  }

  /** Each actor at a path naming B's row (a configuration by category and key). */
  static List<Probe> byPath(
      IsolationWorld w, String method, String path, Endpoint<?, ?> endpoint, int reached) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      probes.addAll(
          plainAndSmuggled(
              w, actor, method, path, null, w.expect(actor, endpoint, false, reached)));
    }
    return probes;
  }

  /** A vendor-only list: 200 for the vendor with none of B's rows, 403 for a partner user. */
  static List<Probe> vendorListing(IsolationWorld w, String path, Endpoint<?, ?> endpoint) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      probes.addAll(
          plainAndSmuggled(w, actor, "GET", path, null, w.expect(actor, endpoint, true, 200)));
    }
    return probes;
  }

  /**
   * A user's preferences are its own: setting them changes only A's rows; B's organization or
   * another user named in the body is refused.
   */
  private static List<Probe> notificationPreferences(IsolationWorld w) {
    JsonObject body =
        new JsonObject()
            .put(
                "preferences",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("kind", "registration_submitted")
                            .put("inApp", true)
                            .put("mail", false)));
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      probes.addAll(
          plainAndSmuggled(
              w,
              actor,
              "PUT",
              "/notifications/preferences",
              body,
              w.expect(actor, NotificationApi.UPDATE_PREFERENCES, false, 200)));
    }
    probes.addAll(smuggled(w, "PUT", "/notifications/preferences", body, false));
    probes.add(
        rest(
            w,
            Actor.VENDOR,
            "PUT",
            "/notifications/preferences",
            body.copy().put("userId", w.b.tenant().adminId().toString()),
            400));
    return probes;
  }

  /**
   * A list (or an answer about the caller): 200 with none of B's or P2's rows, smuggling or not.
   */
  static List<Probe> listing(IsolationWorld w, String path, Endpoint<?, ?> endpoint) {
    return listing(w, path, endpoint.permission());
  }

  static List<Probe> listing(IsolationWorld w, String path, String permission) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      probes.addAll(
          plainAndSmuggled(w, actor, "GET", path, null, w.expect(actor, permission, false, 200)));
    }
    return probes;
  }

  /** A list filtered by a foreign partner id: 200 and empty of anything foreign. */
  static List<Probe> partnerFilter(IsolationWorld w, String path, Endpoint<?, ?> endpoint) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      for (UUID partner : w.targets(actor, Kind.PARTNER)) {
        probes.add(
            rest(
                w,
                actor,
                "GET",
                path + "?partnerId=" + partner,
                null,
                w.expect(actor, endpoint, false, 200)));
      }
    }
    return probes;
  }

  /**
   * A request about one partner: a vendor naming a partner it cannot see gets 404, a partner user
   * naming any other partner 403, and a partner user naming none gets its own ({@code own}).
   */
  static List<Probe> namingPartner(
      IsolationWorld w,
      String method,
      Function<UUID, String> path,
      Function<UUID, JsonObject> body,
      Endpoint<?, ?> endpoint,
      int own) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      for (UUID partner : w.targets(actor, Kind.PARTNER)) {
        int expected =
            w.expect(actor, endpoint, false, IsolationWorld.actsForAPartner(actor) ? 403 : 404);
        probes.add(rest(w, actor, method, path.apply(partner), body.apply(partner), expected));
      }
    }
    probes.add(
        rest(
            w,
            Actor.PARTNER,
            method,
            path.apply(null),
            body.apply(null),
            w.expect(Actor.PARTNER, endpoint, false, own)));
    return probes;
  }

  /**
   * The body with B's organization (and, where it is no field, another partner) added: 400 for
   * anyone.
   */
  static List<Probe> smuggled(
      IsolationWorld w, String method, String path, JsonObject body, boolean partnerIdIsAField) {
    List<Probe> probes = new ArrayList<>();
    String b = w.b.organizationId().toString();
    for (Actor actor : USERS) {
      probes.add(rest(w, actor, method, path, body.copy().put("organizationId", b), 400));
      probes.add(
          rest(
              w,
              actor,
              method,
              path,
              body.copy().put("organization_id", b).put("tenantId", b),
              400));
      if (!partnerIdIsAField) {
        probes.add(
            rest(
                w,
                actor,
                method,
                path,
                body.copy().put("partnerId", w.b.p1().id().toString()),
                400));
      }
    }
    return probes;
  }

  private static List<Probe> plainAndSmuggled(
      IsolationWorld w, Actor actor, String method, String path, JsonObject body, int expected) {
    Map<String, String> headers = new HashMap<>(w.smuggledHeaders());
    headers.put("If-Match", "\"1\"");
    String smuggledPath = path + (path.contains("?") ? "&" : "?") + w.smuggledQuery(actor);
    return List.of(
        rest(w, actor, method, path, body, expected),
        rest(w, actor, method, smuggledPath, body, expected).withHeaders(headers));
  }

  private static Probe.Rest rest(
      IsolationWorld w, Actor actor, String method, String path, JsonObject body, int expected) {
    return new Probe.Rest(actor, w.token(actor), method, path, body, Map.of(), expected);
  }

  @SafeVarargs
  private static List<Probe> concat(List<Probe>... lists) {
    return Stream.of(lists).flatMap(List::stream).toList();
  }

  // --- operations that need their own probes
  // --------------------------------------------------------------

  /** The same e-mail exists in both tenants: each password opens only its own tenant. */
  private static Probe anonymous(String path, JsonObject body, int expected) {
    return new Probe.Rest(Actor.ANONYMOUS, null, "POST", path, body, Map.of(), expected);
  }

  private static JsonObject invitation(UUID partner) {
    JsonObject body =
        new JsonObject()
            .put("email", "walker-" + UUID.randomUUID() + "@example.test")
            .put("role", "partner_user");
    return partner == null ? body : body.put("partnerId", partner.toString());
  }

  private static List<Probe> login(IsolationWorld w) {
    String subdomainOfA = w.a.tenant().subdomain();
    String subdomainOfB = w.b.tenant().subdomain();
    return List.of(
        login(w.sharedEmail, IsolationWorld.SHARED_PASSWORD_OF_A, subdomainOfB, 401),
        login(w.sharedEmail, IsolationWorld.SHARED_PASSWORD_OF_B, subdomainOfA, 401),
        login(w.b.tenant().adminEmail(), Tenant.PASSWORD, subdomainOfA, 401),
        login(w.sharedEmail, IsolationWorld.SHARED_PASSWORD_OF_A, subdomainOfA, 200),
        new Probe.Rest(
            Actor.ANONYMOUS,
            null,
            "POST",
            "/auth/login",
            credentials(w.sharedEmail, IsolationWorld.SHARED_PASSWORD_OF_A, subdomainOfA)
                .put("organizationId", w.b.organizationId().toString()),
            Map.of(),
            400));
  }

  private static Probe login(String email, String password, String subdomain, int expected) {
    return new Probe.Rest(
        Actor.ANONYMOUS,
        null,
        "POST",
        "/auth/login",
        credentials(email, password, subdomain),
        Map.of(),
        expected);
  }

  private static JsonObject credentials(String email, String password, String subdomain) {
    return new JsonObject()
        .put("email", email)
        .put("password", password)
        .put("subdomain", subdomain);
  }

  /**
   * Logging out fresh sessions of A, naming B everywhere: the walk then checks B's sessions still
   * live.
   */
  private static List<Probe> logout(IsolationWorld w) {
    JsonObject body =
        new JsonObject()
            .put("organizationId", w.b.organizationId().toString())
            .put("userId", w.b.tenant().adminId().toString());
    return List.of(
        new Probe.Rest(
            Actor.VENDOR,
            Tenant.login(w.a.tenant().subdomain(), w.a.tenant().adminEmail(), Tenant.PASSWORD),
            "POST",
            "/auth/logout?" + w.smuggledQuery(Actor.VENDOR),
            body,
            w.smuggledHeaders(),
            204),
        new Probe.Rest(
            Actor.PARTNER,
            Tenant.login(w.a.tenant().subdomain(), w.a.p1().email(), Tenant.PASSWORD),
            "POST",
            "/auth/logout?" + w.smuggledQuery(Actor.PARTNER),
            body,
            w.smuggledHeaders(),
            204));
  }

  /**
   * A fresh user of A changes its own password (to the same one) naming B in query and headers:
   * only its own row changes; naming B in the body is refused. A fresh user, as this ends its other
   * sessions.
   */
  private static List<Probe> changePassword(IsolationWorld w) {
    String email = "password-" + IsolationWorld.marker() + "@example.test";
    Http.Response created =
        Http.post(
            "/users",
            w.a.tenant().token(),
            new JsonObject()
                .put("email", email)
                .put("password", Tenant.PASSWORD)
                .put("role", "viewer"));
    if (created.status() != 201) {
      throw new IllegalStateException(created.text());
    }
    String token = Tenant.login(w.a.tenant().subdomain(), email, Tenant.PASSWORD);
    JsonObject body =
        new JsonObject()
            .put("currentPassword", Tenant.PASSWORD)
            .put("newPassword", Tenant.PASSWORD);
    return List.of(
        new Probe.Rest(
            Actor.VENDOR,
            token,
            "POST",
            "/auth/password?" + w.smuggledQuery(Actor.VENDOR),
            body,
            w.smuggledHeaders(),
            204),
        new Probe.Rest(
            Actor.VENDOR,
            token,
            "POST",
            "/auth/password",
            body.copy().put("organizationId", w.b.organizationId().toString()),
            Map.of(),
            400),
        new Probe.Rest(
            Actor.VENDOR,
            token,
            "POST",
            "/auth/password",
            body.copy().put("userId", w.b.tenant().adminId().toString()),
            Map.of(),
            400));
  }

  /** Provisioning B's subdomain again is a conflict; an id in the body is refused. */
  private static List<Probe> provision(IsolationWorld w) {
    JsonObject body =
        new JsonObject()
            .put("name", "Walk organization")
            .put("subdomain", w.b.tenant().subdomain())
            .put("adminEmail", "admin@walk.test")
            .put("adminPassword", Tenant.PASSWORD);
    Map<String, String> key = Map.of("X-Platform-Key", TestApp.PLATFORM_KEY);
    String b = w.b.organizationId().toString();
    return List.of(
        new Probe.Rest(Actor.PLATFORM, null, "POST", "/organizations", body, key, 409),
        new Probe.Rest(
            Actor.PLATFORM,
            null,
            "POST",
            "/organizations",
            body.copy().put("organizationId", b),
            key,
            400),
        new Probe.Rest(
            Actor.PLATFORM, null, "POST", "/organizations", body.copy().put("id", b), key, 400));
  }

  /**
   * Writing B's configuration name makes A's own row; If-Match naming B's version finds nothing of
   * A's.
   */
  private static List<Probe> upsertConfiguration(IsolationWorld w) {
    JsonObject body =
        new JsonObject()
            .put("category", "secret")
            .put("key", w.b.key("http"))
            .put("value", "A's own value")
            .put("dataType", "string");
    JsonObject guarded = body.copy().put("key", w.b.key("read"));
    return concat(
        List.of(
            rest(w, Actor.VENDOR, "PUT", "/configurations", body, 201),
            rest(w, Actor.VENDOR, "PUT", "/configurations", guarded, 412)
                .withHeaders(Map.of("If-Match", "\"1\"")),
            rest(
                w,
                Actor.PARTNER,
                "PUT",
                "/configurations",
                body,
                w.expect(Actor.PARTNER, ConfigurationApi.UPSERT, false, 201))),
        smuggled(w, "PUT", "/configurations", body, false));
  }

  /** Creating a partner user bound to a foreign partner: 400 (no such partner) for the vendor. */
  private static List<Probe> createUser(IsolationWorld w) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      for (UUID partner : w.targets(actor, Kind.PARTNER)) {
        JsonObject body =
            new JsonObject()
                .put("email", "walk-" + IsolationWorld.marker() + "@example.test")
                .put("password", Tenant.PASSWORD)
                .put("role", "partner_user")
                .put("partnerId", partner.toString());
        probes.add(
            rest(w, actor, "POST", "/users", body, w.expect(actor, UserApi.CREATE, false, 400)));
      }
    }
    probes.addAll(
        smuggled(
            w,
            "POST",
            "/users",
            new JsonObject()
                .put("email", "walk@example.test")
                .put("password", Tenant.PASSWORD)
                .put("role", "viewer"),
            true));
    return probes;
  }

  /**
   * Binding A's own manager to a foreign partner: 400 (no such partner), and the manager stays as
   * it was.
   */
  private static List<Probe> bindToForeignPartner(IsolationWorld w) {
    List<Probe> probes = new ArrayList<>();
    for (Actor actor : USERS) {
      for (UUID partner : w.targets(actor, Kind.PARTNER)) {
        probes.add(
            rest(
                w,
                actor,
                "PATCH",
                "/users/" + w.a.sharedUserId(),
                new JsonObject().put("role", "partner_user").put("partnerId", partner.toString()),
                w.expect(actor, UserApi.UPDATE, false, 400)));
      }
    }
    return probes;
  }

  /**
   * B created a partner with an Idempotency-Key; A sending the same key and body creates its own
   * (201, not B's replayed answer, whose id would show). A partner user may not create partners.
   */
  private static List<Probe> createPartner(IsolationWorld w) {
    return concat(
        List.of(
            rest(w, Actor.VENDOR, "POST", "/partners", w.idempotentPartner, 201)
                .withHeaders(Map.of("Idempotency-Key", w.idempotencyKey)),
            rest(w, Actor.PARTNER, "POST", "/partners", w.idempotentPartner, 403)),
        smuggled(w, "POST", "/partners", w.idempotentPartner, false));
  }

  private static JsonObject webhook() {
    return new JsonObject()
        .put("url", "https://hooks.walk.test/in")
        .put("eventTypes", new JsonArray().add("opportunity.won"));
  }

  /** A deal of a new customer each time, so that no registration conflicts with another. */
  private static JsonObject deal(UUID partner) {
    return Fixtures.deal(partner, "Walk " + IsolationWorld.marker(), null, "500.00");
  }

  private static JsonObject preview(UUID partner) {
    JsonObject body = new JsonObject().put("amount", "1000.00").put("currency", "EUR");
    return partner == null ? body : body.put("partnerId", partner.toString());
  }

  /** The current quarter (UTC): the walk's commissions were created in it. */
  static String quarter() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
  }
}
