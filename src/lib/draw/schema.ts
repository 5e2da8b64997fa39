import { z } from 'zod';

/**
 * The shape of a proof file (credit-registry/draw-proof/v1), checked before anything is recomputed.
 * Objects are strict: a field the format does not know is reported, not silently ignored.
 */
const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes of lowercase hex`);
const isoTime = z.iso.datetime({ offset: true });
const label = z.string().min(1).max(64);

const DrawRuleSchema = z.strictObject({
  function: z.literal('hkdf-sha256-v1'),
  announcementId: z.string().min(1),
  mode: z.enum(['random', 'bid_lowest', 'bid_best', 'credit_first']),
  fiscal: z.boolean(),
  quoteKind: z.enum(['amount', 'discount']),
  minimumPool: z.int().min(0),
  factors: z.array(z.int().min(1).max(100)).min(1).optional(),
  longListSize: z.int().min(1).optional(),
  shortListSize: z.int().min(1).optional(),
});

export const SourceCommitmentSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('drand'),
    chainHash: hex(32),
    publicKey: hex(96),
    scheme: z.string(),
    genesisTime: z.int().min(0),
    period: z.int().min(1),
    round: z.int().min(1),
    roundTime: isoTime,
  }),
  z.strictObject({ type: z.literal('commit-reveal'), seedHash: hex(32) }),
]);

const RevealSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('drand'), round: z.int().min(1), randomness: hex(32), signature: hex(48) }),
  z.strictObject({
    type: z.literal('commit-reveal'),
    seed: hex(32),
    nonces: z.array(z.strictObject({ label, nonce: z.string().min(1).max(256) })),
  }),
]);

const PoolMemberSchema = z.strictObject({
  label,
  bid: z.strictObject({ amountFen: z.string().optional(), discountRate: z.string().optional() }).optional(),
  score: z.number().optional(),
});

const OutcomeSchema = z.strictObject({
  order: z.array(label),
  winner: label.nullable(),
  shortlist: z.array(label).optional(),
  longList: z.array(label).optional(),
  factor: z.int().optional(),
  reference: z.string().optional(),
  ranked: z.array(z.strictObject({ label, value: z.string(), distance: z.string().optional() })).optional(),
  failed: z.strictObject({ code: z.string(), detail: z.string() }).optional(),
});

export const DrawProofSchema = z.strictObject({
  format: z.literal('credit-registry/draw-proof/v1'),
  selectionId: z.string().min(1),
  announcement: z.strictObject({ id: z.string().min(1), signupDeadline: isoTime, publishedAt: isoTime, selectionAt: isoTime }),
  rule: DrawRuleSchema,
  ruleHash: hex(32),
  commitment: SourceCommitmentSchema,
  reveal: RevealSchema,
  pool: z.array(PoolMemberSchema),
  poolHash: hex(32),
  poolFixedAt: isoTime,
  randomness: hex(32),
  outcome: OutcomeSchema,
  madeAt: isoTime,
  explanation: z.string(),
});
