-- Webhooks (issue 15): endpoints a tenant's admins register, one delivery per (endpoint, event), and the
-- log of every attempt. V6 is left to the events outbox.
CREATE TABLE webhook_endpoints (
  id                         uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id            uuid NOT NULL REFERENCES organizations (id),
  url                        text NOT NULL,
  event_types                text[] NOT NULL,
  description                text,
  enabled                    boolean NOT NULL DEFAULT true,
  -- the signing secret must be readable to sign (HMAC): never returned after creation (decision 161)
  secret                     text NOT NULL,
  previous_secret            text,
  previous_secret_expires_at timestamptz,
  -- the first failure of the current run of failures; null after a success
  failing_since              timestamptz,
  disabled_at                timestamptz,
  version                    integer NOT NULL DEFAULT 1,
  created_at                 timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at                 timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (organization_id, id)
);
CREATE INDEX webhook_endpoints_by_created ON webhook_endpoints (organization_id, created_at, id);

-- One row per event an endpoint is to receive; payload is the exact body signed and sent.
CREATE TABLE webhook_deliveries (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL,
  endpoint_id     uuid NOT NULL,
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  payload         text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempt_count   integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- a node that claimed the row sends it until then; another node may take it over afterwards
  claimed_until   timestamptz,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (organization_id, id),
  UNIQUE (endpoint_id, event_id),
  FOREIGN KEY (organization_id, endpoint_id) REFERENCES webhook_endpoints (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint
  ON webhook_deliveries (organization_id, endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_by_occurred ON webhook_deliveries (organization_id, endpoint_id, occurred_at);

CREATE TABLE webhook_attempts (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL,
  delivery_id     uuid NOT NULL,
  attempted_at    timestamptz NOT NULL,
  status_code     integer,
  latency_ms      integer NOT NULL,
  error           text,
  FOREIGN KEY (organization_id, delivery_id) REFERENCES webhook_deliveries (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_at);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_endpoints_tenant ON webhook_endpoints
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_deliveries_tenant ON webhook_deliveries
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_attempts_tenant ON webhook_attempts
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);

-- The dispatcher claims due deliveries of every tenant in one statement (decision 163): a transaction
-- that sets app.webhook_dispatch sees which deliveries are due and whether their endpoint is enabled,
-- and may mark them claimed; it reads and sends each one afterwards inside that delivery's tenant.
CREATE POLICY webhook_deliveries_dispatch_read ON webhook_deliveries FOR SELECT
  USING (current_setting('app.webhook_dispatch', true) = 'on');
CREATE POLICY webhook_deliveries_dispatch_claim ON webhook_deliveries FOR UPDATE
  USING (current_setting('app.webhook_dispatch', true) = 'on')
  WITH CHECK (current_setting('app.webhook_dispatch', true) = 'on');
CREATE POLICY webhook_endpoints_dispatch_read ON webhook_endpoints FOR SELECT
  USING (current_setting('app.webhook_dispatch', true) = 'on');

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO ${app_role};
GRANT SELECT, INSERT ON webhook_attempts TO ${app_role};
