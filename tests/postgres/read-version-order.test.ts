import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentReadVersion } from '../../src/features/public/read-version.js';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness } from '../helpers/harness.js';

/**
 * A subject's read version (what the public ETags are made of) must change with every commit that
 * touches the subject, also when a transaction that drew a smaller version number commits after one that
 * drew a larger: a version read as max() alone would miss that commit and keep serving a stale 304.
 */
let h: Harness;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  token = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  await h.close();
});

describe('read versions under concurrent commits', () => {
  it('changes when the earlier-numbered of two overlapping transactions commits last', async () => {
    const subject = await createSubject(h, token);
    const first = new pg.Client({ connectionString: h.url! });
    const second = new pg.Client({ connectionString: h.url! });
    await first.connect();
    await second.connect();
    try {
      await first.query('BEGIN');
      await first.query(`UPDATE credit.subjects SET legal_representative = '李四' WHERE id = $1`, [subject.id]);
      const maxVersion = `SELECT max(version) AS version FROM credit.subject_versions WHERE subject_id = $1`;
      const drawnByFirst = BigInt((await first.query<{ version: string }>(maxVersion, [subject.id])).rows[0]!.version);
      await second.query('BEGIN');
      await second.query(
        `INSERT INTO credit.subject_renames (subject_id, old_name, new_name, renamed_on) VALUES ($1, '旧名有限公司', $2, '2026-11-01')`,
        [subject.id, subject.name],
      );
      await second.query('COMMIT');
      const afterSecond = await currentReadVersion(h.db, subject.uscc);
      // The scenario: the committed maximum is already past the number the first transaction drew.
      expect(BigInt((await second.query<{ version: string }>(maxVersion, [subject.id])).rows[0]!.version)).toBeGreaterThan(drawnByFirst);
      await first.query('COMMIT');
      expect(await currentReadVersion(h.db, subject.uscc)).not.toBe(afterSecond);
    } finally {
      await first.end();
      await second.end();
    }
  });
});
