-- Credit commitments (信用承诺, domain §9) and the record a broken one leads to.

INSERT INTO credit.categories (code, name, sector, kind) VALUES
  ('broken_commitment', '违背信用承诺', 'general', 'dishonesty');

CREATE TABLE credit.commitments (
  id                   text PRIMARY KEY,
  code                 text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{20}$'),
  subject_id           text NOT NULL REFERENCES credit.subjects (id),
  type                 text NOT NULL CHECK (type IN ('approval_substitute', 'deficiency_tolerance', 'certification',
                         'credit_repair', 'industry_self_discipline', 'voluntary', 'other')),
  reason               text NOT NULL,
  content              text NOT NULL,
  liability            text NOT NULL,
  made_on              date NOT NULL,
  valid_until          date,
  accepting_unit_uscc  text NOT NULL,
  accepting_unit_name  text NOT NULL,
  publicity            text NOT NULL CHECK (publicity IN ('public', 'not_public', 'on_request')),
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fulfilled', 'partial', 'unfulfilled')),
  fulfilment_on        date,
  fulfilment_unit_uscc text,
  fulfilment_note      text,
  record_id            text,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL,
  CHECK ((status = 'pending') = (fulfilment_on IS NULL))
);
CREATE INDEX commitments_subject ON credit.commitments (subject_id, made_on);

-- Serial numbers of commitment codes, per region and day (承诺编码: region + date + 6-digit serial).
CREATE TABLE credit.commitment_serials (
  region text NOT NULL,
  day    date NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (region, day)
);
