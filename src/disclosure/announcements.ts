import type { DrawRule, SourceCommitment } from '../lib/draw/index.js';
import { maskPersonalData } from './masking.js';

/**
 * Purchase announcements and selections of the 中介超市 as the public sees them (domain §8, §11).
 * Published announcements, their commitment (rule, rule hash, randomness source), their steps and their
 * results are public; drafts are not, nor a draft cancelled before it was published (the reads decide:
 * features/announcements isPublic). Never public: the sealed commit-reveal seed before the draw (it is
 * not in these facts at all), bids before the opening, who (which account) took a step, and, when the
 * owner chose not to publish the winner, the winner's name in views and events (the proof stays
 * public so every agency in the pool can check the draw).
 * Free texts pass maskPersonalData; the complaint contact is the channel the owner publishes for
 * complaints and is shown as given, like an agency's business contact.
 */
const m = maskPersonalData;

export type StepFacts = { from: string | null; to: string; actor: string; role: string; at: string; note: string | null };

export type ResultFacts = {
  selectionId: string;
  state: string;
  winner: { uscc: string; name: string } | null;
  poolHash: string | null;
  /** When the pool was fixed (before the randomness was asked for); null for a direct selection. */
  poolFixedAt: string | null;
  order: string[];
  shortlist: string[];
  madeAt: string;
  proof: string | null;
};

export type AnnouncementFacts = {
  id: string;
  state: string;
  projectCode: string;
  projectName: string;
  ownerName: string;
  ownerUscc: string | null;
  service: string;
  region: string;
  fiscal: boolean;
  quoteKind: 'amount' | 'discount';
  priceCapFen: string | null;
  priceFloorFen: string | null;
  discountMin: string | null;
  discountMax: string | null;
  signupDeadline: string;
  selectionAt: string;
  qualifications: { match: 'any' | 'all'; names: string[] };
  minStaff: number;
  avoid: { uscc: string; reason: string }[];
  mode: string;
  directUscc: string | null;
  longListSize: number | null;
  shortListSize: number | null;
  witnesses: boolean;
  publishWinner: boolean;
  complaintContact: string;
  description: string;
  failureReason: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  commitment: { rule: DrawRule; ruleHash: string; source: SourceCommitment } | null;
  steps: StepFacts[];
  result: ResultFacts | null;
};

/** The announcement as the public sees it; `owner: true` is the owner's own view (step actors, the winner always). */
export function announcementDisclosure(a: AnnouncementFacts, view: { owner: boolean } = { owner: false }) {
  const showWinner = view.owner || a.publishWinner;
  return {
    ...a,
    projectName: m(a.projectName),
    ownerName: m(a.ownerName),
    description: m(a.description),
    failureReason: a.failureReason === null ? null : m(a.failureReason),
    qualifications: { match: a.qualifications.match, names: a.qualifications.names.map(m) },
    avoid: a.avoid.map((x) => ({ uscc: x.uscc, reason: m(x.reason) })),
    steps: a.steps.map((s) => ({
      from: s.from,
      to: s.to,
      role: s.role,
      at: s.at,
      note: s.note === null ? null : m(s.note),
      ...(view.owner ? { actor: s.actor } : {}),
    })),
    result: a.result && {
      ...a.result,
      winner: showWinner ? a.result.winner && { uscc: a.result.winner.uscc, name: m(a.result.winner.name) } : null,
    },
  };
}

/** The payload of market.announcement_published: what was announced and what the draw is committed to. */
/** A published announcement withdrawn by its owner: who follows the feed learns it will not be selected, and why. */
export function announcementCancelledPayload(a: AnnouncementFacts, reason: string, at: Date) {
  return {
    id: a.id,
    projectCode: a.projectCode,
    projectName: m(a.projectName),
    state: 'cancelled' as const,
    reason: m(reason),
    cancelledAt: at.toISOString(),
  };
}

