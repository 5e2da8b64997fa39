import { sql } from 'kysely';
import type { App } from '../app.js';
import type { Db } from '../db/types.js';
import { verifyProof } from '../lib/draw/index.js';
import type { BenchKeys } from './keys.js';
import { fmt, time } from './stats.js';

/**
 * A draw end to end through the API: an owner publishes a 财政资金 random announcement, the first
 * POOL eligible agencies sign up, and after the deadline the selection re-judges every sign-up, reveals
 * the committed seed, orders the pool and stores the proof; then the proof is fetched and verified
 * offline. Timed per step; the clock is the bench app's own and is moved past the deadline by hand.
 */
const POOL = 50;

export type MovableClock = { set(iso: string): void };

async function call(app: App, method: string, path: string, token: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function benchDraw(app: App, db: Db, keys: BenchKeys, clock: MovableClock, day: string) {
  const service = 'consulting';
  const region = '210104';
  // Agencies that offer the service, cover the region and carry no restriction: the pool to sign up.
  const agencies = await sql<{ uscc: string }>`
    SELECT s.uscc FROM market.agencies a JOIN credit.subjects s ON s.id = a.subject_id
    JOIN market.offers o ON o.subject_id = a.subject_id AND o.service = ${service}
    WHERE a.state = 'admitted' AND a.regions && ARRAY[${region}, '210100']::text[]
      AND NOT EXISTS (SELECT 1 FROM credit.records r WHERE r.subject_id = a.subject_id AND r.kind = 'dishonesty')
    ORDER BY a.subject_id LIMIT ${POOL}`.execute(db);
  const owner = await keys.token('applicant', { sub: `bench-owner-draw-${Date.now()}` });
  clock.set(`${day}T00:00:00Z`); // 08:00 in Shanghai, before the 09:00 deadline
  const created = await call(app, 'POST', '/api/v1/market/announcements', owner, {
    projectCode: `2026-${region}-47-01-${String(Date.now() % 1_000_000).padStart(6, '0')}`,
    projectName: '基准测试抽取项目',
    ownerName: '基准测试业主',
    service,
    region,
    fiscal: true,
    quoteKind: 'amount',
    priceCapFen: '2000000',
    signupDeadline: `${day}T09:00:00+08:00`,
    selectionAt: `${day}T10:00:00+08:00`,
    mode: 'random',
    complaintContact: '024-12345678',
  });
  const id = String(created.id);
  const publish = await time(() => call(app, 'POST', `/api/v1/market/announcements/${id}/publish`, owner));
  const signups: number[] = [];
  for (const { uscc } of agencies.rows) {
    const token = await keys.token('subject', { uscc });
    signups.push((await time(() => call(app, 'POST', `/api/v1/market/announcements/${id}/signups`, token, {}))).ms);
  }
  clock.set(`${day}T02:30:00Z`); // 10:30 in Shanghai: past the deadline and the selection time
  const selection = await time(() => call(app, 'POST', `/api/v1/market/announcements/${id}/selection`, owner));
  const selectionId = String((selection.value as { selection?: { id?: string }; id?: string }).selection?.id ?? selection.value.id);
  const proofRes = await time(async () => (await app.request(`/api/v1/market/selections/${selectionId}/proof`)).json());
  const verified = await time(() => verifyProof(proofRes.value));
  if (!verified.value.ok) throw new Error(`the bench draw's proof does not verify: ${verified.value.problems.join('; ')}`);
  signups.sort((a, b) => a - b);
  console.log(`a draw end to end: 财政资金 random, ${agencies.rows.length} agencies signed up`);
  console.log(`  publish (commitment)              ${fmt(publish.ms)}`);
  console.log(`  one sign-up (judged), median      ${fmt(signups[Math.floor(signups.length / 2)] ?? 0)}`);
  console.log(`  selection (re-judge, reveal, draw, store proof) ${fmt(selection.ms)}`);
  console.log(`  fetch the proof                   ${fmt(proofRes.ms)}`);
  console.log(`  verify it offline                 ${fmt(verified.ms)}`);
}
