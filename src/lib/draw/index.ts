/**
 * A draw anyone can check (domain §8): the rule and a future randomness source are committed before
 * sign-up closes; when the selection begins the pool is fixed by its hash, before the randomness is
 * asked for; then it is ordered by HKDF over the randomness and decided by the mode's rule. Pure functions over WebCrypto: the same code runs in the app and in
 * `npm run verify-draw`.
 */
export { decide } from './decide.js';
export { explanationFor } from './explain.js';
export { drawFactor, orderPool } from './order.js';
export { buildProof, verifyProof } from './proof.js';
export { BEST_PRICE_FACTORS, DEFAULT_LONG_LIST, DEFAULT_SHORT_LIST, drawRuleFor, hashPool, hashRule, sortPool } from './rule.js';
export {
  DRAND_SCHEME,
  drandRoundAfter,
  drandRoundTime,
  drandRoundToDraw,
  KNOWN_DRAND_CHAINS,
  randomnessFrom,
  seedHashOf,
  verifyDrandSignature,
} from './sources.js';
export {
  DrawMismatch,
  type DrawMode,
  type DrawProof,
  type DrawRule,
  type Outcome,
  type PoolMember,
  PROOF_FORMAT,
  type QuoteKind,
  type SourceCommitment,
  type SourceReveal,
} from './types.js';
