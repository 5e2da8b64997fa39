-- The arrears ledger (拖欠账款): what government bodies owe contractors (domain §10). A schema of its own;
-- a contractor is referred to by USCC only, never by a key into credit.

-- Reference data: the 1-year LPR with its effective dates. Admins add values as they are announced.
CREATE TABLE arrears.lpr_rates (
  effective_from date PRIMARY KEY,
  rate_micro     bigint NOT NULL CHECK (rate_micro > 0), -- millionths of a percent: 3.10% = 3100000
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL
);
INSERT INTO arrears.lpr_rates VALUES
  ('2024-10-21', 3100000, 'system:schema', '2026-01-01T00:00:00Z'),
  ('2025-05-20', 3000000, 'system:schema', '2026-01-01T00:00:00Z');

CREATE TABLE arrears.bodies (
  id         text PRIMARY KEY,
  uscc       text NOT NULL UNIQUE,
  name       text NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('organ', 'institution', 'soe')),
  department text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE arrears.contractors (
  id         text PRIMARY KEY,
  uscc       text NOT NULL UNIQUE,
  name       text NOT NULL,
  sme        boolean NOT NULL,
  size       text NOT NULL CHECK (size IN ('micro', 'small', 'medium', 'large')),
  created_at timestamptz NOT NULL
);

CREATE TABLE arrears.projects (
  id         text PRIMARY KEY,
  debtor_id  text NOT NULL REFERENCES arrears.bodies (id),
  name       text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (debtor_id, name)
);

CREATE TABLE arrears.contracts (
  id                     text PRIMARY KEY,
  debtor_id              text NOT NULL REFERENCES arrears.bodies (id),
  contractor_id          text NOT NULL REFERENCES arrears.contractors (id),
  project_id             text NOT NULL REFERENCES arrears.projects (id),
  amount_fen             bigint NOT NULL CHECK (amount_fen > 0),
  signed_on              date NOT NULL,
  payment_term_days      integer NOT NULL CHECK (payment_term_days BETWEEN 1 AND 3650),
  agreed_rate_micro      bigint CHECK (agreed_rate_micro > 0),
  lpr_at_signing_micro   bigint NOT NULL,
  inspection_period_days integer CHECK (inspection_period_days BETWEEN 1 AND 3650),
  day_count_basis        integer NOT NULL DEFAULT 365 CHECK (day_count_basis IN (365, 360)),
  sme_at_signing         boolean NOT NULL,
  size_at_signing        text NOT NULL,
  -- What a payment settles (民法典 第561条 default is costs, interest, principal): ours is principal,
  -- interest by its own interest_payment (domain §10, design choice), recorded per contract.
  payment_order          text NOT NULL DEFAULT 'principal_then_interest_separately',
  created_by             text NOT NULL,
  created_at             timestamptz NOT NULL
);
CREATE INDEX contracts_debtor ON arrears.contracts (debtor_id, id);
CREATE INDEX contracts_contractor ON arrears.contracts (contractor_id, id);

-- Events as they were reported; never changed.
CREATE TABLE arrears.contract_events (
  id            text PRIMARY KEY,
  contract_id   text NOT NULL REFERENCES arrears.contracts (id),
  type          text NOT NULL CHECK (type IN ('delivery', 'inspection_passed', 'settlement_confirmed', 'dispute', 'dispute_resolved')),
  on_date       date NOT NULL,
  amount_fen    bigint CHECK (amount_fen > 0),
  obligation_id text,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX contract_events_contract ON arrears.contract_events (contract_id, on_date);
CREATE INDEX contract_events_obligation ON arrears.contract_events (obligation_id, on_date) WHERE obligation_id IS NOT NULL;

-- What falls due and when. The amount lives in the postings; the dates follow the events.
CREATE TABLE arrears.obligations (
  id                  text PRIMARY KEY,
  contract_id         text NOT NULL REFERENCES arrears.contracts (id),
  basis               text NOT NULL CHECK (basis IN ('delivery', 'settlement')),
  arose_on            date NOT NULL,
  inspection_deadline date,
  inspected_on        date,
  start_on            date NOT NULL,
  due_on              date NOT NULL,
  created_at          timestamptz NOT NULL
);
CREATE INDEX obligations_contract ON arrears.obligations (contract_id, due_on);
CREATE INDEX obligations_due ON arrears.obligations (due_on);

-- The ledger: append-only, positive amounts with a direction, reversals instead of edits.
CREATE TABLE arrears.postings (
  id            text PRIMARY KEY,
  seq           bigserial UNIQUE,
  request_id    text NOT NULL,
  contract_id   text NOT NULL REFERENCES arrears.contracts (id),
  obligation_id text REFERENCES arrears.obligations (id),
  account       text NOT NULL CHECK (account IN ('principal', 'interest')),
  type          text NOT NULL CHECK (type IN ('obligation', 'payment', 'interest_payment', 'adjustment', 'reversal')),
  direction     text NOT NULL CHECK (direction IN ('debit', 'credit')),
  amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
  on_date       date NOT NULL,
  reason        text,
  approver      text,
  reverses      text REFERENCES arrears.postings (id),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  CHECK ((account = 'principal') = (obligation_id IS NOT NULL))
);
CREATE INDEX postings_contract ON arrears.postings (contract_id, seq);
CREATE INDEX postings_obligation ON arrears.postings (obligation_id, on_date);
CREATE UNIQUE INDEX postings_reversed_once ON arrears.postings (reverses) WHERE reverses IS NOT NULL;

-- One row per posting request: its idempotency key, the hash of its body, and the answer it got.
CREATE TABLE arrears.posting_requests (
  id           text PRIMARY KEY,
  contract_id  text NOT NULL REFERENCES arrears.contracts (id),
  key          text NOT NULL,
  request_hash text NOT NULL,
  response     jsonb NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  UNIQUE (contract_id, key)
);

CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON arrears.postings
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON arrears.postings
  FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER posting_requests_append_only BEFORE UPDATE OR DELETE ON arrears.posting_requests
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();
CREATE TRIGGER contract_events_append_only BEFORE UPDATE OR DELETE ON arrears.contract_events
  FOR EACH ROW EXECUTE FUNCTION public.refuse_change();

-- 整改台账: every obligation that becomes overdue gets a task; it closes only when paid in full.
CREATE TABLE arrears.tasks (
  id               text PRIMARY KEY,
  obligation_id    text NOT NULL UNIQUE REFERENCES arrears.obligations (id),
  contract_id      text NOT NULL REFERENCES arrears.contracts (id),
  opened_on        date NOT NULL,
  measure          text,
  responsible_unit text,
  deadline         date,
  closed_on        date,
  created_at       timestamptz NOT NULL
);
CREATE INDEX tasks_open ON arrears.tasks (deadline) WHERE closed_on IS NULL;
CREATE INDEX tasks_contract ON arrears.tasks (contract_id);

-- Contractor complaints: transferred within 10 working days, answered within 30 days (at most 90).
CREATE TABLE arrears.complaints (
  id                text PRIMARY KEY,
  contract_id       text NOT NULL REFERENCES arrears.contracts (id),
  received_on       date NOT NULL,
  content           text NOT NULL,
  transfer_due_on   date NOT NULL,
  transferred_on    date,
  transferred_to    text,
  answer_due_on     date NOT NULL,
  extension_reason  text,
  answered_on       date,
  answer            text,
  justified         boolean,
  credit_record_id  text,
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL
);
CREATE INDEX complaints_open ON arrears.complaints (answer_due_on) WHERE answered_on IS NULL;
CREATE INDEX complaints_contract ON arrears.complaints (contract_id);
