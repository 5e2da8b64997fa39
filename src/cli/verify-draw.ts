import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type DrawProof, verifyProof } from '../lib/draw/index.js';

/**
 * `npm run verify-draw -- proof.json` (or `-` for standard input): recomputes a draw from its proof
 * alone, with no database and no network, and prints the order and the winner, or every mismatch
 * (exit 1). Anyone can run it on the proof served at GET /api/v1/market/selections/{id}/proof.
 *
 * A proof can only vouch for itself: whoever rewrote a bid and recomputed every hash would make a
 * proof that verifies. What binds it to the past are the values published before the draw, so an
 * agency that noted them passes them in and the proof must carry exactly those:
 *   --rule-hash <hex>   the rule's hash, published with the announcement
 *   --seed-hash <hex>   the commit-reveal seed's hash, published with the announcement
 *   --round <n>         the drand round, published with the announcement
 *   --pool-hash <hex>   the pool's hash, published when the pool was fixed (the `selecting` step)
 *   --pool-fixed-at <t> when the pool was fixed, published with it (ISO time)
 */
const usage =
  'usage: npm run verify-draw -- <proof.json | -> [--rule-hash H] [--seed-hash H] [--round N] [--pool-hash H] [--pool-fixed-at T]';
let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'rule-hash': { type: 'string' },
      'seed-hash': { type: 'string' },
      round: { type: 'string' },
      'pool-hash': { type: 'string' },
      'pool-fixed-at': { type: 'string' },
    },
  });
}
try {
  args = parse();
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
const path = args.positionals[0];
if (!path || args.positionals.length > 1) {
  console.error(usage);
  process.exit(2);
}

let proof: unknown;
try {
  proof = JSON.parse(readFileSync(path === '-' ? 0 : path, 'utf8'));
} catch (error) {
  console.error(`cannot read the proof: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const { ok, problems, outcome } = await verifyProof(proof);
problems.push(...againstPublished(proof as Partial<DrawProof>));
if (outcome) {
  console.log('recomputed from the proof:');
  console.log(`order:  ${outcome.order.join(' ')}`);
  if (outcome.factor !== undefined) console.log(`factor: ${outcome.factor}%  reference: ${outcome.reference}`);
  if (outcome.shortlist) console.log(`shortlist: ${outcome.shortlist.join(' ')}`);
  console.log(`winner: ${outcome.winner ?? '(none)'}`);
  if (outcome.failed) console.log(`failed: ${outcome.failed.code}: ${outcome.failed.detail}`);
}
if (ok && problems.length === 0) console.log('OK: the proof verifies');
else {
  for (const problem of problems) console.log(`MISMATCH: ${problem}`);
  process.exitCode = 1;
}

/** The values the caller noted when they were published, compared with what the proof carries. */
function againstPublished(p: Partial<DrawProof>): string[] {
  const found: string[] = [];
  const expect = (given: string | undefined, carried: unknown, what: string) => {
    if (given !== undefined && String(carried ?? '').toLowerCase() !== given.toLowerCase())
      found.push(`${what}: published ${given}, the proof carries ${String(carried ?? '(nothing)')}`);
  };
  const commitment = (p.commitment ?? {}) as { seedHash?: string; round?: number };
  expect(args.values['rule-hash'], p.ruleHash, 'the rule hash');
  expect(args.values['seed-hash'], commitment.seedHash, 'the seed hash');
  expect(args.values.round, commitment.round, 'the drand round');
  expect(args.values['pool-hash'], p.poolHash, 'the pool hash');
  const fixedAt = args.values['pool-fixed-at'];
  if (fixedAt !== undefined && !(Date.parse(fixedAt) === Date.parse(String(p.poolFixedAt)) && !Number.isNaN(Date.parse(fixedAt))))
    found.push(`the moment the pool was fixed: published ${fixedAt}, the proof carries ${String(p.poolFixedAt ?? '(nothing)')}`);
  return found;
}
