-- Indexes for what statements and the dashboard read: a paid commission's adjustments, and deals by
-- the day they closed.
CREATE INDEX commissions_by_adjusted ON commissions (organization_id, adjusts) WHERE adjusts IS NOT NULL;
CREATE INDEX opportunities_by_closed ON opportunities (organization_id, closed_at) WHERE closed_at IS NOT NULL;
