-- Reference data for old cases (issue 9, items 10, 11 and 23).
--
-- 1. The official working-day tables for 2017–2024 (domain §7), as lunar-javascript 1.7.7's HolidayUtil
--    ships them (the State Council notices; 2020 with the Spring Festival extended to 2/2). 2017 too,
--    one year before the 2018 the issue asks for: the 清欠 stock of 2017–2019 (domain §10) has
--    deliveries in 2017 whose due dates are counted on it. They are
--    schema data rather than a loader run at start: an official table never changes, so it belongs with
--    the migrations (checksummed, the same on every platform, the Worker needs no library for it), and
--    tests/features/calendar-official.test.ts checks these rows day for day against the library, and
--    the library against domain §7's 2025/2026 rows. Each day is stored under its own year (2018-12-30
--    and 12-31 are 2019's 元旦 block). A year an admin already loaded keeps the admin's table.
WITH loaded AS (
  INSERT INTO reference.calendar_years (year, loaded_by, loaded_at)
  SELECT y, 'system:schema', '2026-12-01T00:00:00Z' FROM generate_series(2017, 2024) AS y
  ON CONFLICT (year) DO NOTHING
  RETURNING year
),
days (day, kind) AS (
  SELECT d::date, 'holiday' FROM (
    SELECT generate_series(f::timestamp, t::timestamp, interval '1 day') AS d FROM (VALUES
    ('2017-01-01', '2017-01-02'), ('2017-01-27', '2017-02-02'), ('2017-04-02', '2017-04-04'), ('2017-04-29', '2017-05-01'),
    ('2017-05-28', '2017-05-30'), ('2017-10-01', '2017-10-08'), ('2017-12-30', '2017-12-31'),
    ('2018-01-01', '2018-01-01'), ('2018-02-15', '2018-02-21'), ('2018-04-05', '2018-04-07'), ('2018-04-29', '2018-05-01'),
    ('2018-06-16', '2018-06-18'), ('2018-09-22', '2018-09-24'), ('2018-10-01', '2018-10-07'), ('2018-12-30', '2018-12-31'),
    ('2019-01-01', '2019-01-01'), ('2019-02-04', '2019-02-10'), ('2019-04-05', '2019-04-07'), ('2019-05-01', '2019-05-04'),
    ('2019-06-07', '2019-06-09'), ('2019-09-13', '2019-09-15'), ('2019-10-01', '2019-10-07'), ('2020-01-01', '2020-01-01'),
    ('2020-01-24', '2020-02-02'), ('2020-04-04', '2020-04-06'), ('2020-05-01', '2020-05-05'), ('2020-06-25', '2020-06-27'),
    ('2020-10-01', '2020-10-08'), ('2021-01-01', '2021-01-03'), ('2021-02-11', '2021-02-17'), ('2021-04-03', '2021-04-05'),
    ('2021-05-01', '2021-05-05'), ('2021-06-12', '2021-06-14'), ('2021-09-19', '2021-09-21'), ('2021-10-01', '2021-10-07'),
    ('2022-01-01', '2022-01-03'), ('2022-01-31', '2022-02-06'), ('2022-04-03', '2022-04-05'), ('2022-04-30', '2022-05-04'),
    ('2022-06-03', '2022-06-05'), ('2022-09-10', '2022-09-12'), ('2022-10-01', '2022-10-07'), ('2022-12-31', '2022-12-31'),
    ('2023-01-01', '2023-01-02'), ('2023-01-21', '2023-01-27'), ('2023-04-05', '2023-04-05'), ('2023-04-29', '2023-05-03'),
    ('2023-06-22', '2023-06-24'), ('2023-09-29', '2023-10-06'), ('2023-12-30', '2023-12-31'), ('2024-01-01', '2024-01-01'),
    ('2024-02-10', '2024-02-17'), ('2024-04-04', '2024-04-06'), ('2024-05-01', '2024-05-05'), ('2024-06-08', '2024-06-10'),
    ('2024-09-15', '2024-09-17'), ('2024-10-01', '2024-10-07')) AS ranges (f, t)
  ) AS holidays
  UNION ALL
  SELECT d::date, 'workday' FROM (VALUES
    ('2017-01-22'), ('2017-02-04'), ('2017-04-01'), ('2017-05-27'), ('2017-09-30'),
    ('2018-02-11'), ('2018-02-24'), ('2018-04-08'), ('2018-04-28'), ('2018-09-29'), ('2018-09-30'),
    ('2018-12-29'), ('2019-02-02'), ('2019-02-03'), ('2019-04-28'), ('2019-05-05'), ('2019-09-29'),
    ('2019-10-12'), ('2020-01-19'), ('2020-04-26'), ('2020-05-09'), ('2020-06-28'), ('2020-09-27'),
    ('2020-10-10'), ('2021-02-07'), ('2021-02-20'), ('2021-04-25'), ('2021-05-08'), ('2021-09-18'),
    ('2021-09-26'), ('2021-10-09'), ('2022-01-29'), ('2022-01-30'), ('2022-04-02'), ('2022-04-24'),
    ('2022-05-07'), ('2022-10-08'), ('2022-10-09'), ('2023-01-28'), ('2023-01-29'), ('2023-04-23'),
    ('2023-05-06'), ('2023-06-25'), ('2023-10-07'), ('2023-10-08'), ('2024-02-04'), ('2024-02-18'),
    ('2024-04-07'), ('2024-04-28'), ('2024-05-11'), ('2024-09-14'), ('2024-09-29'), ('2024-10-12')) AS workdays (d)
)
INSERT INTO reference.calendar_days (day, year, kind)
SELECT day, extract(year FROM day)::int, kind FROM days
WHERE extract(year FROM day)::int IN (SELECT year FROM loaded);

-- 2. The 1-year LPR history from the reformed LPR's start (domain §10; PBOC / 全国银行间同业拆借中心
--    announcements: only the dates it changed). A value an admin already recorded is kept.
INSERT INTO arrears.lpr_rates (effective_from, rate_micro, created_by, created_at) VALUES
  ('2019-08-20', 4250000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2019-09-20', 4200000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2019-11-20', 4150000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2020-02-20', 4050000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2020-04-20', 3850000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2021-12-20', 3800000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2022-01-20', 3700000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2022-08-22', 3650000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2023-06-20', 3550000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2023-08-21', 3450000, 'system:schema', '2026-12-01T00:00:00Z'),
  ('2024-07-22', 3350000, 'system:schema', '2026-12-01T00:00:00Z')
ON CONFLICT (effective_from) DO NOTHING;

-- 3. A contract signed before 2020-09-01 is not covered by the 条例 (no LPR floor): it has no LPR at signing.
ALTER TABLE arrears.contracts ALTER COLUMN lpr_at_signing_micro DROP NOT NULL;

-- 4. What one contract can be: at most 10^15 fen (10 万亿元), far above any single public contract and
--    well inside bigint, so one contract can never make a report overflow. Input is checked against it
--    first; these catch what slips past. NOT VALID: rows stored before the bound are left for
--    `npm run ledger:verify` to name, not a failed migration.
ALTER TABLE arrears.contracts ADD CONSTRAINT contracts_amount_bound CHECK (amount_fen <= 1000000000000000) NOT VALID;
ALTER TABLE arrears.postings ADD CONSTRAINT postings_amount_bound CHECK (amount_fen <= 1000000000000000) NOT VALID;
ALTER TABLE arrears.contract_events ADD CONSTRAINT contract_events_amount_bound CHECK (amount_fen <= 1000000000000000) NOT VALID;
