-- Foundation: the four schemas, subjects, the hash-chained audit log, API idempotency, the event log.

CREATE SCHEMA IF NOT EXISTS credit;
CREATE SCHEMA IF NOT EXISTS arrears;
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS sync;

-- Character bigrams of a text. pg_trgm extracts nothing from Chinese in a C-locale database, so name
-- search indexes every two-character substring in a GIN-indexed array and rechecks with strpos.
CREATE FUNCTION credit.bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
  FROM generate_series(1, length(t) - 1) AS i
$$;

CREATE FUNCTION credit.subject_search_text(name text, uscc text, previous_names text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(name || chr(31) || uscc || chr(31) || array_to_string(previous_names, chr(31)))
$$;

CREATE TABLE credit.subjects (
  id                   text PRIMARY KEY,
  uscc                 text NOT NULL UNIQUE CHECK (uscc ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind                 text NOT NULL CHECK (kind IN ('intermediary', 'enterprise', 'government')),
  legal_representative text NOT NULL,
  region               text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
  previous_names       text[] NOT NULL DEFAULT '{}',
  search_text          text GENERATED ALWAYS AS (credit.subject_search_text(name, uscc, previous_names)) STORED,
  search_grams         text[] GENERATED ALWAYS AS
                         (credit.bigrams(credit.subject_search_text(name, uscc, previous_names))) STORED,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX subjects_search_grams ON credit.subjects USING gin (search_grams);
CREATE INDEX subjects_kind_id ON credit.subjects (kind, id);

-- Departments (监管部门) known to the registry. A token's dept claim need not be one of these: the
-- identity provider decides who is a department; this table names them for display and exports.
CREATE TABLE credit.departments (
  id         text PRIMARY KEY,
  uscc       text NOT NULL UNIQUE CHECK (uscc ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
  name       text NOT NULL,
  region     text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
  sector     text NOT NULL,
  created_at timestamptz NOT NULL
);

-- Audit entries are appended freely inside each write's transaction; a short follow-up step seals
-- them into the hash chain in order (audit.chain), so writes never queue on one chain head.
-- Chained content holds only a hash of before/after, so personal data can later be erased from the
-- payload without breaking the chain.
CREATE TABLE audit.entries (
  id           text PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  role         text NOT NULL,
  action       text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text NOT NULL,
  subject_id   text,
  request_id   text,
  before       jsonb,
  after        jsonb,
  payload_hash text NOT NULL
);
CREATE INDEX entries_entity ON audit.entries (entity_type, entity_id);
CREATE INDEX entries_subject ON audit.entries (subject_id) WHERE subject_id IS NOT NULL;

CREATE TABLE audit.chain (
  seq       bigint PRIMARY KEY,
  entry_id  text NOT NULL UNIQUE REFERENCES audit.entries (id),
  prev_hash text NOT NULL,
  hash      text NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);

-- Entries written but not yet sealed: a work queue, not part of the record.
CREATE TABLE audit.pending (entry_id text PRIMARY KEY REFERENCES audit.entries (id));

-- Refuses UPDATE, DELETE and TRUNCATE on the append-only tables (audit here, the arrears ledger later).
CREATE FUNCTION public.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of %.% are append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER chain_append_only BEFORE UPDATE OR DELETE ON audit.chain
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON audit.entries
  FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER chain_no_truncate BEFORE TRUNCATE ON audit.chain
  FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();

-- Every public change also commits an event here, in the same transaction. txid lets the feed read
-- only what has committed (below the oldest running transaction), so no late commit is skipped.
CREATE TABLE sync.events (
  id          text PRIMARY KEY,
  txid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  at          timestamptz NOT NULL,
  type        text NOT NULL,
  entity_type text NOT NULL,
  entity_id   text NOT NULL,
  subject_id  text,
  payload     jsonb NOT NULL
);
CREATE INDEX events_txid ON sync.events (txid, id);

-- POST idempotency: the same key and body replays the first answer; another body is a conflict.
CREATE TABLE public.idempotency_keys (
  actor       text NOT NULL,
  key         text NOT NULL,
  method      text NOT NULL,
  path        text NOT NULL,
  body_hash   text NOT NULL,
  status      integer,
  response    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, key)
);
