-- Credit records (失信 and 良好), their category catalogue, and the display rules by era.

-- Reference data: categories. Sector decides which display rule applies under the 2023 rules
-- (特种设备、安全生产、消防: at least a year) and which sector standard a regulator may publish.
CREATE TABLE credit.categories (
  code   text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{2,63}$'),
  name   text NOT NULL,
  sector text NOT NULL CHECK (sector IN ('intermediary', 'construction', 'safety', 'general')),
  kind   text NOT NULL CHECK (kind IN ('dishonesty', 'good'))
);

INSERT INTO credit.categories (code, name, sector, kind) VALUES
  ('unqualified_practice',        '无资质执业',                 'intermediary', 'dishonesty'),
  ('beyond_scope_or_forced',      '超资质范围或强制代办',        'intermediary', 'dishonesty'),
  ('fees_not_disclosed',          '未公示服务内容和收费标准',    'intermediary', 'dishonesty'),
  ('unreasonable_demands',        '对送审单位提出不合理要求',    'intermediary', 'dishonesty'),
  ('improper_benefit',            '不当利益交换',               'intermediary', 'dishonesty'),
  ('unjustified_delay',           '无故拖延办理',               'intermediary', 'dishonesty'),
  ('client_data_misuse',          '泄露或不当使用客户信息',      'intermediary', 'dishonesty'),
  ('subcontracting_or_lending',   '转包/出借资质',              'construction', 'dishonesty'),
  ('major_quality_safety_accident','重大质量安全事故',           'safety',       'dishonesty'),
  ('refusing_payment_or_wages',   '拒不支付工程款/农民工工资',   'construction', 'dishonesty'),
  ('false_materials',             '提供虚假材料',               'general',      'dishonesty'),
  ('commendation',                '表彰表扬',                   'general',      'good'),
  ('award',                       '获奖荣誉',                   'general',      'good'),
  ('excellent_service',           '优秀服务评价',               'general',      'good');

-- Reference data: how long a record is shown and when repair may be asked, by the rules in force on
-- its decision date. Periods are months from the decision date (domain §2b). sector_class 'safety'
-- rows override 'any' where present.
CREATE TABLE credit.display_rules (
  version        text NOT NULL,
  effective_from date NOT NULL,
  effective_to   date,
  record_kind    text NOT NULL CHECK (record_kind IN ('dishonesty', 'good')),
  severity       text NOT NULL CHECK (severity IN ('minor', 'general', 'serious', 'none')),
  sector_class   text NOT NULL CHECK (sector_class IN ('any', 'safety')),
  min_months     integer NOT NULL CHECK (min_months >= 0),
  max_months     integer NOT NULL CHECK (max_months >= min_months),
  public         boolean NOT NULL,
  PRIMARY KEY (version, record_kind, severity, sector_class)
);

INSERT INTO credit.display_rules VALUES
  -- 发改办财金〔2019〕527号 (to 2023-04-30): 一般 3 months–1 year, 严重 6 months–3 years.
  ('527号-2019', '2019-01-01', '2023-04-30', 'dishonesty', 'minor',   'any',    0,  3, false),
  ('527号-2019', '2019-01-01', '2023-04-30', 'dishonesty', 'general', 'any',    3, 12, true),
  ('527号-2019', '2019-01-01', '2023-04-30', 'dishonesty', 'serious', 'any',    6, 36, true),
  -- 发改委令第58号 (2023-05-01 to 2026-03-31): penalties shown 3 months–3 years; safety sectors ≥ 1 year.
  ('58号令-2023', '2023-05-01', '2026-03-31', 'dishonesty', 'minor',   'any',    0,  3, false),
  ('58号令-2023', '2023-05-01', '2026-03-31', 'dishonesty', 'general', 'any',    3, 36, true),
  ('58号令-2023', '2023-05-01', '2026-03-31', 'dishonesty', 'serious', 'any',    3, 36, true),
  ('58号令-2023', '2023-05-01', '2026-03-31', 'dishonesty', 'general', 'safety', 12, 36, true),
  ('58号令-2023', '2023-05-01', '2026-03-31', 'dishonesty', 'serious', 'safety', 12, 36, true),
  -- 发改委令第36号 (from 2026-04-01): 轻微 not published (≤ 3 months), 一般 3 months–1 year, 严重 1–3 years.
  ('36号令-2026', '2026-04-01', NULL,         'dishonesty', 'minor',   'any',    0,  3, false),
  ('36号令-2026', '2026-04-01', NULL,         'dishonesty', 'general', 'any',    3, 12, true),
  ('36号令-2026', '2026-04-01', NULL,         'dishonesty', 'serious', 'any',   12, 36, true),
  -- Good records count for about 3 years (建市〔2017〕241号) under every era.
  ('527号-2019', '2019-01-01', '2023-04-30', 'good', 'none', 'any', 0, 36, true),
  ('58号令-2023', '2023-05-01', '2026-03-31', 'good', 'none', 'any', 0, 36, true),
  ('36号令-2026', '2026-04-01', NULL,         'good', 'none', 'any', 0, 36, true);

-- One row per revision of a record. A correction adds a revision and marks the previous one
-- superseded; the content of a revision is never changed. `id` is the record's id across revisions.
CREATE TABLE credit.records (
  id              text NOT NULL,
  revision        integer NOT NULL CHECK (revision >= 1),
  subject_id      text NOT NULL REFERENCES credit.subjects (id),
  department      text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('dishonesty', 'good')),
  category        text NOT NULL REFERENCES credit.categories (code),
  severity        text CHECK ((kind = 'dishonesty') = (severity IS NOT NULL)),
  facts           text NOT NULL,
  basis           text NOT NULL,
  document_no     text NOT NULL,
  decided_on      date NOT NULL,
  penalties       jsonb NOT NULL DEFAULT '[]',
  evidence        jsonb NOT NULL DEFAULT '[]',
  rule_version    text NOT NULL,
  is_public       boolean NOT NULL,
  display_from    date NOT NULL,
  repairable_from date,
  display_until   date NOT NULL,
  commitment_id   text,
  -- Lifecycle (not content; carried to each new revision). A record is in effect on day D while
  -- decided_on <= D <= shown_until and it is not voided, or, past shown_until, while it is held because
  -- its obligations are unmet and no person has ended it yet (domain §3).
  shown_until          date NOT NULL,
  obligations_unmet    boolean NOT NULL DEFAULT false,
  end_reason           text CHECK (end_reason IN ('expired', 'repaired', 'voided', 'ended_by_decision')),
  ended_on             date,
  voided_on            date,
  repair_blocked_until date,
  reason          text,
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL,
  superseded_at   timestamptz,
  PRIMARY KEY (id, revision),
  CHECK (severity IS NULL OR severity IN ('minor', 'general', 'serious')),
  CHECK (display_until >= display_from)
);
-- One decision per department and document number among current revisions.
CREATE UNIQUE INDEX records_department_document ON credit.records (department, document_no) WHERE superseded_at IS NULL;
CREATE UNIQUE INDEX records_current ON credit.records (id) WHERE superseded_at IS NULL;
-- Evaluation and checks read a subject's current revisions by decision date; the included columns
-- let scoring answer from the index alone.
CREATE INDEX records_subject_current ON credit.records (subject_id, decided_on)
  INCLUDE (shown_until, kind, severity, voided_on, obligations_unmet, end_reason) WHERE superseded_at IS NULL;
-- The daily sweep looks for current records whose display has run out.
CREATE INDEX records_sweep ON credit.records (shown_until) WHERE superseded_at IS NULL AND end_reason IS NULL;
