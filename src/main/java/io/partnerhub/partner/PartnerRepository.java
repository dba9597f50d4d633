package io.partnerhub.partner;

import io.partnerhub.db.Rows;
import io.partnerhub.kernel.DomainValue;
import io.partnerhub.kernel.Jsons;
import io.partnerhub.partner.PartnerApi.Partner;
import io.partnerhub.partner.PartnerApi.PartnerStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL of partners, inside a caller-scoped transaction (RLS limits a partner user to its own row).
 */
final class PartnerRepository {
  private static final String COLUMNS =
      "id, name, type, tier, status, contact_email, website, region,"
          + " custom_fields::text AS custom_fields, version, created_at, updated_at";

  /** List orders; each is a keyset (sort column, id) with its own prepared statement. */
  enum Sort {
    NAME("name", "text", false),
    NAME_DESC("name", "text", true),
    CREATED("created_at", "timestamptz", false),
    CREATED_DESC("created_at", "timestamptz", true);

    final String column;
    final String type;
    final boolean descending;

    Sort(String column, String type, boolean descending) {
      this.column = column;
      this.type = type;
      this.descending = descending;
    }

    static Sort parse(String sort) {
      return switch (sort == null ? "name" : sort) {
        case "name" -> NAME;
        case "-name" -> NAME_DESC;
        case "createdAt" -> CREATED;
        case "-createdAt" -> CREATED_DESC;
        default -> throw new IllegalArgumentException("openapi.yaml lets through no sort " + sort);
      };
    }

    String cursorValue(Partner partner) {
      return column.equals("name") ? partner.name() : partner.createdAt().toString();
    }
  }

  private static final Map<Sort, String> LIST_QUERIES = new EnumMap<>(Sort.class);

  static {
    for (Sort sort : Sort.values()) {
      LIST_QUERIES.put(
          sort,
          String.format(
              "SELECT %1$s FROM partners"
                  + " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR tier = $2)"
                  + " AND ($3::text IS NULL OR type = $3) AND ($4::text IS NULL OR name ILIKE '%%' || $4 || '%%')"
                  + " AND ($5::text IS NULL OR (%2$s, id) %3$s ($5::text::%4$s, $6::uuid))"
                  + " ORDER BY %2$s %5$s, id %5$s LIMIT $7",
              COLUMNS,
              sort.column,
              sort.descending ? "<" : ">",
              sort.type,
              sort.descending ? "DESC" : "ASC"));
    }
  }

  Future<List<Partner>> list(
      SqlConnection conn,
      PartnerApi.ListPartners filter,
      Sort sort,
      String afterValue,
      UUID afterId,
      int limit) {
    String q =
        filter.q() == null
            ? null
            : filter.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return conn.preparedQuery(LIST_QUERIES.get(sort))
        .execute(
            Tuple.from(
                new Object[] {
                  DomainValue.textOf(filter.status()),
                  filter.tier(),
                  filter.type(),
                  q,
                  afterValue,
                  afterId,
                  limit
                }))
        .map(PartnerRepository::partners);
  }

  Future<Partner> find(SqlConnection conn, UUID id, boolean forUpdate) {
    return conn.preparedQuery(
            "SELECT " + COLUMNS + " FROM partners WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(partners(rows)));
  }

  Future<Partner> insert(SqlConnection conn, UUID organizationId, Partner partner) {
    return conn.preparedQuery(
            "INSERT INTO partners (organization_id, name, type, tier, status, contact_email, website,"
                + " region, custom_fields) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb) RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  organizationId,
                  partner.name(),
                  partner.type(),
                  partner.tier(),
                  partner.status().text(),
                  partner.contactEmail(),
                  partner.website(),
                  partner.region(),
                  Jsons.encode(partner.customFields())
                }))
        .map(rows -> Rows.first(partners(rows)));
  }

  Future<Partner> update(SqlConnection conn, Partner partner) {
    return conn.preparedQuery(
            "UPDATE partners SET name = $2, type = $3, tier = $4, status = $5, contact_email = $6,"
                + " website = $7, region = $8, custom_fields = $9::text::jsonb, version = version + 1,"
                + " updated_at = clock_timestamp()"
                + " WHERE id = $1 RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  partner.id(),
                  partner.name(),
                  partner.type(),
                  partner.tier(),
                  partner.status().text(),
                  partner.contactEmail(),
                  partner.website(),
                  partner.region(),
                  Jsons.encode(partner.customFields())
                }))
        .map(rows -> Rows.first(partners(rows)));
  }

  /**
   * True when opportunities or users refer to the partner, so it must be archived rather than
   * deleted.
   */
  Future<Boolean> isReferenced(SqlConnection conn, UUID id) {
    return conn.preparedQuery(
            "SELECT EXISTS (SELECT 1 FROM opportunities WHERE partner_id = $1)"
                + " OR EXISTS (SELECT 1 FROM users WHERE partner_id = $1) AS referenced")
        .execute(Tuple.of(id))
        .map(rows -> rows.iterator().next().getBoolean("referenced"));
  }

  /** The partner's users: their sessions end when the partner is suspended or terminated. */
  Future<List<UUID>> userIds(SqlConnection conn, UUID partnerId) {
    return conn.preparedQuery("SELECT id FROM users WHERE partner_id = $1")
        .execute(Tuple.of(partnerId))
        .map(
            rows -> {
              List<UUID> ids = new ArrayList<>(rows.size());
              rows.forEach(row -> ids.add(row.getUUID("id")));
              return ids;
            });
  }

  Future<Void> delete(SqlConnection conn, UUID id) {
    return conn.preparedQuery("DELETE FROM partners WHERE id = $1")
        .execute(Tuple.of(id))
        .mapEmpty();
  }

  private static List<Partner> partners(RowSet<Row> rows) {
    List<Partner> items = new ArrayList<>(rows.size());
    for (Row row : rows) {
      items.add(
          new Partner(
              row.getUUID("id"),
              row.getString("name"),
              row.getString("type"),
              row.getString("tier"),
              DomainValue.parse(PartnerStatus.class, row.getString("status")),
              row.getString("contact_email"),
              row.getString("website"),
              row.getString("region"),
              Jsons.decode(row.getString("custom_fields")),
              row.getInteger("version"),
              row.getOffsetDateTime("created_at").toInstant(),
              row.getOffsetDateTime("updated_at").toInstant()));
    }
    return items;
  }
}
