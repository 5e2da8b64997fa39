-- The working-day calendar is reference data: the credit side and the arrears ledger both count
-- deadlines on it, so it belongs to neither.
CREATE SCHEMA IF NOT EXISTS reference;
ALTER TABLE credit.calendar_years SET SCHEMA reference;
ALTER TABLE credit.calendar_days SET SCHEMA reference;

-- Consumers inside the registry read the outbox (e.g. the credit side turns a justified arrears
-- complaint into a dishonesty record). A row here marks an event handled, written in the same
-- transaction as the handler's effect: a retry after a crash finds it and does nothing twice.
CREATE TABLE sync.consumed (
  consumer   text NOT NULL,
  event_id   text NOT NULL REFERENCES sync.events (id),
  outcome    text NOT NULL CHECK (outcome IN ('done', 'failed')),
  detail     text,
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX events_type ON sync.events (type, id);
