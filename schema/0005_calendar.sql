-- The working-day calendar (domain §7): reference data, one table per year as the State Council
-- publishes it. Loaded here for 2025 and 2026; admins load later years with PUT /api/v1/calendar/{year}.

CREATE TABLE credit.calendar_years (
  year       integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  loaded_by  text NOT NULL,
  loaded_at  timestamptz NOT NULL
);

CREATE TABLE credit.calendar_days (
  day   date PRIMARY KEY,
  year  integer NOT NULL REFERENCES credit.calendar_years (year),
  kind  text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  CHECK (extract(year FROM day) = year)
);

INSERT INTO credit.calendar_years VALUES (2025, 'system:schema', '2026-01-01T00:00:00Z'), (2026, 'system:schema', '2026-01-01T00:00:00Z');

INSERT INTO credit.calendar_days (day, year, kind)
SELECT d::date, extract(year FROM d)::int, 'holiday' FROM (
  SELECT generate_series(f::timestamp, t::timestamp, interval '1 day') AS d FROM (VALUES
    ('2025-01-01', '2025-01-01'), ('2025-01-28', '2025-02-04'), ('2025-04-04', '2025-04-06'),
    ('2025-05-01', '2025-05-05'), ('2025-05-31', '2025-06-02'), ('2025-10-01', '2025-10-08'),
    ('2026-01-01', '2026-01-03'), ('2026-02-15', '2026-02-23'), ('2026-04-04', '2026-04-06'),
    ('2026-05-01', '2026-05-05'), ('2026-06-19', '2026-06-21'), ('2026-09-25', '2026-09-27'),
    ('2026-10-01', '2026-10-07')) AS ranges(f, t)
) AS days;

INSERT INTO credit.calendar_days (day, year, kind) VALUES
  ('2025-01-26', 2025, 'workday'), ('2025-02-08', 2025, 'workday'), ('2025-04-27', 2025, 'workday'),
  ('2025-09-28', 2025, 'workday'), ('2025-10-11', 2025, 'workday'),
  ('2026-01-04', 2026, 'workday'), ('2026-02-14', 2026, 'workday'), ('2026-02-28', 2026, 'workday'),
  ('2026-05-09', 2026, 'workday'), ('2026-09-20', 2026, 'workday'), ('2026-10-10', 2026, 'workday');
