-- Foundation: tenants, users, configurations and their audit trail, all isolated by row-level security.
-- Runs as the owner role. ${app_role} is the login role the service connects as: it owns nothing,
-- cannot bypass RLS, and gets only the privileges granted below.

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${app_role};

-- Tenants. A row is visible to its own tenant, and (read only) to a login that names its subdomain
-- in app.lookup_subdomain: that is how login finds the organization before any tenant is set.
CREATE TABLE organizations (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  subdomain   text NOT NULL UNIQUE CHECK (subdomain ~ '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$'),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY organizations_tenant ON organizations
  USING (id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
CREATE POLICY organizations_login_lookup ON organizations FOR SELECT
  USING (subdomain = nullif(current_setting('app.lookup_subdomain', true), ''));
GRANT SELECT, INSERT, UPDATE ON organizations TO ${app_role};

CREATE TABLE users (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  email           text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  password_hash   text NOT NULL,
  role            text NOT NULL CHECK (role ~ '^[a-z][a-z0-9_]{0,62}$'),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  partner_id      uuid,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX users_org_email ON users (organization_id, lower(email));
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_tenant ON users
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO ${app_role};

CREATE TABLE configurations (
  id               uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  category         text NOT NULL,
  key              text NOT NULL,
  value            jsonb,
  default_value    jsonb,
  data_type        text NOT NULL CHECK (data_type IN ('string', 'number', 'integer', 'boolean', 'json', 'array')),
  is_required      boolean NOT NULL DEFAULT false,
  validation_rules jsonb,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       uuid,
  UNIQUE (organization_id, category, key),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, updated_by) REFERENCES users (organization_id, id)
);
ALTER TABLE configurations ENABLE ROW LEVEL SECURITY;
ALTER TABLE configurations FORCE ROW LEVEL SECURITY;
CREATE POLICY configurations_tenant ON configurations
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON configurations TO ${app_role};

-- Append-only audit of every configuration change, written in the same transaction as the change.
-- No foreign key to configurations: the trail outlives a deleted configuration.
CREATE TABLE configuration_audit (
  id               uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  configuration_id uuid NOT NULL,
  category         text NOT NULL,
  key              text NOT NULL,
  action           text NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
  before_state     jsonb,
  after_state      jsonb,
  changed_by       uuid,
  changed_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (organization_id, changed_by) REFERENCES users (organization_id, id)
);
CREATE INDEX configuration_audit_by_key ON configuration_audit (organization_id, category, key, changed_at DESC, id DESC);
ALTER TABLE configuration_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE configuration_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY configuration_audit_tenant ON configuration_audit
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid)
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
GRANT SELECT, INSERT ON configuration_audit TO ${app_role};
