-- API keys (service accounts): a permission subset of their creator's, optionally scoped to a partner,
-- optionally expiring. Only the SHA-256 of the secret is stored; revocation keeps the row for the record.
CREATE TABLE api_keys (
  id              uuid NOT NULL PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  name            text NOT NULL,
  permissions     text[] NOT NULL,
  partner_id      uuid,
  secret_hash     text NOT NULL,
  created_by      uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at      timestamptz,
  last_used_at    timestamptz,
  revoked_at      timestamptz,
  revoked_by      uuid,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, partner_id) REFERENCES partners (organization_id, id),
  FOREIGN KEY (organization_id, created_by) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, revoked_by) REFERENCES users (organization_id, id)
);
CREATE INDEX api_keys_by_created ON api_keys (organization_id, created_at, id);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY api_keys_tenant ON api_keys
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON api_keys TO ${app_role};
