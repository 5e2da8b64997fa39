-- Red/black/watch list entries and their lifecycle, objections (异议) and credit repair (信用修复).

CREATE TABLE credit.list_entries (
  id               text PRIMARY KEY,
  subject_id       text NOT NULL REFERENCES credit.subjects (id),
  list             text NOT NULL CHECK (list IN ('red', 'black', 'watch')),
  department       text NOT NULL,
  reason           text NOT NULL,
  basis            text NOT NULL,
  document_no      text NOT NULL,
  record_ids       text[] NOT NULL DEFAULT '{}',
  valid_until      date NOT NULL,
  state            text NOT NULL CHECK (state IN ('proposed', 'notified', 'published', 'withdrawn', 'exited')),
  notified_on      date,
  statement_due_on date,
  statement        text,
  statement_at     timestamptz,
  published_on     date,
  exited_on        date,
  exit_reason      text CHECK (exit_reason IN ('expired', 'repaired', 'objection_upheld', 'standard_changed', 'revoked')),
  -- An upheld objection removes the entry as if it had never been listed; its history stays.
  voided           boolean NOT NULL DEFAULT false,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK ((state = 'exited') = (exited_on IS NOT NULL))
);
CREATE UNIQUE INDEX list_entries_department_document ON credit.list_entries (department, document_no);
CREATE INDEX list_entries_subject ON credit.list_entries (subject_id, list, published_on);
CREATE INDEX list_entries_records ON credit.list_entries USING gin (record_ids);
CREATE INDEX list_entries_sweep ON credit.list_entries (valid_until) WHERE state = 'published';

CREATE TABLE credit.list_entry_transitions (
  id          bigserial PRIMARY KEY,
  entry_id    text NOT NULL REFERENCES credit.list_entries (id),
  action      text NOT NULL,
  from_state  text NOT NULL,
  to_state    text NOT NULL,
  on_date     date NOT NULL,
  actor       text NOT NULL,
  role        text NOT NULL,
  at          timestamptz NOT NULL,
  reason      text,
  document_no text
);
CREATE INDEX list_entry_transitions_entry ON credit.list_entry_transitions (entry_id, id);

CREATE TABLE credit.objections (
  id               text PRIMARY KEY,
  target           text NOT NULL CHECK (target IN ('record', 'listEntry', 'repair')),
  target_id        text NOT NULL,
  subject_id       text NOT NULL REFERENCES credit.subjects (id),
  department       text NOT NULL,
  filed_by         text NOT NULL,
  filed_role       text NOT NULL,
  grounds          text NOT NULL,
  evidence         jsonb NOT NULL DEFAULT '[]',
  filed_on         date NOT NULL,
  state            text NOT NULL CHECK (state IN ('filed', 'forwarded', 'upheld', 'rejected')),
  forward_due_on   date NOT NULL,
  forwarded_on     date,
  decide_due_on    date,
  extension_reason text,
  decision_reason  text,
  decided_on       date,
  created_at       timestamptz NOT NULL
);
CREATE INDEX objections_open ON credit.objections (state, forward_due_on, decide_due_on) WHERE state IN ('filed', 'forwarded');
CREATE INDEX objections_target ON credit.objections (target, target_id);

CREATE TABLE credit.repairs (
  id              text PRIMARY KEY,
  target          text NOT NULL CHECK (target IN ('record', 'listEntry')),
  target_id       text NOT NULL,
  subject_id      text NOT NULL REFERENCES credit.subjects (id),
  department      text NOT NULL,
  commitment      text NOT NULL,
  evidence        jsonb NOT NULL DEFAULT '[]',
  state           text NOT NULL CHECK (state IN ('applied', 'accepted', 'refused', 'approved', 'rejected', 'revoked')),
  applied_on      date NOT NULL,
  accept_due_on   date NOT NULL,
  accepted_on     date,
  complex         boolean NOT NULL DEFAULT false,
  decide_due_on   date,
  decided_on      date,
  decision_reason text,
  missing         jsonb,
  revoked_on      date,
  revoke_reason   text,
  created_at      timestamptz NOT NULL
);
CREATE INDEX repairs_open ON credit.repairs (state, accept_due_on, decide_due_on) WHERE state IN ('applied', 'accepted');
CREATE INDEX repairs_target ON credit.repairs (target, target_id);
-- One repair under way per target, whatever races (a double submit, an objection reopening one).
CREATE UNIQUE INDEX repairs_one_open ON credit.repairs (target, target_id) WHERE state IN ('applied', 'accepted');
