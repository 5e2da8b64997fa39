-- Sync with the city public credit information platform (domain §9): a feed in commit order that is
-- a Merkle log (RFC 6962), signed checkpoints, push delivery, watches, inbound reports.

-- The outbox is append-only from here on: an event once written is never edited or removed.
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON sync.events
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

-- Reconciliation counts and hashes the feed per day of the events' `at`; the quality report finds a
-- record's first public event by the record's id.
CREATE INDEX events_at ON sync.events (at);
CREATE INDEX events_entity ON sync.events (entity_id, type);

-- Feed positions, given after commit by one sequencer: it places only events it can see, so only
-- committed ones, and a reader paging by position never skips one (a position is never given below
-- one already read). Position = leaf index. Only public events are placed;
-- leaf_hash = SHA-256(0x00 || canonical JSON of the feed item).
CREATE TABLE sync.feed (
  position     bigint PRIMARY KEY CHECK (position >= 0),
  event_id     text NOT NULL UNIQUE REFERENCES sync.events (id),
  leaf_hash    bytea NOT NULL CHECK (length(leaf_hash) = 32),
  sequenced_at timestamptz NOT NULL
);

-- Complete subtrees of the tree above level 0 (the leaves are sync.feed.leaf_hash): the node at
-- (level, idx) covers leaves [idx·2^level, (idx+1)·2^level). Stored once complete, never changed, so a
-- root or an audit path at any size is O(log n) reads.
CREATE TABLE sync.merkle_nodes (
  level smallint NOT NULL CHECK (level >= 1 AND level < 63),
  idx   bigint NOT NULL CHECK (idx >= 0),
  hash  bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);

-- Signed tree heads. The row with the largest size is the current one; older ones stay so a platform
-- can ask for a consistency proof from the checkpoint it kept.
CREATE TABLE sync.checkpoints (
  tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
  root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
  signed_at timestamptz NOT NULL,
  kid       text NOT NULL,
  jws       text NOT NULL
);

-- The one row the sequencer locks, so two processes never give the same position twice; low_xmin:
-- every public event of a transaction below it is placed (it only looks at events from there on).
CREATE TABLE sync.log_head (
  one       boolean PRIMARY KEY DEFAULT true CHECK (one),
  tree_size bigint NOT NULL DEFAULT 0,
  low_xmin  xid8
);
INSERT INTO sync.log_head DEFAULT VALUES;

CREATE TRIGGER feed_append_only BEFORE UPDATE OR DELETE ON sync.feed
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER merkle_nodes_append_only BEFORE UPDATE OR DELETE ON sync.merkle_nodes
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON sync.checkpoints
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

-- Each page of the feed served to the platform: when an event first reached it (quality, domain §9).
CREATE TABLE sync.feed_reads (
  id            bigserial PRIMARY KEY,
  reader        text NOT NULL,
  from_position bigint NOT NULL,
  to_position   bigint NOT NULL,
  at            timestamptz NOT NULL
);
CREATE INDEX feed_reads_to ON sync.feed_reads (to_position, at);

-- Platform endpoints that receive the feed by push (Standard Webhooks). A secret (whsec_…) signs v1
-- (HMAC-SHA256); without one, v1a (Ed25519) with the registry's delivery key from the JWKS.
-- cursor: the last feed position already cut into a batch for this endpoint.
CREATE TABLE sync.endpoints (
  id              text PRIMARY KEY,
  url             text NOT NULL,
  description     text,
  event_types     text[],
  secret          text,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
  status_reason   text,
  cursor          bigint NOT NULL DEFAULT -1,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

-- Watches: a set of USCCs and a webhook URL; a change to a watched subject's list status,
-- restriction or grade sends a signed webhook under the same delivery rules.
CREATE TABLE sync.watches (
  id            text PRIMARY KEY,
  owner_sub     text NOT NULL,
  owner_role    text NOT NULL,
  url           text NOT NULL,
  description   text,
  secret        text,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
  cursor        bigint NOT NULL DEFAULT -1,
  subject_count integer NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX watches_owner ON sync.watches (owner_sub, id);
CREATE TABLE sync.watch_subjects (
  watch_id text NOT NULL REFERENCES sync.watches (id) ON DELETE CASCADE,
  uscc     text NOT NULL,
  PRIMARY KEY (watch_id, uscc)
);
CREATE INDEX watch_subjects_uscc ON sync.watch_subjects (uscc, watch_id);

-- One message to one endpoint or watch: its id is the webhook-id, stable across retries; body is the
-- exact bytes sent every time. Workers claim due rows with FOR UPDATE SKIP LOCKED and take a lease;
-- a worker killed mid-request leaves the lease to expire and the same message is sent again.
CREATE TABLE sync.deliveries (
  id              text PRIMARY KEY,
  endpoint_id     text REFERENCES sync.endpoints (id),
  watch_id        text REFERENCES sync.watches (id) ON DELETE CASCADE,
  seq             bigint NOT NULL,
  first_position  bigint,
  last_position   bigint,
  event_count     integer NOT NULL,
  body            text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  last_status     integer,
  last_error      text,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  dead_at         timestamptz,
  CHECK ((endpoint_id IS NULL) <> (watch_id IS NULL))
);
CREATE UNIQUE INDEX deliveries_endpoint_seq ON sync.deliveries (endpoint_id, seq) WHERE endpoint_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_watch_seq ON sync.deliveries (watch_id, seq) WHERE watch_id IS NOT NULL;
CREATE INDEX deliveries_due ON sync.deliveries (next_attempt_at) WHERE status = 'pending';
-- A message is sent only when no lower seq of its endpoint or watch is undelivered: these keep that
-- check to the few open messages instead of the whole delivered history.
CREATE INDEX deliveries_endpoint_open ON sync.deliveries (endpoint_id, seq) WHERE endpoint_id IS NOT NULL AND status <> 'delivered';
CREATE INDEX deliveries_watch_open ON sync.deliveries (watch_id, seq) WHERE watch_id IS NOT NULL AND status <> 'delivered';
CREATE INDEX deliveries_positions ON sync.deliveries (first_position, last_position) WHERE endpoint_id IS NOT NULL;

CREATE TABLE sync.delivery_attempts (
  delivery_id text NOT NULL REFERENCES sync.deliveries (id) ON DELETE CASCADE,
  attempt     integer NOT NULL,
  at          timestamptz NOT NULL,
  status      integer,
  error       text,
  duration_ms integer NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

-- Reports from the platform (a repair granted on 信用中国, an objection filed there), applied once:
-- the webhook-id is the key, and the outcome is kept to answer a repeat the same way.
CREATE TABLE sync.inbound (
  id          text PRIMARY KEY,
  type        text NOT NULL,
  received_at timestamptz NOT NULL,
  payload     jsonb NOT NULL,
  outcome     text NOT NULL CHECK (outcome IN ('applied', 'refused')),
  result      jsonb NOT NULL
);
