import type { z } from '@hono/zod-openapi';
import { expect } from 'vitest';
import type { Entry } from '../../src/features/lists/schemas.js';
import type { Record as RecordSchema } from '../../src/features/records/schemas.js';
import type { Subject } from '../../src/features/subjects/schemas.js';
import { completeUscc } from '../../src/lib/uscc.js';
import { onDay, type settableClock } from './clock.js';
import { type Harness, show } from './harness.js';

let counter = 0;

/** A valid USCC no other test uses (organisation code body made from a per-run random prefix). */
export function uniqueUscc(category = '91', region = '210102'): string {
  counter += 1;
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  let n = Math.floor(Math.random() * 31 ** 4) * 10_000 + counter;
  for (let i = 0; i < 8; i++) {
    body = alphabet[n % 31]! + body;
    n = Math.floor(n / 31);
  }
  return completeUscc(category + region, body);
}

export const DEPT_A = completeUscc('11210100', 'QY800001');
export const DEPT_B = completeUscc('11210100', 'QY800002');

export function subjectBody(overrides: Record<string, unknown> = {}) {
  return {
    uscc: uniqueUscc(),
    name: `沈阳测试${counter}号工程咨询有限公司`,
    kind: 'intermediary',
    legalRepresentative: '王建国',
    region: '210102',
    ...overrides,
  };
}

let documentCounter = 0;

/** A valid dishonesty record body; each call gets its own document number. */
export function recordBody(subjectUscc: string, overrides: Record<string, unknown> = {}) {
  documentCounter += 1;
  return {
    subjectUscc,
    kind: 'dishonesty',
    category: 'unjustified_delay',
    severity: 'general',
    facts: '无正当理由拖延出具评估报告 45 日',
    basis: '《沈阳市中介服务管理办法》第十二条',
    documentNo: `沈人防罚〔2026〕${Date.now() % 100000}-${documentCounter}号`,
    decidedOn: '2026-06-01',
    penalties: [{ type: '罚款', content: '罚款 2 万元' }],
    evidence: [],
    ...overrides,
  };
}

export const goodRecord = (decidedOn: string, category = 'commendation') => ({
  kind: 'good',
  category,
  severity: undefined,
  decidedOn,
  penalties: [],
});

// ── Factories through the HTTP API: setup that fails says why, with the answer it got ──────────────

export type SubjectView = z.infer<typeof Subject>;
export type RecordView = z.infer<typeof RecordSchema>;
export type EntryView = z.infer<typeof Entry>;

/** Registers a subject (a `subjectBody` with the overrides) and returns it. */
export async function createSubject(h: Harness, token: string, overrides: Record<string, unknown> = {}): Promise<SubjectView> {
  const res = await h.request<SubjectView>('POST', '/api/v1/subjects', { token, body: subjectBody(overrides) });
  expect(res.status, `createSubject: ${show(res)}`).toBe(201);
  return res.body;
}

/** Records a credit record of the subject (a `recordBody` with the overrides) and returns it. */
export async function createRecord(
  h: Harness,
  token: string,
  subjectUscc: string,
  overrides: Record<string, unknown> = {},
): Promise<RecordView> {
  const res = await h.request<RecordView>('POST', '/api/v1/records', { token, body: recordBody(subjectUscc, overrides) });
  expect(res.status, `createRecord: ${show(res)}`).toBe(201);
  return res.body;
}

export type EntryInput = {
  subjectUscc: string;
  list: 'red' | 'black' | 'watch';
  recordIds?: string[];
  validUntil: string;
  reason?: string;
  basis?: string;
  documentNo?: string;
};

let entryCounter = 0;

/** Proposes a list entry (regulator's token) and returns it, in state `proposed`. */
export async function proposeEntry(h: Harness, token: string, input: EntryInput): Promise<EntryView> {
  entryCounter += 1;
  const body = {
    reason: '出具虚假评估报告',
    basis: '《失信行为认定办法》第五条',
    recordIds: [],
    documentNo: `沈人防列〔2026〕${Date.now() % 100000}-${entryCounter}号`,
    ...input,
  };
  const res = await h.request<EntryView>('POST', '/api/v1/list-entries', { token, body });
  expect(res.status, `proposeEntry: ${show(res)}`).toBe(201);
  return res.body;
}

/** Takes one lifecycle action on an entry (reason `<action> for the test` unless given) and returns the entry after it. */
export async function transition(
  h: Harness,
  token: string,
  id: string,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<EntryView> {
  const res = await h.request<EntryView>('POST', `/api/v1/list-entries/${id}/transitions`, {
    token,
    body: { action, reason: `${action} for the test`, ...extra },
  });
  expect(res.status, `${action} on ${id}: ${show(res)}`).toBe(200);
  return res.body;
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A published list entry: proposed and notified by the regulator, published by the reviewer.
 * Publishing needs the statement window to have passed, or a statement: with a settable `clock` the
 * clock is moved to `publishOn` (default: the day after the window ends) and stays there; without one
 * the subject states its case first.
 */
export async function publishedEntry(
  h: Harness,
  actors: { regulator: string; reviewer: string; clock?: ReturnType<typeof settableClock> },
  input: EntryInput & { publishOn?: string },
): Promise<EntryView> {
  const { publishOn, ...proposal } = input;
  const proposed = await proposeEntry(h, actors.regulator, proposal);
  const notified = await transition(h, actors.regulator, proposed.id, 'notify');
  if (actors.clock) {
    actors.clock.set(onDay(publishOn ?? dayAfter(notified.dueOn!)));
  } else {
    if (publishOn) throw new Error('publishedEntry: publishOn needs a settable clock');
    const subject = await h.tokens.sign('subject', { uscc: input.subjectUscc });
    await transition(h, subject, proposed.id, 'statement', { statement: '我方对拟列入无异议' });
  }
  return transition(h, actors.reviewer, proposed.id, 'publish');
}
