package io.partnerhub.partner;

import io.partnerhub.bus.DomainEvent;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.cache.SessionStore;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.Ids;
import io.partnerhub.kernel.Paging;
import io.partnerhub.kernel.Patch;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.kernel.Versions;
import io.partnerhub.outbox.Outbox;
import io.partnerhub.partner.PartnerApi.CreatePartner;
import io.partnerhub.partner.PartnerApi.DeletePartner;
import io.partnerhub.partner.PartnerApi.GetPartner;
import io.partnerhub.partner.PartnerApi.ListPartners;
import io.partnerhub.partner.PartnerApi.Partner;
import io.partnerhub.partner.PartnerApi.PartnerChanges;
import io.partnerhub.partner.PartnerApi.PartnerPage;
import io.partnerhub.partner.PartnerApi.PartnerRemoval;
import io.partnerhub.partner.PartnerApi.PartnerStatus;
import io.partnerhub.partner.PartnerApi.UpdatePartner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Partner use cases. Every query runs scoped to the caller, so a partner user reaches only its own
 * partner (RLS); it may edit that partner's contact details and custom fields, nothing else.
 */
final class PartnerService {
  private static final Set<String> PARTNER_USER_FIELDS =
      Set.of("contactEmail", "website", "region", "customFields");

  private final Database database;
  private final PartnerRepository repository = new PartnerRepository();
  private final SessionStore sessions;

  PartnerService(Database database, SessionStore sessions) {
    this.database = database;
    this.sessions = sessions;
  }

  /** Writes the event of a change to {@code partner} in the change's transaction. */
  static Future<Void> record(
      SqlConnection conn, String type, TenantContext context, Partner partner) {
    return Outbox.append(
        conn,
        DomainEvent.of(
            type,
            context.organizationId(),
            DomainEvent.Actor.of(context),
            partner.id(),
            partner.id(),
            partner));
  }

  /**
   * A partner as saved, and the users whose sessions end with this change (its status became
   * barred).
   */
  private record Saved(Partner partner, List<UUID> signedOut) {}

  Future<Partner> create(CreatePartner request) {
    TenantContext context = request.context();
    context.requireVendorUser("create or remove partners");
    Partner draft =
        new Partner(
            null,
            trim(request.name()),
            request.type(),
            request.tier(),
            request.status() == null ? PartnerStatus.PROSPECT : request.status(),
            request.contactEmail(),
            request.website(),
            request.region(),
            request.customFields(),
            0,
            null,
            null);
    return database.inTenant(
        context,
        conn ->
            PartnerConfiguration.CATEGORY
                .read(conn)
                .compose(
                    settings -> {
                      PartnerRules.check(draft, settings);
                      return repository.insert(conn, context.organizationId(), draft);
                    })
                .compose(
                    partner -> record(conn, PartnerApi.CREATED, context, partner).map(partner)));
  }

  Future<PartnerPage> list(ListPartners request) {
    PartnerRepository.Sort sort = PartnerRepository.Sort.parse(request.sort());
    int limit = Paging.limit(request.limit());
    JsonArray after = Paging.decodeCursor(request.cursor(), 2);
    UUID afterId = after == null ? null : uuid(after.getString(1));
    return database.inTenant(
        request.context(),
        conn ->
            repository
                .list(
                    conn,
                    request,
                    sort,
                    after == null ? null : after.getString(0),
                    afterId,
                    limit + 1)
                .compose(
                    rows ->
                        rows.isEmpty()
                            ? checkConfiguredFilters(conn, request).map(rows)
                            : Future.succeededFuture(rows))
                .map(
                    rows ->
                        Paging.slice(
                            rows,
                            limit,
                            last -> new Object[] {sort.cursorValue(last), last.id().toString()}))
                .map(page -> new PartnerPage(page.items(), page.nextCursor())));
  }

  /**
   * A tier or type filter that found nothing must name a value of the tenant's configuration: a
   * typo is a 400, not an empty page. Checked only then, so a list that finds rows costs no
   * settings read.
   */
  private static Future<Void> checkConfiguredFilters(SqlConnection conn, ListPartners request) {
    if (request.tier() == null && request.type() == null) {
      return Future.succeededFuture();
    }
    return PartnerConfiguration.CATEGORY
        .read(conn)
        .map(
            settings -> {
              Paging.oneOf("tier", request.tier(), settings.getJsonArray("tiers").getList());
              Paging.oneOf("type", request.type(), settings.getJsonArray("types").getList());
              return null;
            });
  }

