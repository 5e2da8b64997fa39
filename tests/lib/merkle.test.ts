import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistencyProof, inclusionPath, leafHash, rootOf, toHex } from '../../src/lib/merkle.js';
import { leaf, verifyConsistency, verifyInclusion } from '../helpers/rfc9162.js';

/**
 * The RFC 6962 tree, checked two ways that do not rest on its own code: the reference vectors of the
 * Certificate Transparency test data, and verifiers written here from RFC 9162 §2.1.3.2 (inclusion)
 * and §2.1.4.2 (consistency), hashing with node:crypto, as a platform's own implementation would.
 */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const hex = (hs: Uint8Array[]) => hs.map(toHex);

describe('the RFC 6962 Merkle tree', () => {
  it('gives the reference roots of the Certificate Transparency test vectors for 0 to 8 leaves', async () => {
    const hashes = await Promise.all(LEAVES.map((l) => leafHash(bytes(l))));
    for (let n = 0; n <= 8; n++) expect(toHex(await rootOf(hashes.slice(0, n))), `root of ${n}`).toBe(ROOTS[n]);
    expect(toHex(hashes[1]!)).toBe(leaf(bytes('00')).toString('hex'));
  });

  it('gives audit paths and consistency proofs an independent verifier accepts, and rejects when one hash changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 70 }), fc.nat(), fc.nat(), async (size, a, b) => {
        const hashes = await Promise.all(Array.from({ length: size }, (_, i) => leafHash(new TextEncoder().encode(`event ${i}`))));
        const root = toHex(await rootOf(hashes));
        const index = a % size;
        const path = hex(await inclusionPath(hashes, index));
        expect(verifyInclusion(index, size, toHex(hashes[index]!), path, root)).toBe(true);
        if (path.length) {
          const bent = [...path];
          bent[0] = `${bent[0]!.slice(0, -1)}${bent[0]!.endsWith('0') ? '1' : '0'}`;
          expect(verifyInclusion(index, size, toHex(hashes[index]!), bent, root)).toBe(false);
        }
        const first = 1 + (b % size);
        const firstRoot = toHex(await rootOf(hashes.slice(0, first)));
        const proof = hex(await consistencyProof(hashes, first));
        expect(verifyConsistency(first, size, firstRoot, root, proof)).toBe(true);
        // A log that rewrote an early event cannot prove consistency with the head a platform kept.
        if (first < size) {
          const rewritten = [...hashes];
          rewritten[0] = await leafHash(new TextEncoder().encode('rewritten'));
          const forged = hex(await consistencyProof(rewritten, first));
          expect(verifyConsistency(first, size, firstRoot, toHex(await rootOf(rewritten)), forged)).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a leaf outside the tree and a proof from an empty or larger tree', async () => {
    const hashes = await Promise.all([1, 2, 3].map((i) => leafHash(Uint8Array.of(i))));
    await expect(inclusionPath(hashes, 3)).rejects.toThrow(RangeError);
    await expect(consistencyProof(hashes, 0)).rejects.toThrow(RangeError);
    await expect(consistencyProof(hashes, 4)).rejects.toThrow(RangeError);
  });
});
