import { bytesToHex, hexToBytes, hkdf32 } from './bytes.js';
import { DrawMismatch } from './types.js';

/**
 * hkdf-sha256-v1: each label's key is HKDF-SHA256(ikm = the randomness bytes, salt = the pool hash
 * bytes, info = the label's UTF-8 bytes, 32 bytes); the order is by key hex ascending, then by label.
 * Every label's position depends on the whole pool (through its hash) and on randomness nobody knew
 * when the pool was fixed.
 */
export async function orderPool(randomness: string, poolHash: string, labels: string[]): Promise<{ label: string; key: string }[]> {
  if (new Set(labels).size !== labels.length) throw new DrawMismatch('a label appears twice in the pool');
  const ikm = hexToBytes(randomness, 'the randomness');
  const salt = hexToBytes(poolHash, 'the pool hash');
  const keyed = await Promise.all(labels.map(async (label) => ({ label, key: bytesToHex(await hkdf32(ikm, salt, label)) })));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * 最优价: k = factors[first byte of HKDF(randomness, pool hash, info "factor") mod n]. With n dividing 256
 * (4 factors) every factor is equally likely.
 */
export async function drawFactor(randomness: string, poolHash: string, factors: number[]): Promise<number> {
  if (factors.length === 0 || 256 % factors.length !== 0) throw new DrawMismatch('the number of factors must divide 256 (e.g. 4)');
  const bytes = await hkdf32(hexToBytes(randomness, 'the randomness'), hexToBytes(poolHash, 'the pool hash'), 'factor');
  return factors[bytes[0]! % factors.length]!;
}