  Future<Partner> get(GetPartner request) {
    return database.inTenant(request.context(), conn -> found(conn, request.id(), false));
  }

  Future<Partner> update(UpdatePartner request) {
    TenantContext context = request.context();
    PartnerChanges changes = Changes.required(request.changes());
    if (context.partnerId() != null
        && !PARTNER_USER_FIELDS.containsAll(Patch.sentFields(changes))) {
      throw new ServiceException(
          FailureCode.FORBIDDEN, "A partner user may change only " + PARTNER_USER_FIELDS);
    }
    return database
        .inTenant(
            context,
            conn ->
                found(conn, request.id(), true)
                    .compose(
                        current -> {
                          Versions.check("partner", current.version(), request.expectedVersion());
                          Partner merged = Patch.merge(current, changes);
                          return PartnerConfiguration.CATEGORY
                              .read(conn)
                              .compose(
                                  settings -> {
                                    PartnerRules.check(merged, settings);
                                    return repository.update(conn, merged);
                                  })
                              .compose(updated -> saved(conn, current, updated))
                              .compose(
                                  saved ->
                                      record(conn, PartnerApi.UPDATED, context, saved.partner())
                                          .map(saved));
                        }))
        .compose(saved -> endSessions(saved.signedOut()).map(saved.partner()));
  }

  Future<PartnerRemoval> delete(DeletePartner request) {
    TenantContext context = request.context();
    context.requireVendorUser("create or remove partners");
    return database
        .inTenant(
            context,
            conn ->
                found(conn, request.id(), true)
                    .compose(
                        current -> {
                          Versions.check("partner", current.version(), request.expectedVersion());
                          return repository
                              .isReferenced(conn, current.id())
                              .compose(
                                  referenced ->
                                      referenced
                                          ? repository
                                              .update(conn, Patch.merge(current, Archive.CHANGES))
                                              .compose(archived -> saved(conn, current, archived))
                                              .map(archive -> new Removed(false, archive))
                                          : repository
                                              .delete(conn, current.id())
                                              .map(
                                                  deleted ->
                                                      new Removed(
                                                          true, new Saved(current, List.of()))))
                              .compose(
                                  removed ->
                                      record(
                                              conn,
                                              removed.deleted()
                                                  ? PartnerApi.DELETED
                                                  : PartnerApi.UPDATED,
                                              context,
                                              removed.saved().partner())
                                          .map(removed));
                        }))
        .compose(
            removed ->
                endSessions(removed.saved().signedOut())
                    .map(
                        new PartnerRemoval(
                            removed.deleted(),
                            removed.deleted() ? null : removed.saved().partner())));
  }

  private record Removed(boolean deleted, Saved saved) {}

  /** What archiving a partner changes. */
  private record Archive(Patch<PartnerStatus> status) implements Changes {
    static final Archive CHANGES = new Archive(Patch.of(PartnerStatus.TERMINATED));
  }

  /**
   * When the status has just become barred, the partner's users, whose sessions must end after
   * commit.
   */
  private Future<Saved> saved(SqlConnection conn, Partner before, Partner after) {
    boolean barredNow = after.status().barred() && !before.status().barred();
    return barredNow
        ? repository.userIds(conn, after.id()).map(users -> new Saved(after, users))
        : Future.succeededFuture(new Saved(after, List.of()));
  }

  private Future<Void> endSessions(List<UUID> users) {
    return Future.all(users.stream().map(sessions::revokeUser).toList()).mapEmpty();
  }

  private Future<Partner> found(SqlConnection conn, UUID id, boolean forUpdate) {
    return repository
        .find(conn, id, forUpdate)
        .map(
            partner -> {
              if (partner == null) {
                throw ServiceException.notFound("Partner " + id);
              }
              return partner;
            });
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
  }

  private static UUID uuid(String value) {
    UUID id = Ids.parse(value);
    if (id == null) {
      throw Paging.invalidCursor();
    }
    return id;
  }
}
