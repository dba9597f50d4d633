package io.partnerhub.partner;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.kernel.FailureCode;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.partner.PartnerApi.Partner;
import io.partnerhub.partner.PartnerApi.PartnerStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * A recruited partner's first steps, in the caller's transaction (decision 198): created {@code
 * onboarding} from an approved application, with the tenant's rules and its {@code partner.created}
 * event; made {@code active} once its partner admin has accepted the program agreement.
 */
public final class PartnerOnboarding {
  private final PartnerRepository repository = new PartnerRepository();

  /** A new partner in status onboarding, of the tenant's first (lowest) tier. */
  public Future<Partner> create(
      SqlConnection conn,
      TenantContext context,
      String name,
      String type,
      String contactEmail,
      String website) {
    return PartnerConfiguration.CATEGORY
        .read(conn)
        .compose(
            settings -> {
              Partner draft =
                  new Partner(
                      null,
                      name.strip(),
                      type,
                      settings.getJsonArray("tiers").getString(0),
                      PartnerStatus.ONBOARDING,
                      contactEmail,
                      website,
                      null,
                      new JsonObject(),
                      0,
                      null,
                      null);
              PartnerRules.check(draft, settings);
              return repository.insert(conn, context.organizationId(), draft);
            })
        .compose(
            partner ->
                PartnerService.record(conn, PartnerApi.CREATED, context, partner).map(partner));
  }

  /** The tenant's partner types (what an applicant chooses from). */
  public Future<java.util.List<String>> types(SqlConnection conn) {
    return PartnerConfiguration.CATEGORY
        .read(conn)
        .map(settings -> settings.getJsonArray("types").stream().map(Object::toString).toList());
  }

  /** Onboarding to active; CONFLICT when the partner is in another status. */
  public Future<Partner> activate(SqlConnection conn, TenantContext context, UUID partnerId) {
    return repository
        .find(conn, partnerId, true)
        .compose(
            current -> {
              if (current == null) {
                throw ServiceException.notFound("Partner " + partnerId);
              }
              if (current.status() != PartnerStatus.ONBOARDING) {
                throw new ServiceException(
                    FailureCode.CONFLICT,
                    "The partner is " + current.status().text() + ", not onboarding");
              }
              return repository.update(
                  conn,
                  new Partner(
                      current.id(),
                      current.name(),
                      current.type(),
                      current.tier(),
                      PartnerStatus.ACTIVE,
                      current.contactEmail(),
                      current.website(),
                      current.region(),
                      current.customFields(),
                      current.version(),
                      current.createdAt(),
                      current.updatedAt()));
            })
        .compose(
            partner ->
                PartnerService.record(conn, PartnerApi.UPDATED, context, partner).map(partner));
  }
}
