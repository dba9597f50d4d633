package io.partnerhub.recruitment;

import io.partnerhub.db.Rows;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.kernel.Paging;
import io.partnerhub.recruitment.RecruitmentApi.Acceptance;
import io.partnerhub.recruitment.RecruitmentApi.Application;
import io.partnerhub.recruitment.RecruitmentApi.SubmitApplication;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of partner applications and agreement acceptances, inside a tenant's transaction. */
final class RecruitmentRepository {
  private static final String COLUMNS =
      "id, company_name, contact_name, contact_email, partner_type, website, message,"
          + " custom_fields::text AS custom_fields, status, rejection_reason, reviewed_by,"
          + " reviewed_at, partner_id, invitation_id, created_at";

  Future<Application> insert(
      SqlConnection conn, UUID id, UUID organizationId, SubmitApplication form, String email) {
    return conn.preparedQuery(
            "INSERT INTO partner_applications (id, organization_id, company_name, contact_name,"
                + " contact_email, partner_type, website, message, custom_fields) VALUES ($1, $2, $3,"
                + " $4, $5, $6, $7, $8, $9::text::jsonb) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  organizationId,
                  form.companyName().strip(),
                  form.contactName().strip(),
                  email,
                  form.partnerType(),
                  form.website(),
                  form.message(),
                  Jsons.encode(form.customFields() == null ? new JsonObject() : form.customFields())
                }))
        .map(rows -> applications(rows).get(0));
  }

  Future<Application> find(SqlConnection conn, UUID id, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM partner_applications WHERE id = $1"
                + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(applications(rows)));
  }

  Future<List<Application>> list(
      SqlConnection conn, String status, Paging.TimeKey before, int limit) {
    return conn.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM partner_applications WHERE ($1::text IS NULL OR status = $1) AND"
                + " ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))"
                + " ORDER BY created_at DESC, id DESC LIMIT $4")
        .execute(Tuple.of(status, before.time(), before.id(), limit))
        .map(RecruitmentRepository::applications);
  }

  Future<Application> approved(
      SqlConnection conn, UUID id, UUID reviewer, UUID partnerId, UUID invitationId) {
    return conn.preparedQuery(
            "UPDATE partner_applications SET status = 'approved', reviewed_by = $2, reviewed_at ="
                + " clock_timestamp(), partner_id = $3, invitation_id = $4 WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, reviewer, partnerId, invitationId))
        .map(rows -> applications(rows).get(0));
  }

  Future<Application> rejected(SqlConnection conn, UUID id, UUID reviewer, String reason) {
    return conn.preparedQuery(
            "UPDATE partner_applications SET status = 'rejected', reviewed_by = $2, reviewed_at ="
                + " clock_timestamp(), rejection_reason = $3 WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(Tuple.of(id, reviewer, reason))
        .map(rows -> applications(rows).get(0));
  }

  /** The partner's acceptance of {@code version}, or null. */
  Future<Acceptance> acceptance(SqlConnection conn, UUID partnerId, String version) {
    return conn.preparedQuery(
            "SELECT partner_id, user_id, version, text_sha256, accepted_at FROM"
                + " partner_agreement_acceptances WHERE partner_id = $1 AND version = $2")
        .execute(Tuple.of(partnerId, version))
        .map(rows -> rows.size() == 0 ? null : acceptance(rows.iterator().next()));
  }

  Future<Acceptance> accept(
      SqlConnection conn,
      UUID organizationId,
      UUID partnerId,
      UUID userId,
      String version,
      String textSha256) {
    return conn.preparedQuery(
            "INSERT INTO partner_agreement_acceptances (organization_id, partner_id, user_id,"
                + " version, text_sha256) VALUES ($1, $2, $3, $4, $5) RETURNING partner_id,"
                + " user_id, version, text_sha256, accepted_at")
        .execute(Tuple.of(organizationId, partnerId, userId, version, textSha256))
        .map(rows -> acceptance(rows.iterator().next()));
  }

  private static Acceptance acceptance(Row row) {
    return new Acceptance(
        row.getUUID("partner_id"),
        row.getUUID("user_id"),
        row.getString("version"),
        row.getString("text_sha256"),
        Rows.instant(row, "accepted_at"));
  }

  private static List<Application> applications(RowSet<Row> rows) {
    List<Application> applications = new ArrayList<>();
    for (Row row : rows) {
      applications.add(
          new Application(
              row.getUUID("id"),
              row.getString("company_name"),
              row.getString("contact_name"),
              row.getString("contact_email"),
              row.getString("partner_type"),
              row.getString("website"),
              row.getString("message"),
              Jsons.decode(row.getString("custom_fields")),
              row.getString("status"),
              row.getString("rejection_reason"),
              row.getUUID("reviewed_by"),
              Rows.instant(row, "reviewed_at"),
              row.getUUID("partner_id"),
              row.getUUID("invitation_id"),
              Rows.instant(row, "created_at")));
    }
    return applications;
  }
}
