package io.partnerhub.organization;

import io.partnerhub.user.Passwords;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.db.Database;
import io.partnerhub.organization.OrganizationApi.OrganizationView;
import io.partnerhub.organization.OrganizationApi.ProvisionOrganization;
import io.partnerhub.organization.OrganizationApi.ProvisionResult;
import io.partnerhub.kernel.Emails;
import io.partnerhub.user.Roles;
import io.partnerhub.user.UserRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.regex.Pattern;

/** Creates a tenant and its first admin in one transaction (used by the bus and by the CLI). */
public final class OrganizationService {
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
  private final Database database;
  private final Passwords passwords;

  public OrganizationService(Database database, Passwords passwords) {
    this.database = database;
    this.passwords = passwords;
  }

  public Future<ProvisionResult> provision(ProvisionOrganization request) {
    JsonObject problems = new JsonObject();
    if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
      problems.put("name", "required, at most 200 characters");
    }
    if (request.subdomain() == null || !SUBDOMAIN.matcher(request.subdomain()).matches()) {
      problems.put("subdomain", "3 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen");
    }
    String adminEmail = UserRules.checkEmail(request.adminEmail(), "adminEmail", problems);
    UserRules.checkPassword(request.adminPassword(), "adminPassword", problems);
    if (!problems.isEmpty()) {
      return Future.failedFuture(ServiceException.validation("Invalid organization", problems));
    }
    UUID organizationId = UUID.randomUUID();
    return passwords.hash(request.adminPassword()).compose(hash -> database.inTenant(organizationId, conn -> conn
        .preparedQuery("INSERT INTO organizations (id, name, subdomain) VALUES ($1, $2, $3)"
            + " RETURNING id, name, subdomain, status, created_at")
        .execute(Tuple.of(organizationId, request.name().trim(), request.subdomain()))
        .compose(orgRows -> conn
            .preparedQuery("INSERT INTO users (organization_id, email, email_skeleton, password_hash, role)"
                + " VALUES ($1, $2, $3, $4, $5) RETURNING id, organization_id, email, role, status, partner_id")
            .execute(Tuple.of(organizationId, adminEmail, Emails.skeleton(adminEmail), hash, Roles.ADMIN))
            .map(userRows -> new ProvisionResult(organization(orgRows.iterator().next()),
                UserRules.view(userRows.iterator().next()))))))
        .recover(failure -> Future.failedFuture(failure instanceof ServiceException e
            && e.code() == io.partnerhub.kernel.FailureCode.CONFLICT
            ? new ServiceException(e.code(), "Subdomain already taken") : failure));
  }

  /** The id of the active organization with this subdomain, or NOT_FOUND. */
  public Future<UUID> idOf(String subdomain) {
    return database.forSubdomainLookup(subdomain == null ? "" : subdomain, conn -> conn
        .preparedQuery("SELECT id FROM organizations WHERE subdomain = $1 AND status = 'active'")
        .execute(Tuple.of(subdomain))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ServiceException.notFound("Organization " + subdomain);
          }
          return rows.iterator().next().getUUID("id");
        }));
  }

  private static OrganizationView organization(Row row) {
    return new OrganizationView(row.getUUID("id"), row.getString("name"), row.getString("subdomain"),
        row.getString("status"), row.getOffsetDateTime("created_at").toInstant());
  }
}
