import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import type { Actor, ActorCtx } from '../core/actor.js';
import { fixedClock } from '../core/clock.js';
import { DomainError } from '../core/errors.js';
import type { Db } from '../db/types.js';
import { ApplyBody, applyForAdmission, decideAdmission, suspendByRequest } from '../features/agencies/index.js';
import {
  AnnouncementBody,
  cancelAnnouncement,
  confirmSelection,
  createAnnouncement,
  createDrawSources,
  type DrawSources,
  decideResult,
  fileContract,
  pickFromShortlist,
  publishAnnouncement,
  runSelection,
  signUp,
  startService,
  submitBid,
  uploadResult,
} from '../features/announcements/index.js';
import { deadlines } from '../features/calendar/index.js';
import { giveRating, RatingBody } from '../features/ratings/index.js';
import { decideReport, fileReport, ReportBody } from '../features/reports/index.js';
import { DEMO_DIR } from './demo.js';

/**
 * The demo's 中介超市 (seeds/demo/market.json): agencies apply and are admitted, a regulator suspends one,
 * purchases run step by step on their own past dates (a completed random draw with its proof, bids, a
 * direct choice, a credit-first short list, a failed draw, a draft, a cancellation), owners rate, and the
 * public reports misconduct. All through the verbs of the API, so the demo shows what the rules produce.
 * Each announcement is keyed by its project code and skipped when it exists, so a second run changes
 * nothing. Run after the credit demo: the sign-ups of June and November meet its black list of May.
 */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Uscc = z.string().length(18);
const on = { on: Day };
const Step = z.discriminatedUnion('do', [
  z.strictObject({ do: z.literal('publish'), ...on }),
  z.strictObject({ do: z.literal('signup'), ...on, agency: Uscc, refused: z.string().optional() }),
  z.strictObject({ do: z.literal('bid'), ...on, agency: Uscc, amountFen: z.string().optional(), discountRate: z.string().optional() }),
  z.strictObject({ do: z.enum(['select', 'pick', 'confirm', 'start']), ...on }),
  z.strictObject({ do: z.literal('contract'), ...on, number: z.string(), amountFen: z.string().optional(), startsOn: Day, endsOn: Day }),
  z.strictObject({ do: z.literal('upload'), ...on, document: z.string(), note: z.string().optional() }),
  z.strictObject({ do: z.literal('accept'), ...on, note: z.string() }),
  z.strictObject({ do: z.literal('rate'), ...on, rating: RatingBody }),
  z.strictObject({ do: z.literal('cancel'), ...on, reason: z.string() }),
]);
type Step = z.infer<typeof Step>;
const Owner = z.strictObject({ sub: z.string().min(1), name: z.string().min(1), uscc: Uscc.optional() });
const MarketSeed = z.strictObject({
  agencies: z.array(ApplyBody.extend({ uscc: Uscc, name: z.string(), appliedOn: Day })),
  operator: z.strictObject({ sub: z.string().min(1) }),
  suspensions: z.array(
    z.strictObject({
      uscc: Uscc,
      department: Uscc,
      on: Day,
      reason: z.literal('discipline'),
      detail: z.string(),
      endsOn: Day.optional(),
    }),
  ),
  announcements: z.array(z.strictObject({ owner: Owner, createdOn: Day, body: z.record(z.string(), z.unknown()), steps: z.array(Step) })),
  reports: z.array(
    ReportBody.extend({
      receivedOn: Day,
      decision: z.strictObject({ on: Day, department: Uscc, decision: z.literal('dismiss'), reason: z.string() }).optional(),
    }),
  ),
});
type Announcement = z.infer<typeof MarketSeed>['announcements'][number];

export type MarketSeedReport = { agencies: number; suspensions: number; announcements: number; ratings: number; reports: number };

/** Noon in Shanghai on the day, plus a minute per step, so the steps of one day keep their order. */
const at = (day: string, minute = 0) => fixedClock(new Date(Date.parse(`${day}T12:00:00+08:00`) + minute * 60_000).toISOString());
const as = (actor: Actor, day: string, minute = 0): ActorCtx => ({ actor, clock: at(day, minute), requestId: null });
const agencyActor = (uscc: string): Actor => ({ sub: `system:seed:${uscc}`, role: 'subject', uscc });
const regulator = (dept: string): Actor => ({ sub: `system:seed:${dept}`, role: 'regulator', dept });

