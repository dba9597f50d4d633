package io.partnerhub.organization;

import io.partnerhub.db.Database;
import io.partnerhub.input.Emails;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.organization.OrganizationApi.ProvisionOrganization;
import io.partnerhub.organization.OrganizationApi.ProvisionResult;
import io.partnerhub.user.Passwords;
import io.partnerhub.user.Roles;
import io.partnerhub.user.UserApi.UserView;
import io.partnerhub.user.UserRepository;
import io.vertx.core.Future;
import java.util.UUID;

/** Creates a tenant and its first admin in one transaction (used by the bus and by the CLI). */
public final class OrganizationService {
  private final Database database;
  private final OrganizationRepository repository = new OrganizationRepository();
  private final UserRepository users = new UserRepository();
  private final Passwords passwords;

  public OrganizationService(Database database, Passwords passwords) {
    this.database = database;
    this.passwords = passwords;
  }

  public Future<ProvisionResult> provision(ProvisionOrganization request) {
    String adminEmail = Emails.normalize(request.adminEmail());
    UUID organizationId = UUID.randomUUID();
    return passwords
        .hashNew("adminPassword", request.adminPassword())
        .compose(
            hash ->
                database.inTenant(
                    organizationId,
                    conn ->
                        repository
                            .insert(
                                conn, organizationId, request.name().trim(), request.subdomain())
                            .compose(
                                organization ->
                                    users
                                        .insert(
                                            conn,
                                            organizationId,
                                            adminEmail,
                                            hash,
                                            Roles.ADMIN,
                                            null)
                                        .map(
                                            admin ->
                                                new ProvisionResult(
                                                    organization,
                                                    new UserView(
                                                        admin.id(),
                                                        organizationId,
                                                        admin.email(),
                                                        admin.role(),
                                                        admin.status(),
                                                        admin.partnerId()))))))
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof ServiceException e
                            && e.code() == io.partnerhub.kernel.FailureCode.CONFLICT
                        ? new ServiceException(e.code(), "Subdomain already taken")
                        : failure));
  }

  /** The id of the active organization with this subdomain, or NOT_FOUND. */
  public Future<UUID> idOf(String subdomain) {
    return database.forSubdomainLookup(
        subdomain == null ? "" : subdomain,
        conn ->
            repository
                .activeId(conn, subdomain)
                .map(
                    id -> {
                      if (id == null) {
                        throw ServiceException.notFound("Organization " + subdomain);
                      }
                      return id;
                    }));
  }
}
