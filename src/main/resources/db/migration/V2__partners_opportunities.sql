-- Partners, opportunities (deal registration) and their stage history. Besides the tenant, rows of a
-- partner's own are limited by app.current_partner_id when it is set: a partner user's transactions
-- see and change only its partner's rows, enforced here rather than in Java.

-- The registration-expiry job lists tenant ids (and nothing else) with app.all_organizations = 'on'.
CREATE POLICY organizations_job_enumeration ON organizations FOR SELECT
  USING (current_setting('app.all_organizations', true) = 'on');

CREATE TABLE partners (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type            text NOT NULL,
  tier            text NOT NULL,
  status          text NOT NULL DEFAULT 'prospect'
                  CHECK (status IN ('prospect', 'onboarding', 'active', 'suspended', 'terminated')),
  contact_email   text,
  website         text,
  region          text,
  custom_fields   jsonb NOT NULL DEFAULT '{}',
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id)
);
CREATE INDEX partners_by_name ON partners (organization_id, name, id);
CREATE INDEX partners_by_created ON partners (organization_id, created_at, id);
ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
ALTER TABLE partners FORCE ROW LEVEL SECURITY;
CREATE POLICY partners_tenant ON partners
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON partners TO ${app_role};

ALTER TABLE users ADD FOREIGN KEY (organization_id, partner_id) REFERENCES partners (organization_id, id);

CREATE TABLE opportunities (
  id                  uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id     uuid NOT NULL REFERENCES organizations (id),
  partner_id          uuid NOT NULL,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  customer_name       text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
  customer_domain     text,
  -- who the customer is for conflict detection: the domain, else the name without case or punctuation
  customer_key        text NOT NULL GENERATED ALWAYS AS
                      (coalesce(lower(customer_domain), regexp_replace(lower(customer_name), '[^[:alnum:]]+', '', 'g'))) STORED,
  amount              numeric(18, 2) NOT NULL CHECK (amount >= 0),
  currency            char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  expected_close_date date,
  products            jsonb NOT NULL DEFAULT '[]',
  stage               text NOT NULL,
  registration_status text NOT NULL DEFAULT 'pending'
                      CHECK (registration_status IN ('pending', 'approved', 'rejected', 'expired')),
  conflict_with       uuid,
  rejection_reason    text,
  protection_ends_at  timestamptz,
  registered_by       uuid,
  reviewed_by         uuid,
  reviewed_at         timestamptz,
  closed_at           timestamptz,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, partner_id) REFERENCES partners (organization_id, id),
  FOREIGN KEY (organization_id, registered_by) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, reviewed_by) REFERENCES users (organization_id, id)
);
-- at most one approved registration per customer: the database, not a check-then-act, guarantees it
CREATE UNIQUE INDEX opportunities_one_approved_per_customer ON opportunities (organization_id, customer_key)
  WHERE registration_status = 'approved';
CREATE INDEX opportunities_active_by_customer ON opportunities (organization_id, customer_key)
  WHERE registration_status IN ('pending', 'approved');
CREATE INDEX opportunities_by_created ON opportunities (organization_id, created_at, id);
CREATE INDEX opportunities_by_partner ON opportunities (organization_id, partner_id, created_at, id);
CREATE INDEX opportunities_protection_end ON opportunities (organization_id, protection_ends_at)
  WHERE registration_status = 'approved';
ALTER TABLE opportunities ENABLE ROW LEVEL SECURITY;
ALTER TABLE opportunities FORCE ROW LEVEL SECURITY;
CREATE POLICY opportunities_tenant ON opportunities
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE, DELETE ON opportunities TO ${app_role};

CREATE TABLE opportunity_stage_history (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  opportunity_id  uuid NOT NULL,
  partner_id      uuid NOT NULL,
  from_stage      text,
  to_stage        text NOT NULL,
  changed_by      uuid,
  changed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (organization_id, opportunity_id) REFERENCES opportunities (organization_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organization_id, changed_by) REFERENCES users (organization_id, id)
);
CREATE INDEX opportunity_stage_history_by_opportunity
  ON opportunity_stage_history (organization_id, opportunity_id, changed_at);
ALTER TABLE opportunity_stage_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE opportunity_stage_history FORCE ROW LEVEL SECURITY;
CREATE POLICY opportunity_stage_history_tenant ON opportunity_stage_history
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
GRANT SELECT, INSERT ON opportunity_stage_history TO ${app_role};
