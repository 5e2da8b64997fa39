-- Read versions: what lets a client or proxy revalidate a public profile or a signed status cheaply
-- (an ETag that changes exactly when the answer may change, checked with one index lookup).
--
-- A subject's version is read from an append-only log: every statement that writes the subject row,
-- its records, list entries or renames adds one row per subject it touched, numbered from one
-- sequence. Appending takes no row lock, so a write never waits for or deadlocks with another write of
-- the same subject over it. The version a reader sees is (count, max) of the subject's rows: a commit
-- always adds a row, so the count grows even when a transaction that drew a smaller number commits after
-- one that drew a larger. The reference data the answers also show (rule sets, departments, categories)
-- has one version for all, in a single row: those writes are rare and serialise on it.
CREATE SEQUENCE credit.read_version;

CREATE TABLE credit.subject_versions (
  subject_id text   NOT NULL,
  version    bigint NOT NULL DEFAULT nextval('credit.read_version'),
  PRIMARY KEY (subject_id, version)
);

-- Statement-level with transition tables: a statement that writes a million records adds one row per
-- subject it touched, not one per record.
CREATE FUNCTION credit.log_subject_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit.subject_versions (subject_id) SELECT DISTINCT subject_id FROM changed;
  RETURN NULL;
END $$;
-- An update logs the subjects of the rows before and after it (a row moved to another subject changes both).
CREATE FUNCTION credit.log_subject_versions_of_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit.subject_versions (subject_id) SELECT subject_id FROM changed UNION SELECT subject_id FROM previous;
  RETURN NULL;
END $$;
CREATE FUNCTION credit.log_subject_row_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit.subject_versions (subject_id) SELECT DISTINCT id FROM changed;
  RETURN NULL;
END $$;

CREATE TRIGGER subjects_read_version_insert AFTER INSERT ON credit.subjects
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_row_versions();
CREATE TRIGGER subjects_read_version_update AFTER UPDATE ON credit.subjects
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_row_versions();
CREATE TRIGGER records_read_version_insert AFTER INSERT ON credit.records
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions();
CREATE TRIGGER records_read_version_update AFTER UPDATE ON credit.records
  REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions_of_update();
CREATE TRIGGER records_read_version_delete AFTER DELETE ON credit.records
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions();
CREATE TRIGGER list_entries_read_version_insert AFTER INSERT ON credit.list_entries
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions();
CREATE TRIGGER list_entries_read_version_update AFTER UPDATE ON credit.list_entries
  REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions_of_update();
CREATE TRIGGER list_entries_read_version_delete AFTER DELETE ON credit.list_entries
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions();
CREATE TRIGGER subject_renames_read_version_insert AFTER INSERT ON credit.subject_renames
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions();
CREATE TRIGGER subject_renames_read_version_update AFTER UPDATE ON credit.subject_renames
  REFERENCING OLD TABLE AS previous NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions_of_update();
CREATE TRIGGER subject_renames_read_version_delete AFTER DELETE ON credit.subject_renames
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION credit.log_subject_versions();

CREATE TABLE credit.reference_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version  bigint NOT NULL
);
INSERT INTO credit.reference_version (version) VALUES (nextval('credit.read_version'));

CREATE FUNCTION credit.bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE credit.reference_version SET version = nextval('credit.read_version');
  RETURN NULL;
END $$;
CREATE TRIGGER rule_sets_read_version AFTER INSERT OR UPDATE OR DELETE ON credit.rule_sets
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER departments_read_version AFTER INSERT OR UPDATE OR DELETE ON credit.departments
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER categories_read_version AFTER INSERT OR UPDATE OR DELETE ON credit.categories
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();

-- Emptying a table wholesale (TRUNCATE fires no row triggers) may change any subject's answers: it moves
-- the shared version, and with it every ETag.
CREATE TRIGGER subjects_read_version_truncate AFTER TRUNCATE ON credit.subjects
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER records_read_version_truncate AFTER TRUNCATE ON credit.records
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER list_entries_read_version_truncate AFTER TRUNCATE ON credit.list_entries
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER subject_renames_read_version_truncate AFTER TRUNCATE ON credit.subject_renames
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER rule_sets_read_version_truncate AFTER TRUNCATE ON credit.rule_sets
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER departments_read_version_truncate AFTER TRUNCATE ON credit.departments
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();
CREATE TRIGGER categories_read_version_truncate AFTER TRUNCATE ON credit.categories
  FOR EACH STATEMENT EXECUTE FUNCTION credit.bump_reference_version();

-- The shared version's one row must stay: without it every ETag would stop changing.
CREATE FUNCTION credit.keep_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit.reference_version keeps its one row';
END $$;
CREATE TRIGGER reference_version_kept BEFORE DELETE OR TRUNCATE ON credit.reference_version
  FOR EACH STATEMENT EXECUTE FUNCTION credit.keep_reference_version();
