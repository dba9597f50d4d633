-- The commission ledger: one active commission per won deal, later corrections as adjustment rows.
-- Rows are partner-scoped like opportunities.
CREATE TABLE commissions (
  id              uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  partner_id      uuid NOT NULL,
  opportunity_id  uuid NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('commission', 'adjustment')),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'paid', 'void')),
  amount          numeric(18, 2) NOT NULL,
  currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  deal_amount     numeric(18, 2) NOT NULL,
  rule            jsonb NOT NULL,
  breakdown       jsonb NOT NULL,
  adjusts         uuid,
  approved_by     uuid,
  approved_at     timestamptz,
  paid_by         uuid,
  paid_at         timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, partner_id) REFERENCES partners (organization_id, id),
  FOREIGN KEY (organization_id, opportunity_id) REFERENCES opportunities (organization_id, id),
  FOREIGN KEY (organization_id, adjusts) REFERENCES commissions (organization_id, id),
  FOREIGN KEY (organization_id, approved_by) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, paid_by) REFERENCES users (organization_id, id),
  CHECK ((kind = 'adjustment') = (adjusts IS NOT NULL))
);
-- exactly once: a won deal has at most one commission that is not void, whoever computes it
CREATE UNIQUE INDEX commissions_one_active_per_deal ON commissions (organization_id, opportunity_id)
  WHERE kind = 'commission' AND status <> 'void';
CREATE INDEX commissions_by_created ON commissions (organization_id, created_at, id);
CREATE INDEX commissions_by_partner ON commissions (organization_id, partner_id, created_at, id);
ALTER TABLE commissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE commissions FORCE ROW LEVEL SECURITY;
CREATE POLICY commissions_tenant ON commissions
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid))
  WITH CHECK (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid
         AND (nullif(current_setting('app.current_partner_id', true), '') IS NULL
              OR partner_id = nullif(current_setting('app.current_partner_id', true), '')::uuid));
GRANT SELECT, INSERT, UPDATE ON commissions TO ${app_role};
