import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProof, type DrawProof, drawRuleFor, seedHashOf } from '../../src/lib/draw/index.js';
import { type CliResult, ROOT, runTs } from '../helpers/cli.js';

const SCRIPT = 'src/cli/verify-draw.ts';
let dir: string;
let proof: DrawProof;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verify-draw-'));
  const seed = '5e'.repeat(32);
  const bids = {
    '91350100M000100Y43': '100000',
    '91110000600037341L': '96000',
    '91310000132149237G': '95000',
    '91440300708461136T': '90000',
    '91510100MA61R8XX1B': '80000',
  };
  proof = await buildProof({
    selectionId: 'sel_cli',
    announcement: {
      id: 'ann_cli',
      publishedAt: '2026-03-02T01:00:00.000Z',
      signupDeadline: '2026-03-12T09:00:00.000Z',
      selectionAt: '2026-03-13T02:00:00.000Z',
    },
    rule: drawRuleFor({ id: 'ann_cli', mode: 'bid_best', fiscal: true, quoteKind: 'amount' }),
    commitment: { type: 'commit-reveal', seedHash: await seedHashOf(seed) },
    reveal: { type: 'commit-reveal', seed, nonces: Object.keys(bids).map((label, i) => ({ label, nonce: `nonce-${i}` })) },
    pool: Object.entries(bids).map(([label, amountFen]) => ({ label, bid: { amountFen } })),
    poolFixedAt: '2026-03-13T02:00:00.000Z',
    madeAt: '2026-03-13T02:00:04.000Z',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** The CLI reading its proof from standard input (`-`). */
function runWithStdin(input: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm run verify-draw', () => {
  it('prints the recomputed order and winner and OK for a good proof, from a file or standard input', async () => {
    const result = await runTs(SCRIPT, [write('good.json', proof)], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`order:  ${proof.outcome.order.join(' ')}`);
    expect(result.stdout).toContain(`winner: ${proof.outcome.winner}`);
    expect(result.stdout).toContain(`factor: ${proof.outcome.factor}%  reference: ${proof.outcome.reference}`);
    expect(result.stdout).toContain('OK: the proof verifies');
    const piped = await runWithStdin(JSON.stringify(proof));
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain('OK: the proof verifies');
  });

  it('exits 1 naming each mismatch of a tampered copy', async () => {
    const other = proof.outcome.order.find((l) => l !== proof.outcome.winner)!;
    const tampered: [string, DrawProof, string][] = [
      ['winner.json', { ...proof, outcome: { ...proof.outcome, winner: other } }, `the proof names "${other}" as winner`],
      ['pool.json', { ...proof, pool: [...proof.pool].reverse() }, 'the pool is not in label order'],
      [
        'seed.json',
        { ...proof, reveal: { ...proof.reveal, seed: '5f'.repeat(32) } as DrawProof['reveal'] },
        'the revealed seed does not hash to the committed seedHash',
      ],
      [
        'bid.json',
        { ...proof, pool: proof.pool.map((m, i) => (i === 0 ? { ...m, bid: { amountFen: '1' } } : m)) },
        'poolHash is not the sha256 of the pool',
      ],
      ['hash.json', { ...proof, poolHash: 'f'.repeat(64) }, 'poolHash is not the sha256 of the pool'],
    ];
    for (const [name, copy, problem] of tampered) {
      const result = await runTs(SCRIPT, [write(name, copy)], {});
      expect(result.code, name).toBe(1);
      expect(result.stdout).toContain(`MISMATCH: ${problem}`);
      expect(result.stdout).not.toContain('OK:');
    }
  });

  it('binds the proof to values published before the draw: a self-consistent rewrite is caught by them', async () => {
    const published = [
      '--rule-hash',
      proof.ruleHash,
      '--seed-hash',
      (proof.commitment as { seedHash: string }).seedHash,
      '--pool-hash',
      proof.poolHash,
      '--pool-fixed-at',
      proof.poolFixedAt,
    ];
    const good = await runTs(SCRIPT, [write('good2.json', proof), ...published], {});
    expect(good.code, good.stdout).toBe(0);
    // Someone rewrites a bid and recomputes every derived value: the proof verifies on its own…
    const { format: _f, ruleHash: _r, poolHash: _p, randomness: _x, outcome: _o, explanation: _e, ...inputs } = proof;
    const rewritten = await buildProof({
      ...inputs,
      pool: proof.pool.map((m, i) => (i === 0 ? { ...m, bid: { amountFen: '89920' } } : m)),
    });
    const alone = await runTs(SCRIPT, [write('rewritten.json', rewritten)], {});
    expect(alone.code).toBe(0);
    // …but not against the pool hash published at the draw.
    const bound = await runTs(SCRIPT, [write('rewritten2.json', rewritten), ...published], {});
    expect(bound.code).toBe(1);
    expect(bound.stdout).toContain(`MISMATCH: the pool hash: published ${proof.poolHash}`);
    const redated = await runTs(SCRIPT, [write('good4.json', proof), '--pool-fixed-at', '2026-03-13T02:00:01Z'], {});
    expect(redated.code).toBe(1);
    expect(redated.stdout).toContain(
      `MISMATCH: the moment the pool was fixed: published 2026-03-13T02:00:01Z, the proof carries ${proof.poolFixedAt}`,
    );
    const badFlag = await runTs(SCRIPT, [write('good3.json', proof), '--nonsense', 'x'], {});
    expect(badFlag.code).toBe(2);
  });

  it('refuses what is not a proof', async () => {
    const notJson = await runTs(SCRIPT, [write('broken.json', '{ not json')], {});
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('cannot read the proof');
    const wrong = await runTs(SCRIPT, [write('other.json', { format: 'something/else' })], {});
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('MISMATCH: not a credit-registry/draw-proof/v1 proof');
  });
});
