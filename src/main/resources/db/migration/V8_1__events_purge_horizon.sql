-- Issue 15 follow-up: the feed tells a poller whose cursor fell behind the retention purge (410) instead of
-- silently skipping what was purged. purged_through is the highest sequence of the tenant the purge deleted.
ALTER TABLE event_sequences ADD COLUMN purged_through bigint NOT NULL DEFAULT 0;

-- The feed reads its own tenant's horizon (and nothing else of the table).
CREATE POLICY event_sequences_tenant ON event_sequences FOR SELECT
  USING (organization_id = nullif(current_setting('app.current_organization_id', true), '')::uuid);
