import { canonicalJson } from '../canonical.js';
import { decide } from './decide.js';
import { explanationFor } from './explain.js';
import { drawRuleFor, hashPool, hashRule, sortPool } from './rule.js';
import { DrawProofSchema } from './schema.js';
import { drandCommitmentProblems, drandRoundTime, drandRoundToDraw, randomnessFrom } from './sources.js';
import { DrawMismatch, type DrawProof, type Outcome, PROOF_FORMAT } from './types.js';

type ProofInput = Omit<DrawProof, 'format' | 'ruleHash' | 'poolHash' | 'randomness' | 'outcome' | 'explanation'>;

/**
 * The proof of a draw from its inputs: the pool is put in label order and every derived field is computed
 * here. A proof that would not verify is never built (DrawMismatch names why).
 */
export async function buildProof(input: ProofInput): Promise<DrawProof> {
  const pool = sortPool(input.pool);
  const poolHash = await hashPool(pool);
  const randomness = await randomnessFrom(input.commitment, input.reveal);
  const proof: DrawProof = {
    format: PROOF_FORMAT,
    selectionId: input.selectionId,
    announcement: input.announcement,
    rule: input.rule,
    ruleHash: await hashRule(input.rule),
    commitment: input.commitment,
    reveal: input.reveal,
    pool,
    poolHash,
    poolFixedAt: input.poolFixedAt,
    randomness,
    outcome: await decide(input.rule, pool, randomness, poolHash),
    madeAt: input.madeAt,
    explanation: explanationFor(input.rule, input.commitment, input.reveal, input.poolFixedAt),
  };
  const { problems } = await verifyProof(proof);
  if (problems.length > 0) throw new DrawMismatch(problems.join('; '));
  return proof;
}

/**
 * Recomputes a proof from nothing but itself: rule hash, the rule's thresholds, the timeline (the pool
 * fixed after sign-up closed and before the draw; a drand round unknown when the pool was fixed), the
 * commitment (seed hash, or the beacon's signature and round time), pool hash and order, randomness, and
 * the outcome. Each mismatch is one line in `problems`; `outcome` is the recomputed one (absent when the
 * source gave no randomness to recompute it from).
 */
export async function verifyProof(input: unknown): Promise<{ ok: boolean; problems: string[]; outcome?: Outcome }> {
  const parsed = DrawProofSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `not a ${PROOF_FORMAT} proof: ${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, problems };
  }
  const proof = parsed.data as DrawProof;
  const problems: string[] = [];
  const { rule, announcement, commitment } = proof;

  if ((await hashRule(rule)) !== proof.ruleHash) problems.push('ruleHash is not the sha256 of the rule: the rule or its hash was changed');
  if (rule.announcementId !== announcement.id) problems.push(`the rule is for announcement ${rule.announcementId}, not ${announcement.id}`);
  const policy = drawRuleFor({ ...rule, id: rule.announcementId });
  if (canonicalJson(policy) !== canonicalJson(rule))
    problems.push(`the rule does not follow the thresholds of its mode: expected ${canonicalJson(policy)}`);

  problems.push(...timelineProblems(proof));

  const labels = proof.pool.map((m) => m.label);
  if (new Set(labels).size !== labels.length) problems.push('a label appears twice in the pool');
  if (canonicalJson(labels) !== canonicalJson([...labels].sort())) problems.push('the pool is not in label order: it was reordered');
  const poolHash = await hashPool(proof.pool);
  if (poolHash !== proof.poolHash)
    problems.push('poolHash is not the sha256 of the pool: a member, a bid or a score was changed, added or removed');

  let randomness: string;
  try {
    randomness = await randomnessFrom(commitment, proof.reveal);
    if (randomness !== proof.randomness) problems.push(`the randomness named differs from the one the source gives (${randomness})`);
  } catch (error) {
    if (!(error instanceof DrawMismatch)) throw error;
    // Without randomness from the committed source there is nothing trustworthy to recompute.
    return { ok: false, problems: [...problems, error.message] };
  }

  let outcome: Outcome | undefined;
  try {
    outcome = await decide(rule, proof.pool, randomness, poolHash);
    problems.push(...outcomeProblems(proof.outcome, outcome));
  } catch (error) {
    if (!(error instanceof DrawMismatch)) throw error;
    problems.push(error.message);
  }
  return { ok: problems.length === 0, problems, outcome };
}

function timelineProblems(proof: DrawProof): string[] {
  const problems: string[] = [];
  const { publishedAt, signupDeadline, selectionAt } = proof.announcement;
  const t = (iso: string) => Date.parse(iso);
  if (t(publishedAt) > t(signupDeadline)) problems.push('the announcement was published after its sign-up deadline');
  if (t(signupDeadline) > t(selectionAt)) problems.push('the selection time is before the sign-up deadline');
  if (t(proof.madeAt) < t(signupDeadline)) problems.push('the draw was made before sign-up closed');
  const fixedAt = proof.poolFixedAt;
  if (t(fixedAt) < t(signupDeadline)) problems.push(`the pool was fixed at ${fixedAt}, before sign-up closed at ${signupDeadline}`);
  if (t(proof.madeAt) < t(fixedAt)) problems.push(`the draw is dated ${proof.madeAt}, before its pool was fixed at ${fixedAt}`);
  if (proof.commitment.type === 'drand') {
    const c = proof.commitment;
    problems.push(...drandCommitmentProblems(c));
    if (t(c.roundTime) <= t(signupDeadline))
      problems.push(
        `drand round ${c.round} (${c.roundTime}) is not after the sign-up deadline ${signupDeadline}: it could have been known`,
      );
    // The round drawn must have been unknown when the pool was fixed (judged after the beacon, the pool could be steered).
    const round = proof.reveal.type === 'drand' ? proof.reveal.round : c.round;
    const expected = drandRoundToDraw(c, new Date(fixedAt));
    if (round !== expected)
      problems.push(
        `the beacon is of drand round ${round}, but the round to draw is ${expected}: the committed round ${c.round} or, if later, ` +
          `the first round published strictly after the pool was fixed at ${fixedAt}`,
      );
    const roundTime = drandRoundTime(c, round);
    if (t(roundTime) <= t(fixedAt))
      problems.push(`drand round ${round} (${roundTime}) was already public when the pool was fixed at ${fixedAt}`);
    if (t(proof.madeAt) < t(roundTime)) problems.push(`the draw is dated ${proof.madeAt}, before drand round ${round} existed`);
  }
  return problems;
}

function outcomeProblems(named: Outcome, recomputed: Outcome): string[] {
  const problems: string[] = [];
  const differs = (key: keyof Outcome) => canonicalJson(named[key] ?? null) !== canonicalJson(recomputed[key] ?? null);
  const show = (value: unknown) => (value === undefined ? 'none' : canonicalJson(value));
  if (differs('order')) problems.push(`the order named differs from the recomputed order ${show(recomputed.order)}`);
  if (differs('winner')) problems.push(`the proof names ${show(named.winner)} as winner; recomputed: ${show(recomputed.winner)}`);
  for (const key of ['shortlist', 'longList', 'factor', 'reference', 'ranked', 'failed'] as const)
    if (differs(key)) problems.push(`the outcome's ${key} ${show(named[key])} differs from the recomputed ${show(recomputed[key])}`);
  return problems;
}
