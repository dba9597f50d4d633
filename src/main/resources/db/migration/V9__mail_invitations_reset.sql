-- Issue 16 (part A): outgoing mail, invitations and password resets. V10 is left to notifications.

-- Mail waiting to be sent, sent, or given up (dead). A row is written in the transaction of the change that
-- causes it (MailQueue.enqueue), so a mail exists if and only if that change commits; dedupe_key makes a
-- second enqueue of the same mail (an event delivered twice) a no-op. variables may hold a one-time link:
-- they are cleared once the mail is sent (decision 192).
CREATE TABLE outgoing_mail (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,62}$'),
  to_address      text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  to_name         text CHECK (length(to_name) <= 200),
  variables       jsonb NOT NULL,
  dedupe_key      text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- the dispatcher that claimed the row sends it until then; another may take it over afterwards
  claimed_until   timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at         timestamptz,
  dead_at         timestamptz,
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, dedupe_key)
);
CREATE INDEX outgoing_mail_due ON outgoing_mail (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outgoing_mail_dead ON outgoing_mail (organization_id, dead_at DESC, id DESC) WHERE state = 'dead';
CREATE INDEX outgoing_mail_sent ON outgoing_mail (sent_at) WHERE state = 'sent';

-- Wakes the mail dispatcher when a transaction that queued mail commits (never for a rollback).
CREATE FUNCTION outgoing_mail_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('partnerhub_mail', '');
  RETURN NULL;
END $$;
CREATE TRIGGER outgoing_mail_queued AFTER INSERT ON outgoing_mail
  FOR EACH STATEMENT EXECUTE FUNCTION outgoing_mail_notify();

ALTER TABLE outgoing_mail ENABLE ROW LEVEL SECURITY;
ALTER TABLE outgoing_mail FORCE ROW LEVEL SECURITY;
CREATE POLICY outgoing_mail_tenant ON outgoing_mail
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
-- The dispatcher claims due mail of every tenant in one statement and purges old sent rows
-- (app.mail_dispatch); it reads and sends each one afterwards inside that mail's tenant.
CREATE POLICY outgoing_mail_dispatch_read ON outgoing_mail FOR SELECT
  USING (current_setting('app.mail_dispatch', true) = 'on');
CREATE POLICY outgoing_mail_dispatch_claim ON outgoing_mail FOR UPDATE
  USING (current_setting('app.mail_dispatch', true) = 'on')
  WITH CHECK (current_setting('app.mail_dispatch', true) = 'on');
CREATE POLICY outgoing_mail_dispatch_purge ON outgoing_mail FOR DELETE
  USING (current_setting('app.mail_dispatch', true) = 'on' AND state = 'sent');
GRANT SELECT, INSERT, UPDATE, DELETE ON outgoing_mail TO ${app_role};

-- Invitations to join a tenant (or one of its partners) with a role. Only the SHA-256 of the one-time
-- token is stored; the token names the tenant and the invitation, so accepting needs no tenant.
CREATE TABLE invitations (
  id               uuid NOT NULL PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  email            text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  role             text NOT NULL CHECK (role ~ '^[a-z][a-z0-9_]{0,62}$'),
  partner_id       uuid,
  token_hash       text NOT NULL,
  invited_by       uuid NOT NULL,
  expires_at       timestamptz NOT NULL,
  sent_count       integer NOT NULL DEFAULT 1,
  accepted_at      timestamptz,
  accepted_user_id uuid,
  revoked_at       timestamptz,
  revoked_by       uuid,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (organization_id, id),
  CHECK (accepted_at IS NULL OR revoked_at IS NULL),
  FOREIGN KEY (organization_id, partner_id) REFERENCES partners (organization_id, id),
  FOREIGN KEY (organization_id, invited_by) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, accepted_user_id) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, revoked_by) REFERENCES users (organization_id, id)
);
CREATE INDEX invitations_by_created ON invitations (organization_id, created_at DESC, id DESC);
CREATE INDEX invitations_by_email ON invitations (organization_id, lower(email));
-- A partner user sees its own partner's invitations only, as for the other partner-scoped tables.
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant ON invitations
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON invitations TO ${app_role};

-- Password resets: one row per request for a known account, the SHA-256 of its one-time token, used once.
CREATE TABLE password_resets (
  id              uuid NOT NULL PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id         uuid NOT NULL,
  token_hash      text NOT NULL,
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX password_resets_by_user ON password_resets (organization_id, user_id) WHERE used_at IS NULL;
ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_resets FORCE ROW LEVEL SECURITY;
CREATE POLICY password_resets_tenant ON password_resets
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON password_resets TO ${app_role};
