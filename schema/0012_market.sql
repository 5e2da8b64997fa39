-- The 中介超市 (issue 10, domain §8): agencies' market profiles, admission and suspension; purchase
-- announcements, sign-ups, sealed bids and selections whose draw anyone can check; contracts, service
-- results, ratings and reports of misconduct. Its own schema: the market reads credit standing through
-- the credit features' surfaces and writes credit facts only through their verbs.
CREATE SCHEMA market;

-- ── Agencies ─────────────────────────────────────────────────────────────────────────────────────

-- The service catalogue (服务事项). Codes are stable; names are what people read.
CREATE TABLE market.services (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name        text NOT NULL UNIQUE,
  description text NOT NULL,
  sort        int NOT NULL
);
INSERT INTO market.services (code, name, description, sort) VALUES
  ('review',                 '审查',             '技术审查（方案、图纸、报告）', 10),
  ('argumentation',          '论证',             '可行性、安全、专家论证', 20),
  ('assessment',             '评估',             '资产、风险、社会稳定等评估', 30),
  ('testing',                '检测',             '工程质量、材料、设备检测', 40),
  ('appraisal',              '鉴定',             '质量、损失、结构安全鉴定', 50),
  ('consulting',             '咨询',             '工程咨询、造价咨询、招标代理咨询', 60),
  ('cd_drawing_review',      '人防工程施工图审查', '人民防空工程施工图设计文件审查', 70),
  ('surveying',              '测绘',             '工程测量、不动产测绘', 80),
  ('environmental_impact',   '环境影响评价',       '建设项目环境影响报告编制', 90),
  ('safety_evaluation',      '安全评价',         '安全预评价、验收评价', 100);

