package io.partnerhub.db;

import io.partnerhub.input.Emails;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes stored e-mail addresses and gives each user its confusable skeleton under a unique
 * index per tenant. Java, not SQL: the skeleton is ICU4J's (PostgreSQL has no UTS #39). Flyway
 * reads the version, 5.1, from the class name. Existing users are never refused: a row whose
 * normalized address or skeleton an earlier row of its tenant already took (addresses already in
 * normal form go first, then oldest first) keeps its address as it was and no skeleton, and is
 * logged for an operator to resolve; every new look-alike is refused against the earlier row.
 */
public final class V5_1__Email_skeletons extends BaseJavaMigration {
  private static final Logger LOG = LoggerFactory.getLogger(V5_1__Email_skeletons.class);

  @Override
  public void migrate(Context context) throws SQLException {
    Connection conn = context.getConnection();
    try (Statement ddl = conn.createStatement()) {
      ddl.execute("ALTER TABLE users ADD COLUMN email_skeleton text");
      // the owner is subject to FORCE ROW LEVEL SECURITY too: lift it for this transaction only
      ddl.execute("ALTER TABLE users NO FORCE ROW LEVEL SECURITY");
      backfill(conn);
      ddl.execute("ALTER TABLE users FORCE ROW LEVEL SECURITY");
      ddl.execute(
          "CREATE UNIQUE INDEX users_org_email_skeleton ON users (organization_id, email_skeleton)");
    }
  }

  /** A user as stored before this migration. */
  private record Stored(UUID id, String tenant, String email, String normalized) {
    boolean alreadyNormal() {
      return email.equals(normalized);
    }
  }

  private static void backfill(Connection conn) throws SQLException {
    List<Stored> users = new ArrayList<>();
    try (Statement select = conn.createStatement();
        ResultSet rows =
            select.executeQuery(
                "SELECT id, organization_id, email FROM users ORDER BY created_at, id")) {
      while (rows.next()) {
        String email = rows.getString("email");
        users.add(
            new Stored(
                rows.getObject("id", UUID.class),
                rows.getString("organization_id"),
                email,
                Emails.normalize(email)));
      }
    }
    // an address already in normal form keeps it: no rewritten one may take it away
    users.sort(Comparator.comparing(stored -> !stored.alreadyNormal()));
    Set<String> taken = new HashSet<>();
    try (PreparedStatement update =
        conn.prepareStatement("UPDATE users SET email = ?, email_skeleton = ? WHERE id = ?")) {
      for (Stored user : users) {
        String skeleton = Emails.skeleton(user.normalized());
        boolean addressFree = taken.add(user.tenant() + " address " + user.normalized());
        boolean skeletonFree = taken.add(user.tenant() + " skeleton " + skeleton);
        if (!addressFree || !skeletonFree) {
          LOG.warn(
              "User {} keeps its e-mail address as it was and no skeleton: an older user of its organization"
                  + " has one that looks the same",
              user.id());
        }
        update.setString(1, addressFree ? user.normalized() : user.email());
        update.setString(2, addressFree && skeletonFree ? skeleton : null);
        update.setObject(3, user.id());
        update.addBatch();
      }
      update.executeBatch();
    }
  }
}