export async function seedDemoMarket(db: Db): Promise<MarketSeedReport> {
  const seed = MarketSeed.parse(JSON.parse(readFileSync(`${DEMO_DIR}/market.json`, 'utf8')));
  const report: MarketSeedReport = { agencies: 0, suspensions: 0, announcements: 0, ratings: 0, reports: 0 };
  const operator: Actor = { sub: seed.operator.sub, role: 'admin' };
  const calendar = await deadlines(db);

  for (const { uscc, name: _name, appliedOn, ...profile } of seed.agencies) {
    const state = (await agencyState(db, uscc))?.state;
    if (!state) await applyForAdmission(db, as(agencyActor(uscc), appliedOn), profile);
    if (state && state !== 'applied') continue;
    // The operator decides the next working day (within the 2 working days of domain §8).
    const decidedOn = calendar.workdaysAfter(appliedOn, 1);
    await decideAdmission(db, as(operator, decidedOn), uscc, { decision: 'admit', note: '材料齐全，资质有效，准予入驻' });
    report.agencies += 1;
  }

  for (const { uscc, department, on: day, ...input } of seed.suspensions) {
    const subject = await agencyState(db, uscc);
    const exists = await db.selectFrom('market.suspensions').select('id').where('subject_id', '=', subject!.subject_id).executeTakeFirst();
    if (exists) continue;
    await suspendByRequest(db, as(regulator(department), day), uscc, input);
    report.suspensions += 1;
  }

  const sources = createDrawSources(loadConfig({})); // commit-reveal: the demo draws offline
  for (const announcement of seed.announcements) {
    const exists = await db
      .selectFrom('market.announcements')
      .select('id')
      .where('project_code', '=', String(announcement.body.projectCode))
      .executeTakeFirst();
    if (exists) continue;
    report.ratings += await runPurchase(db, sources, announcement);
    report.announcements += 1;
  }

  for (const { receivedOn, decision, ...input } of seed.reports) {
    const subject = await agencyState(db, input.agencyUscc);
    const exists = await db
      .selectFrom('market.reports')
      .select('id')
      .where('subject_id', '=', subject!.subject_id)
      .where('facts', '=', input.facts)
      .executeTakeFirst();
    if (exists) continue;
    const receipt = await fileReport(db, { clock: at(receivedOn), requestId: null }, input);
    if (decision) {
      const row = await db
        .selectFrom('market.reports')
        .select('id')
        .where('tracking_no', '=', receipt.trackingNo)
        .executeTakeFirstOrThrow();
      await decideReport(db, as(regulator(decision.department), decision.on), row.id, {
        decision: decision.decision,
        reason: decision.reason,
      });
    }
    report.reports += 1;
  }
  return report;
}

function agencyState(db: Db, uscc: string) {
  return db
    .selectFrom('market.agencies as a')
    .innerJoin('credit.subjects as s', 's.id', 'a.subject_id')
    .select(['a.subject_id', 'a.state'])
    .where('s.uscc', '=', uscc)
    .executeTakeFirst();
}

/** One purchase from its draft through its steps; returns the ratings given. */
async function runPurchase(db: Db, sources: DrawSources, a: Announcement): Promise<number> {
  const owner: Actor = { sub: a.owner.sub, role: 'applicant' };
  const input = AnnouncementBody.parse({ ...a.body, ownerName: a.owner.name, ownerUscc: a.owner.uscc });
  const { id } = await createAnnouncement(db, as(owner, a.createdOn), input);
  let selectionId: string | null = null;
  let ratings = 0;
  const selection = () => {
    if (!selectionId) throw new Error(`demo market: ${input.projectCode} has a step after the selection but no selection`);
    return selectionId;
  };
  for (const [minute, step] of a.steps.entries()) {
    const ctx = as(owner, step.on, minute);
    switch (step.do) {
      case 'publish':
        await publishAnnouncement(db, ctx, id, sources);
        break;
      case 'signup':
        await signUpAs(db, id, step, minute);
        break;
      case 'bid':
        await submitBid(db, as(agencyActor(step.agency), step.on, minute), id, {
          ...(step.amountFen ? { amountFen: step.amountFen } : {}),
          ...(step.discountRate ? { discountRate: step.discountRate } : {}),
        });
        break;
      case 'select':
        ({ selectionId } = await runSelection(db, ctx, id, sources, { owner: true }));
        break;
      case 'pick': {
        // The owner takes the first of the drawn short list (the list itself is the draw's).
        const { shortlist } = await selectionRow(db, selection());
        await pickFromShortlist(db, ctx, selection(), shortlist[0]!);
        break;
      }
      case 'confirm':
        await confirmSelection(db, ctx, selection());
        break;
      case 'contract': {
        const { winner_bid_fen } = await selectionRow(db, selection());
        const amountFen = step.amountFen ?? winner_bid_fen;
        if (!amountFen) throw new Error(`demo market: the contract of ${input.projectCode} needs amountFen (no winning bid)`);
        await fileContract(db, ctx, selection(), { number: step.number, amountFen, startsOn: step.startsOn, endsOn: step.endsOn });
        break;
      }
      case 'start':
        await startService(db, ctx, selection());
        break;
      case 'upload': {
        const { winner_uscc } = await selectionRow(db, selection());
        await uploadResult(db, as(agencyActor(winner_uscc!), step.on, minute), selection(), {
          document: step.document,
          ...(step.note ? { note: step.note } : {}),
        });
        break;
      }
      case 'accept':
        await decideResult(db, ctx, selection(), { decision: 'confirm', note: step.note });
        break;
      case 'rate':
        await giveRating(db, ctx, selection(), step.rating);
        ratings += 1;
        break;
      case 'cancel':
        await cancelAnnouncement(db, ctx, id, step.reason);
        break;
    }
  }
  return ratings;
}

/** A sign-up; one the demo expects to be refused must be refused for that reason (the refusal is kept as a decision). */
async function signUpAs(db: Db, id: string, step: Extract<Step, { do: 'signup' }>, minute: number) {
  try {
    await signUp(db, as(agencyActor(step.agency), step.on, minute), id, {});
  } catch (error) {
    const reasons = error instanceof DomainError ? ((error.extra.reasons as string[] | undefined) ?? []) : [];
    if (step.refused && reasons.includes(step.refused)) return;
    throw error;
  }
  if (step.refused) throw new Error(`demo market: ${step.agency} was expected to be refused (${step.refused}) on ${id}`);
}

function selectionRow(db: Db, id: string) {
  return db
    .selectFrom('market.selections as sel')
    .leftJoin('credit.subjects as w', 'w.id', 'sel.winner_subject_id')
    .select(['sel.shortlist', 'sel.winner_bid_fen', 'w.uscc as winner_uscc'])
    .where('sel.id', '=', id)
    .executeTakeFirstOrThrow();
}
