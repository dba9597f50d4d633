package io.partnerhub.organization;

import io.partnerhub.bus.Endpoint;
import io.partnerhub.user.UserApi.UserView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Event-bus API of tenant provisioning (a platform operation: no tenant context). */
public final class OrganizationApi {
  private OrganizationApi() {}

  public record ProvisionOrganization(
      String name, String subdomain, String adminEmail, String adminPassword) {
    @Override
    public String toString() {
      return "ProvisionOrganization[name="
          + name
          + ", subdomain="
          + subdomain
          + ", adminPassword=***]";
    }
  }

  public record OrganizationView(
      UUID id, String name, String subdomain, String status, Instant createdAt) {}

  public record ProvisionResult(OrganizationView organization, UserView admin) {}

  public static final Endpoint<ProvisionOrganization, ProvisionResult> PROVISION =
      Endpoint.of(
          "partnerhub.organizations.provision",
          ProvisionOrganization.class,
          ProvisionResult.class,
          null);

  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(PROVISION);
}
