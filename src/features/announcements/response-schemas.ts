import { z } from '@hono/zod-openapi';
import { pageSchema } from '../../http/pagination.js';
import { DrawProofSchema } from '../../lib/draw/schema.js';

/** The shapes announcements and selections are answered in (the contract tests parse every 2xx with them). */

const Reason = z.object({ code: z.string(), detail: z.string() });
const Bid = z.object({ amountFen: z.string().nullable(), discountRate: z.string().nullable() });
const Party = z.object({ uscc: z.string(), name: z.string() });

/** The committed rule and randomness source (lib/draw's published format, described for readers of the API). */
const DrawRule = z.object({
  function: z.literal('hkdf-sha256-v1'),
  announcementId: z.string(),
  mode: z.enum(['random', 'bid_lowest', 'bid_best', 'credit_first']),
  fiscal: z.boolean(),
  quoteKind: z.enum(['amount', 'discount']),
  minimumPool: z.number().int(),
  factors: z.array(z.number().int()).optional(),
  longListSize: z.number().int().optional(),
  shortListSize: z.number().int().optional(),
});
const Source = z.union([
  z.object({
    type: z.literal('drand'),
    chainHash: z.string(),
    publicKey: z.string(),
    scheme: z.string(),
    genesisTime: z.number().int(),
    period: z.number().int(),
    round: z.number().int(),
    roundTime: z.string(),
  }),
  z.object({ type: z.literal('commit-reveal'), seedHash: z.string().openapi({ description: 'sha256 of the seed hex text' }) }),
]);

const Step = z.object({
  from: z.string().nullable(),
  to: z.string(),
  role: z.string(),
  at: z.string(),
  note: z.string().nullable(),
  actor: z.string().optional().openapi({ description: 'Only in the owner’s view' }),
});

export const Announcement = z
  .object({
    id: z.string().openapi({ example: 'ann_01JXYZ…' }),
    state: z.string(),
    projectCode: z.string(),
    projectName: z.string(),
    ownerName: z.string(),
    ownerUscc: z.string().nullable(),
    service: z.string(),
    region: z.string(),
    fiscal: z.boolean(),
    quoteKind: z.enum(['amount', 'discount']),
    priceCapFen: z.string().nullable(),
    priceFloorFen: z.string().nullable(),
    discountMin: z.string().nullable(),
    discountMax: z.string().nullable(),
    signupDeadline: z.string(),
    selectionAt: z.string(),
    qualifications: z.object({ match: z.enum(['any', 'all']), names: z.array(z.string()) }),
    minStaff: z.number().int(),
    avoid: z.array(z.object({ uscc: z.string(), reason: z.string() })),
    mode: z.string(),
    directUscc: z.string().nullable(),
    longListSize: z.number().int().nullable(),
    shortListSize: z.number().int().nullable(),
    witnesses: z.boolean(),
    publishWinner: z.boolean(),
    complaintContact: z.string(),
    description: z.string(),
    failureReason: z.string().nullable(),
    publishedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    commitment: z
      .object({
        rule: DrawRule,
        ruleHash: z.string(),
        source: Source,
      })
      .nullable()
      .openapi({
        description: 'Published before sign-up opens: the draw rule, its sha256, and the randomness source that does not exist yet',
      }),
    steps: z.array(Step),
    result: z
      .object({
        selectionId: z.string(),
        state: z.string(),
        winner: Party.nullable(),
        poolHash: z.string().nullable(),
        poolFixedAt: z.string().nullable().openapi({ description: 'When the pool was fixed, before the randomness was asked for' }),
        order: z.array(z.string()),
        shortlist: z.array(z.string()),
        madeAt: z.string(),
        proof: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('MarketAnnouncement');

export const AnnouncementPage = pageSchema(Announcement);

export const Signup = z
  .object({
    announcementId: z.string(),
    uscc: z.string(),
    name: z.string(),
    signedAt: z.string(),
    withdrawnAt: z.string().nullable(),
    nonce: z.string(),
    eligibility: z.object({ id: z.string(), stage: z.string(), eligible: z.boolean(), exclusions: z.array(Reason), decidedAt: z.string() }),
    bidSubmittedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When a sealed bid was made; its value is shown to no one before the opening' }),
  })
  .openapi('MarketSignup');

export const OwnSignupPage = pageSchema(
  z
    .object({
      announcementId: z.string(),
      projectName: z.string(),
      mode: z.string(),
      state: z.string(),
      signupDeadline: z.string(),
      signedAt: z.string(),
      withdrawnAt: z.string().nullable(),
      bidSubmittedAt: z.string().nullable().openapi({ description: 'When a sealed bid was made; never its value before the opening' }),
      eligibility: z
        .object({ id: z.string(), stage: z.string(), eligible: z.boolean(), exclusions: z.array(Reason), decidedAt: z.string() })
        .nullable()
        .openapi({ description: 'The latest judgement of this agency for this purchase (eld_…: what an objection names)' }),
      selectionId: z.string().nullable(),
      won: z.boolean().nullable().openapi({ description: 'Whether this agency is the selection’s winner; null before the selection' }),
    })
    .openapi('MarketOwnSignup'),
).openapi('MarketOwnSignupPage');

export const BidReceipt = z
  .object({ announcementId: z.string(), uscc: z.string(), quoteKind: z.string(), submittedAt: z.string(), replaced: z.boolean() })
  .openapi('MarketBidReceipt');

const Objection = z.object({
  id: z.string(),
  uscc: z.string(),
  eligibilityDecisionId: z.string().nullable(),
  againstWinner: z.boolean(),
  reason: z.string(),
  state: z.string(),
  decisionNote: z.string().nullable(),
  filedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export const SelectionObjection = Objection.openapi('MarketSelectionObjection');

export const Selection = z
  .object({
    id: z.string(),
    announcementId: z.string(),
    mode: z.string(),
    state: z.string(),
    publishWinner: z.boolean(),
    poolHash: z.string().nullable(),
    poolFixedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the pool was fixed (every sign-up judged, the pool hashed), before the randomness was asked for' }),
    order: z.array(z.string()).openapi({ description: 'The succession: draw order, or the bids in deciding order' }),
    shortlist: z.array(z.string()),
    winner: Party.nullable(),
    winnerBid: Bid.nullable(),
    factor: z.number().nullable(),
    reference: z.string().nullable(),
    failure: Reason.nullable(),
    pool: z.array(
      z.object({
        uscc: z.string(),
        name: z.string(),
        eligible: z.boolean(),
        eligibilityDecisionId: z.string(),
        exclusions: z.array(Reason),
        bid: Bid.nullable(),
      }),
    ),
    publicityEndsOn: z.string().nullable(),
    confirmedAt: z.string().nullable(),
    completedOn: z.string().nullable(),
    madeAt: z.string(),
    changes: z.array(z.object({ droppedUscc: z.string(), nextUscc: z.string().nullable(), reason: Reason, at: z.string() })),
    objections: z.array(Objection),
    contract: z
      .object({
        number: z.string(),
        amountFen: z.string(),
        startsOn: z.string(),
        endsOn: z.string(),
        extensions: z.array(z.object({ endsOn: z.string(), reason: z.string(), filedAt: z.string() })),
      })
      .nullable(),
    results: z.array(z.object({ state: z.string(), document: z.string(), note: z.string().nullable(), at: z.string() })),
    proof: z.string().nullable(),
  })
  .openapi('MarketSelection');

/** credit-registry/draw-proof/v1: every input of the draw; `npm run verify-draw -- proof.json` recomputes it offline. */
export const Proof = DrawProofSchema;
