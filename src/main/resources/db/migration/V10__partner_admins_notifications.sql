-- Issue 16, part B: partner admins and notifications. V9 and V11 are the mail lane's.

-- A partner's users see (and change) only their own partner's users, as partners, opportunities and
-- commissions already are scoped: a partner admin manages its team in SQL, never another partner's.
-- Vendor users (no app.current_partner_id) and login (organization-wide) see every user of the tenant.
DROP POLICY users_tenant ON users;
CREATE POLICY users_tenant ON users
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));

-- In-app notifications: one row per (event, recipient), written by the notifications consumer in the
-- transaction that moves its cursor past the event (decision 203). dedupe_key is "<eventId>:<userId>", the
-- key of the mail queued beside it, so an event handled twice notifies once. data holds the kind's variables
-- (the same the mail templates get); title is the kind's subject rendered with them.
CREATE TABLE notifications (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id         uuid NOT NULL,
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,62}$'),
  event_id        uuid NOT NULL,
  title           text NOT NULL CHECK (length(title) <= 1000),
  data            jsonb NOT NULL,
  dedupe_key      text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  read_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (organization_id, dedupe_key),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX notifications_by_user ON notifications (organization_id, user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (organization_id, user_id) WHERE read_at IS NULL;

-- What a user turned off, per kind and channel; a kind without a row is on in both channels.
CREATE TABLE notification_preferences (
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id         uuid NOT NULL,
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,62}$'),
  in_app          boolean NOT NULL,
  mail            boolean NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (organization_id, user_id, kind),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);

-- A user sees and changes only its own notifications and preferences: the tenant's transaction names its
-- user in app.current_user_id (Database.inTenant). The notifications consumer, in a tenant's job transaction
-- (app.jobs), reads every user's preferences and writes notifications for any user of that tenant. It
-- needs to see that tenant's notifications too: PostgreSQL checks the row of an INSERT ... ON CONFLICT
-- against the SELECT policies (dedupe_key's unique index is the consumer's second guard against a
-- duplicate).
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_own ON notifications
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND user_id = nullif(current_setting('app.current_user_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND user_id = nullif(current_setting('app.current_user_id', true), '')::uuid);
CREATE POLICY notifications_delivery ON notifications FOR INSERT
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
              AND current_setting('app.jobs', true) = 'on');
CREATE POLICY notifications_delivery_read ON notifications FOR SELECT
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND current_setting('app.jobs', true) = 'on');
GRANT SELECT, INSERT, UPDATE ON notifications TO ${app_role};

ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_preferences FORCE ROW LEVEL SECURITY;
CREATE POLICY notification_preferences_own ON notification_preferences
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND user_id = nullif(current_setting('app.current_user_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND user_id = nullif(current_setting('app.current_user_id', true), '')::uuid);
CREATE POLICY notification_preferences_delivery ON notification_preferences FOR SELECT
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND current_setting('app.jobs', true) = 'on');
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_preferences TO ${app_role};

-- Reminders the opportunity job sent, so a re-run never sends one twice (decision 205): when the
-- "protection ending" notice went out for an approval, and when a pending registration was reported overdue.
ALTER TABLE opportunities ADD COLUMN protection_reminded_at timestamptz;
ALTER TABLE opportunities ADD COLUMN review_overdue_at timestamptz;
CREATE INDEX opportunities_pending_by_created ON opportunities (organization_id, created_at)
  WHERE registration_status = 'pending' AND review_overdue_at IS NULL;
