-- The feed in commit order (issue 11 review). A transaction gets its txid at its first write, not when
-- it commits, so two transactions that change the same record can commit in the opposite order of their
-- txids. Each transaction that writes events takes a commit ordinal when it commits: a deferred
-- constraint trigger runs in the commit itself, after every row lock the transaction will hold, so of
-- two transactions that touch the same row the second to commit always draws the larger ordinal. The
-- sequencer orders what it places by that ordinal (unrelated transactions may interleave either way:
-- nothing orders them).
CREATE SEQUENCE sync.commit_ordinal;

CREATE TABLE sync.tx_commits (
  txid    xid8 PRIMARY KEY,
  ordinal bigint NOT NULL
);

CREATE FUNCTION sync.take_commit_ordinal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sync.tx_commits (txid, ordinal) VALUES (pg_current_xact_id(), nextval('sync.commit_ordinal'))
  ON CONFLICT (txid) DO NOTHING;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER events_commit_ordinal AFTER INSERT ON sync.events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sync.take_commit_ordinal();

-- Push delivery (issue 11 review): a watch's next message is its lowest pending seq (a dead one no
-- longer holds the later ones), found by the claim's skip scan over this index.
CREATE INDEX deliveries_watch_pending ON sync.deliveries (watch_id, seq) WHERE watch_id IS NOT NULL AND status = 'pending';

-- The payload's hash, kept beside its leaf when the event is placed: the leaf commits to it, and the
-- feed serves it with every item (recomputing it cost about 20 µs an event, most of a page's time).
-- NULL only on rows placed before this column existed; readers then compute it.
ALTER TABLE sync.feed ADD COLUMN payload_hash bytea CHECK (length(payload_hash) = 32);
