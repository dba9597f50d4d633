package io.partnerhub.mail;

import io.partnerhub.bus.TenantContext;
import io.partnerhub.db.Database;
import io.partnerhub.kernel.ServiceException;
import io.partnerhub.mail.MailApi.DeadMail;
import io.partnerhub.mail.MailApi.DeadMailPage;
import io.partnerhub.mail.MailApi.ListDeadMail;
import io.partnerhub.mail.MailApi.ResendMail;
import io.vertx.core.Future;

/**
 * Mail that failed for good, for a tenant's vendor users holding the mail permissions (the built-in
 * admin): list it, and send one again. A partner user is refused whatever its role says: the
 * tenant's mail goes to every kind of user.
 */
final class DeadLetters {
  private final Database database;

  DeadLetters(Database database) {
    this.database = database;
  }

  Future<DeadMailPage> list(ListDeadMail request) {
    return database.inTenant(
        vendor(request.context()),
        conn -> MailQueue.deadLetters(conn, request.limit(), request.cursor()));
  }

  Future<DeadMail> resend(ResendMail request) {
    return database.inTenant(
        vendor(request.context()),
        conn ->
            MailQueue.resend(conn, request.id())
                .map(
                    mail -> {
                      if (mail == null) {
                        throw ServiceException.notFound("Dead mail " + request.id());
                      }
                      return mail;
                    }));
  }

  private static TenantContext vendor(TenantContext context) {
    context.requireVendorUser("read or resend the tenant's mail");
    return context;
  }
}
