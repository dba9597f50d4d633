-- Issue 15 follow-up: the relay's wake-up names the committing transaction, so the relay measures
-- commit-to-publish (from the notification, which PostgreSQL sends at commit) and not only write-to-publish.
CREATE OR REPLACE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('partnerhub_events', pg_current_xact_id()::text);
  RETURN NULL;
END $$;
