-- Requests that never finished, and keys that belong to one caller.

-- An Idempotency-Key claimed by a request that died before answering (a crash, kill -9) must not
-- answer 409 forever: a claim holds the key until lease_until, after which a retry may take it over
-- and run again. `claim` names the request holding the key, so a request whose lease was taken over
-- cannot store its answer over its successor's or release its key. Rows from before this migration
-- have no lease: they count as lapsed.
ALTER TABLE public.idempotency_keys ADD COLUMN claim text;
ALTER TABLE public.idempotency_keys ADD COLUMN lease_until timestamptz;

-- A ledger posting's Idempotency-Key belongs to the (role, sub) that used it: another caller reusing
-- it is refused instead of receiving the first caller's answer. Rows from before carry no role and
-- are matched on created_by alone.
ALTER TABLE arrears.posting_requests ADD COLUMN created_role text;