-- One row per intermediary subject that applied to the 超市. state: applied → admitted | refused;
-- admitted → withdrawn. Suspension is its own table (a period with a reason), not a state here, so an
-- admitted agency's history of suspensions is kept.
CREATE TABLE market.agencies (
  subject_id        text PRIMARY KEY REFERENCES credit.subjects (id),
  state             text NOT NULL CHECK (state IN ('applied', 'admitted', 'refused', 'withdrawn')),
  applied_at        timestamptz NOT NULL,
  applied_on        date NOT NULL,
  -- 2 working days after the application day (domain §8), counted by the calendar of §7.
  admission_due_on  date NOT NULL,
  decided_at        timestamptz,
  decided_by        text,
  decision_note     text,
  -- A refusal names the records it rests on (a bad record in the previous 3 years).
  refusal_record_ids text[] NOT NULL DEFAULT '{}',
  staff_count       int NOT NULL CHECK (staff_count >= 0),
  -- Region codes (6 digits). A province code (xx0000) covers its province, a city code (xxxx00) its city.
  regions           text[] NOT NULL CHECK (cardinality(regions) BETWEEN 1 AND 100),
  introduction      text NOT NULL DEFAULT '',
  contact_name      text NOT NULL,
  contact_phone     text NOT NULL,
  contact_email     text,
  version           int NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX agencies_state ON market.agencies (state, subject_id);
CREATE INDEX agencies_due ON market.agencies (admission_due_on) WHERE state = 'applied';
CREATE INDEX agencies_regions ON market.agencies USING gin (regions);

CREATE TABLE market.qualifications (
  id              bigserial PRIMARY KEY,
  subject_id      text NOT NULL REFERENCES market.agencies (subject_id),
  name            text NOT NULL,
  level           text NOT NULL,
  certificate_no  text NOT NULL,
  valid_until     date NOT NULL,
  UNIQUE (subject_id, certificate_no)
);
CREATE INDEX qualifications_name ON market.qualifications (name, valid_until);

-- What an agency offers and what it charges (收费标准). fee_kind 'fixed' (min = max), 'range', or
-- 'discount' (a rate on the standard fee, 0 < rate ≤ 1, exact decimal).
CREATE TABLE market.offers (
  subject_id     text NOT NULL REFERENCES market.agencies (subject_id),
  service        text NOT NULL REFERENCES market.services (code),
  fee_kind       text NOT NULL CHECK (fee_kind IN ('fixed', 'range', 'discount')),
  fee_basis      text NOT NULL,
  fee_min_fen    bigint CHECK (fee_min_fen >= 0),
  fee_max_fen    bigint CHECK (fee_max_fen >= fee_min_fen),
  discount_rate  numeric(5, 4) CHECK (discount_rate > 0 AND discount_rate <= 1),
  unit           text NOT NULL,
  PRIMARY KEY (subject_id, service),
  CHECK ((fee_kind = 'discount') = (discount_rate IS NOT NULL)),
  CHECK ((fee_kind = 'discount') = (fee_min_fen IS NULL))
);
CREATE INDEX offers_service ON market.offers (service, fee_min_fen, subject_id);

-- Suspension from the 超市: a period with its reason; lifted early by the operator.
CREATE TABLE market.suspensions (
  id           text PRIMARY KEY,
  subject_id   text NOT NULL REFERENCES market.agencies (subject_id),
  reason       text NOT NULL CHECK (reason IN ('complaints', 'discipline', 'fraud')),
  detail       text NOT NULL,
  starts_on    date NOT NULL,
  ends_on      date,
  lifted_on    date,
  lifted_by    text,
  lift_reason  text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX suspensions_subject ON market.suspensions (subject_id, starts_on);

-- The 中介 evaluation scheme (domain §4/§8): a second kind of rule set, versioned data like the first.
CREATE TABLE market.agency_rule_sets (
  version              text PRIMARY KEY,
  effective_from       date NOT NULL UNIQUE,
  regulator_points     int NOT NULL,   -- 70: the sector regulators' part, less deductions for records
  public_points        int NOT NULL,   -- 10: public credit information (lists, public records)
  social_points        int NOT NULL,   -- 20: owner ratings and verified complaints
  deduction_minor      int NOT NULL,
  deduction_general    int NOT NULL,
  deduction_serious    int NOT NULL,
  good_addition        int NOT NULL,
  public_deduction     int NOT NULL,   -- per public dishonesty record in effect
  complaint_deduction  int NOT NULL,   -- per verified complaint in the last year
  social_default       int NOT NULL,   -- social part of an agency nobody has rated yet
  rating_window_months int NOT NULL,
  grade_aaa_min        int NOT NULL,
  grade_aa_min         int NOT NULL,
  grade_a_min          int NOT NULL,
  grade_b_min          int NOT NULL,
  note                 text NOT NULL,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL,
  CHECK (regulator_points + public_points + social_points = 100)
);
INSERT INTO market.agency_rule_sets VALUES
  ('中介-2026.1', '2020-01-01', 70, 10, 20, 2, 10, 30, 2, 5, 4, 15, 36, 90, 80, 70, 60,
   '中介机构信用评价：行业监管评价 70 分 + 公共信用信息 10 分 + 社会评价 20 分', 'system:migration', '2026-01-01T00:00:00Z');

-- ── Announcements and selection ──────────────────────────────────────────────────────────────────

CREATE TABLE market.announcements (
  id                   text PRIMARY KEY,
  owner_sub            text NOT NULL,        -- the applicant token's sub: only it manages the announcement
  owner_name           text NOT NULL,        -- 项目业主
  owner_uscc           text,
  project_code         text NOT NULL,        -- 投资项目代码
  project_name         text NOT NULL,
  service              text NOT NULL REFERENCES market.services (code),
  region               text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
  fiscal               boolean NOT NULL,     -- 财政资金
  quote_kind           text NOT NULL CHECK (quote_kind IN ('amount', 'discount')),
  price_cap_fen        bigint CHECK (price_cap_fen >= 0),
  price_floor_fen      bigint CHECK (price_floor_fen >= 0 AND price_floor_fen <= price_cap_fen),
  discount_min         numeric(5, 4),
  discount_max         numeric(5, 4) CHECK (discount_max >= discount_min),
  signup_deadline      timestamptz NOT NULL,
  selection_at         timestamptz NOT NULL CHECK (selection_at >= signup_deadline),
  qualification_match  text NOT NULL CHECK (qualification_match IN ('any', 'all')),
  qualifications       text[] NOT NULL DEFAULT '{}',
  min_staff            int NOT NULL DEFAULT 0 CHECK (min_staff >= 0),
  avoid                jsonb NOT NULL DEFAULT '[]',   -- [{ uscc, reason }] 回避
  mode                 text NOT NULL CHECK (mode IN ('direct', 'random', 'bid_lowest', 'bid_best', 'credit_first')),
  direct_uscc          text,
  long_list_size       int,
  short_list_size      int,
  witnesses            boolean NOT NULL DEFAULT false,
  publish_winner       boolean NOT NULL DEFAULT true,
  complaint_contact    text NOT NULL,
  description          text NOT NULL DEFAULT '',
  state                text NOT NULL CHECK (state IN ('draft', 'published', 'signing_up', 'selecting', 'selected',
                         'under_contract', 'in_service', 'completed', 'failed', 'cancelled')),
  failure_reason       text,
  -- The commitment published before sign-up closes: the rule that orders the pool (and its hash) and the
  -- randomness source that does not exist yet (a drand round, or the SHA-256 of the operator's seed).
  draw_rule            jsonb,
  draw_rule_hash       text,
  randomness_source    jsonb,
  -- The commit-reveal seed stays here, unpublished, until the draw reveals it.
  sealed_seed          text,
  -- The pool, fixed when sign-up closes and the selection begins, BEFORE the randomness is asked for:
  -- [{ subjectId, member: { label, bid?, score? } }] in label order, its hash, and when it was fixed.
  -- A selection retried while the randomness is not out draws from this pool; it is never judged again.
  fixed_pool           jsonb,
  pool_hash            text,
  pool_fixed_at        timestamptz,
  published_at         timestamptz,
  version              int NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  CHECK ((mode = 'direct') = (direct_uscc IS NOT NULL)),
  CHECK ((fixed_pool IS NULL) = (pool_hash IS NULL) AND (pool_hash IS NULL) = (pool_fixed_at IS NULL))
);
CREATE INDEX announcements_public ON market.announcements (state, id) WHERE state <> 'draft';
CREATE INDEX announcements_owner ON market.announcements (owner_sub, id);
CREATE INDEX announcements_service_region ON market.announcements (service, region, id);
CREATE INDEX announcements_deadline ON market.announcements (signup_deadline) WHERE state IN ('published', 'signing_up');

-- Every step of an announcement's life, with who and when.
CREATE TABLE market.announcement_steps (
  id               bigserial PRIMARY KEY,
  announcement_id  text NOT NULL REFERENCES market.announcements (id),
  from_state       text,
  to_state         text NOT NULL,
  actor            text NOT NULL,
  role             text NOT NULL,
  at               timestamptz NOT NULL,
  note             text
);
CREATE INDEX announcement_steps_of ON market.announcement_steps (announcement_id, id);

CREATE TABLE market.signups (
  announcement_id  text NOT NULL REFERENCES market.announcements (id),
  subject_id       text NOT NULL REFERENCES market.agencies (subject_id),
  signed_at        timestamptz NOT NULL,
  -- The agency's contribution to a commit-reveal draw; hidden until the draw, then in the proof.
  nonce            text NOT NULL,
  withdrawn_at     timestamptz,
  PRIMARY KEY (announcement_id, subject_id)
);
CREATE INDEX signups_subject ON market.signups (subject_id);

-- Every eligibility judgement (at sign-up, at the draw or opening, at confirmation), with the reasons
-- and the credit status each rested on, so an objection can name one decision.
CREATE TABLE market.eligibility_decisions (
  id               text PRIMARY KEY,
  announcement_id  text NOT NULL REFERENCES market.announcements (id),
  subject_id       text NOT NULL REFERENCES credit.subjects (id),
  stage            text NOT NULL CHECK (stage IN ('signup', 'selection', 'confirmation', 'direct')),
  eligible         boolean NOT NULL,
  reasons          jsonb NOT NULL DEFAULT '[]',   -- [{ code, detail, basis: { recordIds?, entryIds?, suspensionId?, ... } }]
  decided_at       timestamptz NOT NULL
);
CREATE INDEX eligibility_of ON market.eligibility_decisions (announcement_id, subject_id, decided_at);

-- Sealed bids: stored, never shown, until the deadline has passed and the opening reads them.
CREATE TABLE market.bids (
  announcement_id  text NOT NULL REFERENCES market.announcements (id),
  subject_id       text NOT NULL REFERENCES market.agencies (subject_id),
  amount_fen       bigint CHECK (amount_fen >= 0),
  discount_rate    numeric(5, 4) CHECK (discount_rate > 0 AND discount_rate <= 1),
  submitted_at     timestamptz NOT NULL,
  PRIMARY KEY (announcement_id, subject_id),
  CHECK ((amount_fen IS NULL) <> (discount_rate IS NULL))
);

CREATE TABLE market.selections (
  id                   text PRIMARY KEY,
  announcement_id      text NOT NULL UNIQUE REFERENCES market.announcements (id),
  mode                 text NOT NULL,
  state                text NOT NULL CHECK (state IN ('publicised', 'awaiting_pick', 'confirmed', 'failed')),
  pool_hash            text,
  proof                jsonb,              -- self-contained: every input of the draw (lib/draw)
  ordered              text[] NOT NULL DEFAULT '{}',   -- USCCs in draw order (or ranked order for bids)
  shortlist            text[] NOT NULL DEFAULT '{}',
  winner_subject_id    text REFERENCES credit.subjects (id),
  winner_bid_fen       bigint,
  winner_discount_rate numeric(5, 4),
  publicity_ends_on    date,               -- 结果公示: 3 working days for objections
  confirmed_at         timestamptz,
  -- The day the owner confirmed the service result: the 180-day rating window counts from it.
  completed_on         date,
  made_by              text NOT NULL,
  made_at              timestamptz NOT NULL
);
CREATE INDEX selections_winner ON market.selections (winner_subject_id);

-- The winner dropped out before confirmation (restricted, objection upheld) and the next took its place.
CREATE TABLE market.selection_changes (
  id                 bigserial PRIMARY KEY,
  selection_id       text NOT NULL REFERENCES market.selections (id),
  dropped_subject_id text NOT NULL REFERENCES credit.subjects (id),
  reason             jsonb NOT NULL,
  next_subject_id    text REFERENCES credit.subjects (id),
  actor              text NOT NULL,
  at                 timestamptz NOT NULL
);

-- Objections during the 结果公示 window by an agency of the pool, decided by the operator. One may name
-- the eligibility decision it disputes; an upheld objection against the winner's standing replaces it.
CREATE TABLE market.selection_objections (
  id                       bigserial PRIMARY KEY,
  selection_id             text NOT NULL REFERENCES market.selections (id),
  subject_id               text NOT NULL REFERENCES credit.subjects (id),
  eligibility_decision_id  text REFERENCES market.eligibility_decisions (id),
  against_winner           boolean NOT NULL,
  reason                   text NOT NULL,
  state                    text NOT NULL CHECK (state IN ('filed', 'upheld', 'rejected')),
  decision_note            text,
  decided_by               text,
  decided_at               timestamptz,
  filed_at                 timestamptz NOT NULL
);
CREATE INDEX selection_objections_of ON market.selection_objections (selection_id, id);

-- 合同备案 and its extensions.
CREATE TABLE market.contracts (
  selection_id  text PRIMARY KEY REFERENCES market.selections (id),
  number        text NOT NULL,
  amount_fen    bigint NOT NULL CHECK (amount_fen >= 0),
  starts_on     date NOT NULL,
  ends_on       date NOT NULL CHECK (ends_on >= starts_on),
  extensions    jsonb NOT NULL DEFAULT '[]',   -- [{ endsOn, reason, filedAt }]
  filed_by      text NOT NULL,
  filed_at      timestamptz NOT NULL
);

-- The service result: uploaded by the agency, confirmed or returned by the owner (each step kept).
CREATE TABLE market.service_results (
  id            bigserial PRIMARY KEY,
  selection_id  text NOT NULL REFERENCES market.selections (id),
  state         text NOT NULL CHECK (state IN ('uploaded', 'confirmed', 'returned')),
  document      text NOT NULL,
  note          text,
  actor         text NOT NULL,
  at            timestamptz NOT NULL
);
CREATE INDEX service_results_of ON market.service_results (selection_id, id);

-- ── Ratings and reports ──────────────────────────────────────────────────────────────────────────

-- One rating per selection, within 180 days of completion; 1–5 on each of five dimensions.
CREATE TABLE market.ratings (
  id            text PRIMARY KEY,
  selection_id  text NOT NULL UNIQUE REFERENCES market.selections (id),
  subject_id    text NOT NULL REFERENCES credit.subjects (id),
  owner_sub     text NOT NULL,
  quality       smallint NOT NULL CHECK (quality BETWEEN 1 AND 5),
  timeliness    smallint NOT NULL CHECK (timeliness BETWEEN 1 AND 5),
  attitude      smallint NOT NULL CHECK (attitude BETWEEN 1 AND 5),
  fee           smallint NOT NULL CHECK (fee BETWEEN 1 AND 5),
  conduct       smallint NOT NULL CHECK (conduct BETWEEN 1 AND 5),
  comment       text NOT NULL DEFAULT '',
  rated_on      date NOT NULL,
  -- An upheld objection of the agency sets the rating aside: kept, no longer counted.
  set_aside     boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL
);
CREATE INDEX ratings_subject ON market.ratings (subject_id, rated_on);

CREATE TABLE market.rating_objections (
  id            text PRIMARY KEY,
  rating_id     text NOT NULL REFERENCES market.ratings (id),
  reason        text NOT NULL,
  state         text NOT NULL CHECK (state IN ('filed', 'upheld', 'rejected')),
  decision_note text,
  decided_by    text,
  decided_at    timestamptz,
  filed_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX rating_objections_open ON market.rating_objections (rating_id) WHERE state = 'filed';

-- Counted ratings per agency, kept in the rating's transaction: sums of integers, so averages are exact.
CREATE TABLE market.rating_totals (
  subject_id       text PRIMARY KEY REFERENCES credit.subjects (id),
  count            int NOT NULL,
  quality_sum      int NOT NULL,
  timeliness_sum   int NOT NULL,
  attitude_sum     int NOT NULL,
  fee_sum          int NOT NULL,
  conduct_sum      int NOT NULL
);

-- Reports of misconduct (举报). The contact is the reporter's personal data: regulators only.
CREATE TABLE market.reports (
  id               text PRIMARY KEY,
  tracking_no      text NOT NULL UNIQUE,
  subject_id       text NOT NULL REFERENCES credit.subjects (id),
  facts            text NOT NULL,
  contact_name     text NOT NULL,
  contact_phone    text NOT NULL,
  state            text NOT NULL CHECK (state IN ('received', 'dismissed', 'verified')),
  decision_reason  text,
  record_id        text,
  decided_by       text,
  decided_dept     text,
  decided_at       timestamptz,
  -- The complaints suspension this verified report counted towards: each report counts for one at most.
  suspension_id    text,
  received_at      timestamptz NOT NULL,
  CHECK ((state = 'verified') = (record_id IS NOT NULL)),
  CHECK ((state = 'received') = (decided_at IS NULL))
);
CREATE INDEX reports_subject ON market.reports (subject_id, state, decided_at);
CREATE INDEX reports_queue ON market.reports (state, id);

-- The 中介 scores the directory sorts by, recomputed from events and by the daily sweep; the profile
-- computes its own live. Every admitted agency has a row from its admission on, so the directory
-- pages from these indexes and stops after one page. rating_key orders by the exact average rating:
-- floor(sum of the five dimensions × 10^18 / (5 × count)), -1 when unrated (distinct averages with
-- realistic counts never share a key; equal ones always do).
CREATE TABLE market.agency_scores (
  subject_id    text PRIMARY KEY REFERENCES credit.subjects (id),
  score         int NOT NULL,
  grade         text NOT NULL,
  rule_version  text NOT NULL,
  rating_key    numeric(40, 0) NOT NULL DEFAULT -1,
  computed_on   date NOT NULL,
  computed_at   timestamptz NOT NULL
);
CREATE INDEX agency_scores_score ON market.agency_scores (score DESC, subject_id);
CREATE INDEX agency_scores_rating ON market.agency_scores (rating_key DESC, subject_id);

-- ── Ratings and reports: a dishonesty record made from a verified report names it (features/reports) ──
ALTER TABLE credit.records ADD COLUMN report_id text;
