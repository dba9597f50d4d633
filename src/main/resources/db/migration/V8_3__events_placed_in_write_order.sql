-- Issue 15 follow-up (decision 210): the relay places every committed event it sees, in write order, without
-- waiting for older transactions; the unplaced events' index follows that order.
DROP INDEX events_unsequenced;
CREATE INDEX events_unplaced ON events (written) WHERE position IS NULL;
