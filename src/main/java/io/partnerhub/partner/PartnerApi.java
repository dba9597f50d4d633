package io.partnerhub.partner;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.bus.TenantContext;
import io.partnerhub.bus.TenantRequest;
import io.partnerhub.kernel.Changes;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.Patch;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Event-bus API of partners. Types, tiers and the custom-field schema come from configuration. */
public final class PartnerApi {
  private PartnerApi() {}

  public static final String READ = "partners:read";
  public static final String WRITE = "partners:write";

  /** Where a partner stands with the vendor. */
  public enum PartnerStatus implements DomainValue {
    PROSPECT,
    ONBOARDING,
    ACTIVE,
    SUSPENDED,
    TERMINATED;

    /**
     * A barred partner may not register deals, and its users may not log in (their sessions end).
     */
    public boolean barred() {
      return this == SUSPENDED || this == TERMINATED;
    }
  }

  public static final String CREATED = "partner.created";
  public static final String UPDATED = "partner.updated";
  public static final String DELETED = "partner.deleted";

  /** {@code customFields}: a JSON object, {} when there are none. */
  public record Partner(
      UUID id,
      String name,
      String type,
      String tier,
      PartnerStatus status,
      String contactEmail,
      String website,
      String region,
      Object customFields,
      int version,
      Instant createdAt,
      Instant updatedAt) {
    public Partner {
      customFields = customFields == null ? new JsonObject() : Jsons.wrap(customFields);
    }
  }

  /** {@code status}: prospect when null. */
  public record CreatePartner(
      TenantContext context,
      String name,
      String type,
      String tier,
      PartnerStatus status,
      String contactEmail,
      String website,
      String region,
      Object customFields)
      implements TenantRequest {
    public CreatePartner {
      customFields = Jsons.wrap(customFields);
    }
  }

  /**
   * {@code sort}: name (default), -name, createdAt or -createdAt; {@code q} matches within the
   * name.
   */
  public record ListPartners(
      TenantContext context,
      PartnerStatus status,
      String tier,
      String type,
      String q,
      String sort,
      Integer limit,
      String cursor)
      implements TenantRequest {}

  public record PartnerPage(List<Partner> items, String nextCursor) {}

  public record GetPartner(TenantContext context, UUID id) implements TenantRequest {}

  /**
   * Changes the fields {@code changes} sends; a partner user may send only contact details and
   * custom fields.
   */
  public record UpdatePartner(
      TenantContext context, UUID id, PartnerChanges changes, Integer expectedVersion)
      implements TenantRequest {}

  /** A partner's fields a PATCH may send; customFields null clears them (to {}). */
  public record PartnerChanges(
      Patch<String> name,
      Patch<String> type,
      Patch<String> tier,
      Patch<PartnerStatus> status,
      Patch<String> contactEmail,
      Patch<String> website,
      Patch<String> region,
      Patch<JsonObject> customFields)
      implements Changes {}

  public record DeletePartner(TenantContext context, UUID id, Integer expectedVersion)
      implements TenantRequest {}

  /** A partner with history is archived (status terminated), one without is deleted. */
  public record PartnerRemoval(boolean deleted, Partner archived) {}

  public static final Endpoint<CreatePartner, Partner> CREATE =
      Endpoint.of("partnerhub.partners.create", CreatePartner.class, Partner.class, WRITE);
  public static final Endpoint<ListPartners, PartnerPage> LIST =
      Endpoint.of("partnerhub.partners.list", ListPartners.class, PartnerPage.class, READ);
  public static final Endpoint<GetPartner, Partner> GET =
      Endpoint.of("partnerhub.partners.get", GetPartner.class, Partner.class, READ);
  public static final Endpoint<UpdatePartner, Partner> UPDATE =
      Endpoint.of("partnerhub.partners.update", UpdatePartner.class, Partner.class, WRITE);
  public static final Endpoint<DeletePartner, PartnerRemoval> DELETE =
      Endpoint.of("partnerhub.partners.delete", DeletePartner.class, PartnerRemoval.class, WRITE);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(CREATE, LIST, GET, UPDATE, DELETE);
}