export function announcementPublishedPayload(a: AnnouncementFacts) {
  return {
    id: a.id,
    projectCode: a.projectCode,
    projectName: m(a.projectName),
    ownerName: m(a.ownerName),
    service: a.service,
    region: a.region,
    fiscal: a.fiscal,
    mode: a.mode,
    quoteKind: a.quoteKind,
    signupDeadline: a.signupDeadline,
    selectionAt: a.selectionAt,
    publishedAt: a.publishedAt ?? a.updatedAt,
    ruleHash: a.commitment?.ruleHash ?? null,
    source: a.commitment?.source ?? null,
  };
}

export type PoolEntryFacts = {
  uscc: string;
  name: string;
  eligible: boolean;
  eligibilityDecisionId: string;
  exclusions: { code: string; detail: string }[];
  bid: { amountFen: string | null; discountRate: string | null } | null;
};

export type SelectionFacts = {
  id: string;
  announcementId: string;
  mode: string;
  state: string;
  publishWinner: boolean;
  poolHash: string | null;
  /** When the pool was fixed (before the randomness was asked for); null for a direct selection. */
  poolFixedAt: string | null;
  order: string[];
  shortlist: string[];
  winner: { uscc: string; name: string } | null;
  winnerBid: { amountFen: string | null; discountRate: string | null } | null;
  factor: number | null;
  reference: string | null;
  failure: { code: string; detail: string } | null;
  pool: PoolEntryFacts[];
  publicityEndsOn: string | null;
  confirmedAt: string | null;
  completedOn: string | null;
  madeAt: string;
  changes: { droppedUscc: string; nextUscc: string | null; reason: { code: string; detail: string }; at: string }[];
  objections: {
    id: string;
    uscc: string;
    eligibilityDecisionId: string | null;
    againstWinner: boolean;
    reason: string;
    state: string;
    decisionNote: string | null;
    filedAt: string;
    decidedAt: string | null;
  }[];
  contract: {
    number: string;
    amountFen: string;
    startsOn: string;
    endsOn: string;
    extensions: { endsOn: string; reason: string; filedAt: string }[];
  } | null;
  results: { state: string; document: string; note: string | null; at: string }[];
  proof: string | null;
};

/** A selection as the public sees it: the pool with each exclusion's reason codes, bids (opened by now), changes. */
export function selectionDisclosure(s: SelectionFacts, view: { owner: boolean } = { owner: false }) {
  const showWinner = view.owner || s.publishWinner;
  return {
    ...s,
    winner: showWinner && s.winner ? { uscc: s.winner.uscc, name: m(s.winner.name) } : null,
    winnerBid: showWinner ? s.winnerBid : null,
    failure: s.failure && { code: s.failure.code, detail: m(s.failure.detail) },
    pool: s.pool.map((p) => ({ ...p, name: m(p.name), exclusions: p.exclusions.map((e) => ({ code: e.code, detail: m(e.detail) })) })),
    changes: s.changes.map((c) => ({ ...c, reason: { code: c.reason.code, detail: m(c.reason.detail) } })),
    objections: s.objections.map((o) => ({ ...o, reason: m(o.reason), decisionNote: o.decisionNote === null ? null : m(o.decisionNote) })),
    contract: s.contract && {
      ...s.contract,
      number: m(s.contract.number),
      extensions: s.contract.extensions.map((e) => ({ ...e, reason: m(e.reason) })),
    },
    results: s.results.map((r) => ({ ...r, document: m(r.document), note: r.note === null ? null : m(r.note) })),
  };
}

/** The payload of market.selection_made and market.selection_changed. */
export function selectionEventPayload(s: SelectionFacts) {
  const view = selectionDisclosure(s);
  return {
    id: s.id,
    announcementId: s.announcementId,
    mode: s.mode,
    state: s.state,
    poolHash: s.poolHash,
    poolFixedAt: s.poolFixedAt,
    order: s.order,
    shortlist: s.shortlist,
    winner: view.winner,
    failure: view.failure,
    publicityEndsOn: s.publicityEndsOn,
    changes: view.changes,
  };
}
