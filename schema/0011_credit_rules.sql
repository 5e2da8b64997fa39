-- Credit rules made exact (issue 9): obligations recorded as met, and repair dates that count penalty terms.

-- The deciding department records that the subject has met its obligations (a step with its document
-- number): only then can a repair succeed.
ALTER TABLE credit.records ADD COLUMN obligations_met_on date;
ALTER TABLE credit.records ADD COLUMN obligations_met_document_no text;

-- repairable_from is the first day a repair may really be asked for: after the minimum period and after
-- every penalty's own term. Records stored before this rule get the later day now.
UPDATE credit.records r
SET repairable_from = greatest(r.repairable_from, t.after_terms)
FROM (
  SELECT x.id, x.revision, max((x.decided_on + make_interval(months => (p ->> 'termMonths')::int))::date + 1) AS after_terms
  FROM credit.records x, jsonb_array_elements(x.penalties) p
  WHERE p ? 'termMonths'
  GROUP BY x.id, x.revision
) t
WHERE r.id = t.id AND r.revision = t.revision AND r.repairable_from IS NOT NULL;

-- A yearly run, once stored, is final: running the year again supersedes it explicitly, with a
-- reason, and both runs are kept. One current run per year.
-- Deferred: the old run points at its successor, inserted in the same transaction just after.
ALTER TABLE credit.evaluation_runs ADD COLUMN superseded_by text REFERENCES credit.evaluation_runs (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE credit.evaluation_runs ADD COLUMN supersedes text REFERENCES credit.evaluation_runs (id);
ALTER TABLE credit.evaluation_runs ADD COLUMN supersede_reason text;
UPDATE credit.evaluation_runs r SET superseded_by = latest.id
FROM (SELECT DISTINCT ON (year) year, id FROM credit.evaluation_runs ORDER BY year, started_at DESC, id DESC) latest
WHERE r.year = latest.year AND r.id <> latest.id;
CREATE UNIQUE INDEX evaluation_runs_current ON credit.evaluation_runs (year) WHERE superseded_by IS NULL;

-- Name history with dates: a signed status for a past day names the subject as it was named that day.
CREATE TABLE credit.subject_renames (
  id          bigserial PRIMARY KEY,
  subject_id  text NOT NULL REFERENCES credit.subjects (id),
  old_name    text NOT NULL,
  new_name    text NOT NULL,
  renamed_on  date NOT NULL
);
CREATE INDEX subject_renames_subject ON credit.subject_renames (subject_id, renamed_on);

-- An objection partly upheld (e.g. a wrong period) corrects the record as a new revision, linked to it.
ALTER TABLE credit.records ADD COLUMN objection_id text REFERENCES credit.objections (id);
ALTER TABLE credit.objections DROP CONSTRAINT objections_state_check;
ALTER TABLE credit.objections ADD CONSTRAINT objections_state_check
  CHECK (state IN ('filed', 'forwarded', 'upheld', 'partly_upheld', 'rejected'));

-- The class follows the penalty, as data: the least class each penalty type implies (36号令: 吊销、降级、
-- 责令停产停业、限制从业、责令关闭 are 严重; confiscation 一般; a warning 轻微). Several penalties: the highest.
CREATE TABLE credit.penalty_classes (
  penalty_type   text PRIMARY KEY,
  least_severity text NOT NULL CHECK (least_severity IN ('minor', 'general', 'serious'))
);
INSERT INTO credit.penalty_classes (penalty_type, least_severity) VALUES
  ('警告', 'minor'), ('通报批评', 'minor'), ('罚款', 'minor'), ('其他', 'minor'),
  ('没收违法所得', 'general'), ('没收非法财物', 'general'), ('暂扣许可证件', 'general'), ('行政拘留', 'general'),
  ('降低资质等级', 'serious'), ('吊销许可证件', 'serious'), ('限制开展生产经营活动', 'serious'),
  ('责令停产停业', 'serious'), ('责令关闭', 'serious'), ('限制从业', 'serious');

-- A department's own 轻微/一般/严重 standard, loaded by an admin with its document number, prevails.
CREATE TABLE credit.sector_standards (
  department     text NOT NULL,
  penalty_type   text NOT NULL REFERENCES credit.penalty_classes (penalty_type),
  least_severity text NOT NULL CHECK (least_severity IN ('minor', 'general', 'serious')),
  document_no    text NOT NULL,
  loaded_by      text NOT NULL,
  loaded_at      timestamptz NOT NULL,
  PRIMARY KEY (department, penalty_type)
);

-- The sector a record belongs to decides sector rules (特种设备、安全生产、消防 → safety: at least a year
-- under 58号令; construction market → 建市〔2017〕241号), not its category alone.
ALTER TABLE credit.records ADD COLUMN sector text CHECK (sector IN ('intermediary', 'construction', 'safety', 'general'));
UPDATE credit.records r SET sector = c.sector FROM credit.categories c WHERE c.code = r.category;
ALTER TABLE credit.records ALTER COLUMN sector SET NOT NULL;

-- 建市〔2017〕241号 as a rule row: construction-market dishonesty records 6 months to 3 years.
ALTER TABLE credit.display_rules DROP CONSTRAINT display_rules_sector_class_check;
ALTER TABLE credit.display_rules ADD CONSTRAINT display_rules_sector_class_check CHECK (sector_class IN ('any', 'safety', 'construction'));
INSERT INTO credit.display_rules VALUES
  ('建市241号-2017', '2017-12-01', NULL, 'dishonesty', 'general', 'construction', 6, 36, true),
  ('建市241号-2017', '2017-12-01', NULL, 'dishonesty', 'serious', 'construction', 6, 36, true);

-- When the credit side refuses to record a justified complaint, the ledger reopens the complaint and
-- keeps why, so the department can answer it again.
ALTER TABLE arrears.complaints ADD COLUMN credit_refusal text;
