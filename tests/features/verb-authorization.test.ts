import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, ActorCtx } from '../../src/core/actor.js';
import { DomainError } from '../../src/core/errors.js';
import { transition } from '../../src/features/lists/service.js';
import { decide, extend, forward, getObjection } from '../../src/features/objections/service.js';
import { decideAcceptance, getRepair } from '../../src/features/repairs/service.js';
import { createRecord, createSubject, DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Authorization lives in the verbs, not only in the route guards: a page or a job that calls a verb
 * directly gets the same refusal as the API gives.
 */
let h: Harness;
let ids: { repair: string; objection: string; entry: string };
const today = '2026-11-20';
const otherDept: Actor = { sub: 'regulator:b', role: 'regulator', dept: DEPT_B };
const stranger: Actor = { sub: 'subject:someone-else', role: 'subject', uscc: '91350100M000100Y43' };
const as = (actor: Actor): ActorCtx => ({ actor, clock: h.clock, requestId: null });

beforeAll(async () => {
  h = await createHarness();
  const dept = await h.tokens.sign('regulator', { dept: DEPT_A });
  const subject = await createSubject(h, dept);
  const own = await h.tokens.sign('subject', { uscc: subject.uscc });
  const record = await createRecord(h, dept, subject.uscc, { decidedOn: '2025-05-01', severity: 'serious' });
  const repair = await h.request('POST', '/api/v1/repairs', {
    token: own,
    body: { target: 'record', targetId: record.id, commitment: '已整改' },
  });
  expect(repair.status, show(repair)).toBe(201);
  const objection = await h.request('POST', '/api/v1/objections', {
    token: own,
    body: { target: 'record', targetId: record.id, grounds: '事实有误' },
  });
  expect(objection.status, show(objection)).toBe(201);
  const entry = await h.request('POST', '/api/v1/list-entries', {
    token: dept,
    body: {
      subjectUscc: subject.uscc,
      list: 'black',
      reason: 'r',
      basis: 'b',
      documentNo: `V-${Date.now()}`,
      recordIds: [record.id],
      validUntil: '2027-12-31',
    },
  });
  expect(entry.status, show(entry)).toBe(201);
  ids = { repair: repair.body.id, objection: objection.body.id, entry: entry.body.id };
});
afterAll(async () => {
  await h.close();
});

const forbidden = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('FORBIDDEN');
};

describe('verbs check who may act, whoever calls them', () => {
  it('a repair: another department may not read or decide it, another subject may not read it', async () => {
    await forbidden(getRepair(h.db, otherDept, ids.repair, today));
    await forbidden(getRepair(h.db, stranger, ids.repair, today));
    await forbidden(decideAcceptance(h.db, as(otherDept), ids.repair, { decision: 'accept', complex: false }));
    // The deciding department itself is let through by the same verbs (the refusals above are about who, not what).
    const ownDept: Actor = { sub: 'regulator:a', role: 'regulator', dept: DEPT_A };
    expect(await getRepair(h.db, ownDept, ids.repair, today)).toMatchObject({ id: ids.repair, state: 'applied' });
    expect(await decideAcceptance(h.db, as(ownDept), ids.repair, { decision: 'accept', complex: false })).toMatchObject({
      state: 'accepted',
    });
  });

  it('an objection: another department may not read, forward, extend or decide it', async () => {
    await forbidden(getObjection(h.db, otherDept, ids.objection, today));
    await forbidden(forward(h.db, as(otherDept), ids.objection));
    await forbidden(extend(h.db, as(otherDept), ids.objection, { reason: 'x', newDueOn: '2026-12-31' }));
    await forbidden(decide(h.db, as(otherDept), ids.objection, { decision: 'upheld', reason: 'x' }));
    // Nothing moved.
    const row = await h.db.selectFrom('credit.objections').select('state').where('id', '=', ids.objection).executeTakeFirstOrThrow();
    expect(row.state).toBe('filed');
  });

  it('a list entry: another department may not move it, and the subject may not notify itself', async () => {
    await forbidden(transition(h.db, as(otherDept), ids.entry, { action: 'notify', reason: 'x' }));
    const subjectUscc = (
      await h.db
        .selectFrom('credit.list_entries as e')
        .innerJoin('credit.subjects as s', 's.id', 'e.subject_id')
        .select('s.uscc')
        .where('e.id', '=', ids.entry)
        .executeTakeFirstOrThrow()
    ).uscc;
    await forbidden(
      transition(h.db, as({ sub: 'subject:own', role: 'subject', uscc: subjectUscc }), ids.entry, { action: 'notify', reason: 'x' }),
    );
  });
});
