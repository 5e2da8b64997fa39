-- Credit evaluation: versioned rule sets (data, never code), yearly grade snapshots, check receipts.

CREATE TABLE credit.rule_sets (
  version            text PRIMARY KEY,
  effective_from     date NOT NULL UNIQUE,
  base               integer NOT NULL CHECK (base > 0),
  deduction_minor    integer NOT NULL CHECK (deduction_minor >= 0),
  deduction_general  integer NOT NULL CHECK (deduction_general >= 0),
  deduction_serious  integer NOT NULL CHECK (deduction_serious >= 0),
  good_addition      integer NOT NULL CHECK (good_addition >= 0),
  addition_cap       integer NOT NULL CHECK (addition_cap >= 0),
  -- Lowest score of each grade; below grade_b_min is C. AAA also needs no serious record.
  grade_aaa_min      integer NOT NULL,
  grade_aa_min       integer NOT NULL,
  grade_a_min        integer NOT NULL,
  grade_b_min        integer NOT NULL,
  note               text NOT NULL DEFAULT '',
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL,
  CHECK (grade_aaa_min > grade_aa_min AND grade_aa_min > grade_a_min AND grade_a_min > grade_b_min)
);

-- Domain §4: base 100; 轻微 −2, 一般 −10, 严重 −30; good +5 each up to +10; AAA ≥ 90, AA ≥ 80, A ≥ 70,
-- B ≥ 60, else C; an active 严重 record or black list entry forces C.
INSERT INTO credit.rule_sets VALUES
  ('2019.1', '2019-01-01', 100, 2, 10, 30, 5, 10, 90, 80, 70, 60,
   'Seeded rule set of domain §4', 'system:schema', '2026-01-01T00:00:00Z');

-- A yearly evaluation run and the grade of every subject it fixed.
CREATE TABLE credit.evaluation_runs (
  id            text PRIMARY KEY,
  year          integer NOT NULL,
  as_of         date NOT NULL,
  rule_version  text NOT NULL REFERENCES credit.rule_sets (version),
  subjects      integer NOT NULL,
  started_by    text NOT NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL
);
CREATE INDEX evaluation_runs_year ON credit.evaluation_runs (year, started_at);

CREATE TABLE credit.grades (
  run_id        text NOT NULL REFERENCES credit.evaluation_runs (id),
  subject_id    text NOT NULL REFERENCES credit.subjects (id),
  year          integer NOT NULL,
  score         integer NOT NULL,
  grade         text NOT NULL CHECK (grade IN ('AAA', 'AA', 'A', 'B', 'C')),
  rule_version  text NOT NULL,
  PRIMARY KEY (run_id, subject_id)
);
CREATE INDEX grades_subject ON credit.grades (subject_id, year);

-- Receipts of bulk credit checks: what the registry answered, to whom, seeing which data.
CREATE TABLE credit.checks (
  id            text PRIMARY KEY,
  actor         text NOT NULL,
  role          text NOT NULL,
  at            timestamptz NOT NULL,
  as_of         date NOT NULL,
  data_version  text NOT NULL,
  codes         integer NOT NULL,
  -- The canonical JSON text that was answered and hashed, kept byte for byte.
  results       text NOT NULL,
  results_hash  text NOT NULL
);
CREATE INDEX checks_actor ON credit.checks (actor, at);
