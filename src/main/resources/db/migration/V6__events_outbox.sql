-- Issue 15: the transactional outbox, the cursors of durable consumers, and cluster leases.

-- Every domain event, written in the transaction of its change. xid and written say when it was written
-- (transaction, then order within it); the relay sets position (a global order, for consumers) and sequence
-- (the tenant's dense order, for the feed) only once every transaction with a smaller xid has ended, so a
-- reader at N never later sees an event below N appear (decision 151).
CREATE TABLE events (
  id               uuid NOT NULL PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  partner_id       uuid,
  type             text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  aggregate_type   text NOT NULL,
  aggregate_id     uuid NOT NULL,
  actor_type       text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
  actor_id         uuid,
  occurred_at      timestamptz NOT NULL,
  data             jsonb NOT NULL,
  xid              xid8 NOT NULL DEFAULT pg_current_xact_id(),
  written          bigint GENERATED ALWAYS AS IDENTITY,
  position         bigint UNIQUE,
  sequence         bigint,
  UNIQUE (organization_id, sequence),
  CHECK ((position IS NULL) = (sequence IS NULL))
);
CREATE INDEX events_unsequenced ON events (xid, written) WHERE position IS NULL;
CREATE INDEX events_by_type ON events (type, position);
CREATE INDEX events_by_time ON events (occurred_at);

-- Wakes the relay when a transaction that wrote events commits (never for a rollback). PostgreSQL folds
-- identical notifications of one transaction into one.
CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('partnerhub_events', '');
  RETURN NULL;
END $$;
CREATE TRIGGER events_written AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION events_notify();

-- A tenant sees its events; a partner user only its partner's. The relay, the durable consumers and the
-- retention purge work across tenants with app.events_relay = 'on' (service-internal, like the expiry job's
-- app.all_organizations).
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY events_tenant ON events
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
CREATE POLICY events_relay ON events
  USING (current_setting('app.events_relay', true) = 'on');
GRANT SELECT, INSERT, UPDATE, DELETE ON events TO ${app_role};

-- The last sequence given to each tenant: kept apart from events so a purge never lets a number come back.
CREATE TABLE event_sequences (
  organization_id  uuid NOT NULL PRIMARY KEY REFERENCES organizations (id),
  last_sequence    bigint NOT NULL
);
ALTER TABLE event_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY event_sequences_relay ON event_sequences
  USING (current_setting('app.events_relay', true) = 'on');
GRANT SELECT, INSERT, UPDATE ON event_sequences TO ${app_role};

-- Where each durable consumer (the relay itself, the commission ledger, webhooks...) is in the global
-- position order; advanced in the transaction of the consumer's effect. Position 0 of the relay row is
-- the global counter's start: the relay keeps the last given position in 'positions'.
CREATE TABLE event_cursors (
  consumer  text NOT NULL PRIMARY KEY CHECK (length(consumer) BETWEEN 1 AND 100),
  position  bigint NOT NULL
);
ALTER TABLE event_cursors ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_cursors FORCE ROW LEVEL SECURITY;
CREATE POLICY event_cursors_jobs ON event_cursors USING (current_setting('app.jobs', true) = 'on');
GRANT SELECT, INSERT, UPDATE, DELETE ON event_cursors TO ${app_role};
INSERT INTO event_cursors (consumer, position) VALUES ('positions', 0);

-- Once-per-cluster jobs: the holder of a name renews expires_at every few seconds; anyone may take an
-- expired lease. Plain statements, so it works behind a transaction-mode pooler (decision 152).
CREATE TABLE leases (
  name        text NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
  owner       text NOT NULL,
  expires_at  timestamptz NOT NULL
);
-- Not tenant data, but a query with no tenant set still sees nothing: jobs set app.jobs = 'on'.
ALTER TABLE leases ENABLE ROW LEVEL SECURITY;
ALTER TABLE leases FORCE ROW LEVEL SECURITY;
CREATE POLICY leases_jobs ON leases USING (current_setting('app.jobs', true) = 'on');
GRANT SELECT, INSERT, UPDATE, DELETE ON leases TO ${app_role};
