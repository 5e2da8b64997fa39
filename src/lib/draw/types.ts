/**
 * The vocabulary of a draw anyone can check (domain §8). Everything here is data that goes into the
 * proof JSON, so the shapes are part of the published format `credit-registry/draw-proof/v1`.
 */
export type DrawMode = 'random' | 'bid_lowest' | 'bid_best' | 'credit_first';
export type QuoteKind = 'amount' | 'discount';

/** The rule committed (by its hash) before sign-up closes; it says how the pool will be ordered and decided. */
export type DrawRule = {
  function: 'hkdf-sha256-v1';
  announcementId: string;
  mode: DrawMode;
  fiscal: boolean;
  quoteKind: QuoteKind;
  /** Fewer pool members (bids, in the bid modes) than this and the draw fails. */
  minimumPool: number;
  /** 最优价: the factors (percent) one of which is drawn. */
  factors?: number[];
  longListSize?: number;
  shortListSize?: number;
};

/** A named randomness source that does not exist yet when it is published. */
export type SourceCommitment =
  | {
      type: 'drand';
      chainHash: string;
      publicKey: string;
      scheme: string;
      genesisTime: number;
      period: number;
      round: number;
      roundTime: string;
    }
  | { type: 'commit-reveal'; seedHash: string };

/** What the source gave at the draw. */
export type SourceReveal =
  | { type: 'drand'; round: number; randomness: string; signature: string }
  | { type: 'commit-reveal'; seed: string; nonces: { label: string; nonce: string }[] };

/** One eligible agency: its label is its USCC; a bid in fen or as a discount rate; its credit score. */
export type PoolMember = { label: string; bid?: { amountFen?: string; discountRate?: string }; score?: number };

export type Outcome = {
  /** Every pool member, in draw order (HKDF key ascending). */
  order: string[];
  winner: string | null;
  shortlist?: string[];
  /** credit_first: the long list by credit score (superset field). */
  longList?: string[];
  /** bid_best: the drawn factor k (percent). */
  factor?: number;
  /** bid_best: average × k/100, rounded half-up to the fen or to 4 places (the decision uses exact values). */
  reference?: string;
  /** Bid modes: valid bids in deciding order; credit_first: the pool by score. */
  ranked?: { label: string; value: string; distance?: string }[];
  failed?: { code: string; detail: string };
};

export type DrawProof = {
  format: 'credit-registry/draw-proof/v1';
  selectionId: string;
  announcement: { id: string; signupDeadline: string; publishedAt: string; selectionAt: string };
  rule: DrawRule;
  ruleHash: string;
  commitment: SourceCommitment;
  reveal: SourceReveal;
  pool: PoolMember[];
  poolHash: string;
  /**
   * When the pool was fixed (every sign-up judged, the pool hashed), before the randomness was asked for.
   * A drand draw uses the first round after the committed one that is also strictly after this moment.
   */
  poolFixedAt: string;
  randomness: string;
  outcome: Outcome;
  madeAt: string;
  explanation: string;
};

export const PROOF_FORMAT = 'credit-registry/draw-proof/v1' as const;

/** A reveal that does not match its commitment, or an input the draw cannot use; the message says why in plain words. */
export class DrawMismatch extends Error {
  override name = 'DrawMismatch';
}
