import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/core/actor.js';
import { seedDemo } from '../../src/seed/demo.js';
import { EVENT_TYPES, EVENTS, isEventType } from '../../src/sync/catalogue.js';
import { emitEvent } from '../../src/sync/outbox.js';
import { event, newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, recordBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The outbox: every event the registry writes is in the catalogue, in the past tense, and its payload
 * matches the catalogue's schema — checked over everything a broad run of the registry emits (the demo
 * seed, then objections, repairs, commitments and an arrears complaint through the API).
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ clock });
  await seedDemo(h.db, clock);
  const dept = await h.tokens.sign('regulator', { dept: DEPT_A });
  const reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  const subject = await createSubject(h, dept, { name: '旧名称咨询有限公司' });
  await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, { token: dept, body: { name: '新名称咨询有限公司' } });
  const own = await h.tokens.sign('subject', { uscc: subject.uscc });
  // A record with an ID number in its facts, objected to and voided; another repaired.
  const voided = await h.request('POST', '/api/v1/records', {
    token: dept,
    body: recordBody(subject.uscc, { facts: '经办人身份证 110101199003071234，手机 13812345678', decidedOn: '2025-06-01' }),
  });
  expect(voided.status, show(voided)).toBe(201);
  const objection = await h.request('POST', '/api/v1/objections', {
    token: own,
    body: { target: 'record', targetId: voided.body.id, grounds: '事实有误' },
  });
  await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: await h.tokens.sign('platform') });
  await h.request('POST', `/api/v1/objections/${objection.body.id}/extension`, {
    token: dept,
    body: { reason: '需调查', newDueOn: '2026-12-31' },
  });
  const upheld = await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
    token: dept,
    body: { decision: 'upheld', reason: '核实有误' },
  });
  expect(upheld.status, show(upheld)).toBe(200);
  const repaired = await createRecord(h, dept, subject.uscc, { decidedOn: '2025-05-01' });
  const repair = await h.request('POST', '/api/v1/repairs', {
    token: own,
    body: { target: 'record', targetId: repaired.id, commitment: '已整改' },
  });
  expect(repair.status, show(repair)).toBe(201);
  await h.request('POST', `/api/v1/repairs/${repair.body.id}/acceptance`, { token: dept, body: { decision: 'accept' } });
  const approved = await h.request('POST', `/api/v1/repairs/${repair.body.id}/decision`, {
    token: dept,
    body: { decision: 'approve', reason: '整改到位' },
  });
  expect(approved.status, show(approved)).toBe(200);
  await h.request('POST', `/api/v1/repairs/${repair.body.id}/revocation`, { token: reviewer, body: { reason: '材料虚假' } });
  // A commitment broken (private), a justified arrears complaint.
  const commitment = await h.request('POST', '/api/v1/commitments', {
    token: dept,
    body: {
      subjectUscc: subject.uscc,
      type: 'voluntary',
      reason: 'r',
      content: 'c',
      liability: 'l',
      madeOn: '2026-10-09',
      acceptingUnitName: '人防办',
      publicity: 'not_public',
    },
  });
  await h.request('POST', `/api/v1/commitments/${commitment.body.id}/fulfilment`, {
    token: dept,
    body: { status: 'unfulfilled', decidedOn: '2026-11-01', documentNo: `CMT-${Date.now()}` },
  });
  const finance = await h.tokens.sign('finance');
  const contract = await newContract(h, finance);
  await event(h, finance, contract.id, { type: 'delivery', on: '2026-02-02', amountFen: 100_000 });
  const complaint = await h.request('POST', '/api/v1/arrears/complaints', {
    token: finance,
    body: { contractId: contract.id, content: '逾期未付' },
  });
  const answered = await h.request('POST', `/api/v1/arrears/complaints/${complaint.body.id}/answer`, {
    token: dept,
    body: { answer: '属实', justified: true, documentNo: `QQ-${Date.now()}` },
  });
  expect(answered.status, show(answered)).toBe(200);
});
afterAll(async () => {
  await h.close();
});

describe('the outbox', () => {
  it('names every event type in the past tense', () => {
    // Regular participles, and the irregular ones the catalogue uses (withdrawn, upheld, obligations_met, statement_made, shown_again).
    for (const type of EVENT_TYPES) expect(type, type).toMatch(/^[a-z_]+\.[a-z_]*(ed|wn|held|_met|_made|_given|_again)$/);
  });

  it('holds only catalogued events whose payloads match their schema, across a broad run', async () => {
    const rows = await h.db.selectFrom('sync.events').select(['id', 'type', 'payload']).orderBy('id').execute();
    const problems = rows.flatMap((row) => {
      if (!isEventType(row.type)) return [`${row.id}: ${row.type} is not in the catalogue`];
      const parsed = EVENTS[row.type].schema.safeParse(row.payload);
      return parsed.success
        ? []
        : [`${row.id} ${row.type}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
    });
    expect(problems, problems.join('\n')).toEqual([]);
    const seen = new Set(rows.map((r) => r.type));
    // The run above reaches these types at least (the others have their own feature tests); a payload that
    // once matched its schema at write time must still match it when read back.
    const expected = [
      'subject.created',
      'subject.renamed',
      'record.created',
      'record.voided',
      'record.display_ended',
      'record.shown_again',
      'list_entry.proposed',
      'list_entry.notified',
      'list_entry.published',
      'objection.filed',
      'objection.forwarded',
      'objection.extended',
      'objection.upheld',
      'repair.applied',
      'repair.accepted',
      'repair.approved',
      'repair.revoked',
      'commitment.created',
      'commitment.fulfilment_decided',
      'evaluation.run_completed',
      'arrears.complaint_justified',
    ];
    expect([...seen].sort()).toEqual(expect.arrayContaining(expected));
  });

  it('keeps personal data out of what the platform receives: ID and mobile numbers are masked', async () => {
    const rows = await h.db.selectFrom('sync.events').select(['type', 'payload']).where('type', '=', 'record.created').execute();
    const text = JSON.stringify(rows.map((r) => r.payload));
    expect(text).toContain('110101********1234');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('110101199003071234');
    expect(text).not.toContain('13812345678');
  });

  it('says of a private record only that it exists, and of a proposal only its state', async () => {
    const minor = await h.db
      .selectFrom('sync.events')
      .select('payload')
      .where('type', '=', 'record.created')
      .where('payload', '@>', JSON.stringify({ public: false }))
      .executeTakeFirst();
    expect(Object.keys(minor!.payload as object).sort()).toEqual(['id', 'public', 'revision', 'subjectUscc']);
    const proposed = await h.db
      .selectFrom('sync.events')
      .select('payload')
      .where('type', '=', 'list_entry.proposed')
      .executeTakeFirstOrThrow();
    expect(proposed.payload).toEqual({ id: expect.any(String), state: 'proposed', public: false });
  });

  it('refuses to write a payload that does not match its schema, and writes nothing', async () => {
    const before = await h.db.selectFrom('sync.events').select(h.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const ctx = { actor: systemActor('test'), clock, requestId: null };
    await expect(
      h.db.transaction().execute((trx) =>
        emitEvent(
          trx,
          ctx,
          'subject.created',
          { entityType: 'subject', entityId: 'x' },
          // An unvetted field (the subject's phone) must never reach the feed.
          {
            id: 'x',
            uscc: 'x',
            name: 'x',
            kind: 'x',
            legalRepresentative: 'x',
            region: 'x',
            previousNames: [],
            phone: '13812345678',
          } as never,
        ),
      ),
    ).rejects.toThrow(/subject.created does not match/);
    const after = await h.db.selectFrom('sync.events').select(h.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
