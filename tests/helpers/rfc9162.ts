import { createHash } from 'node:crypto';

/**
 * Verifiers written from RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), hashing with
 * node:crypto, as a platform's own implementation would: they import nothing of the registry's tree.
 */
export const node = (l: Buffer, r: Buffer) => createHash('sha256').update(Buffer.of(1)).update(l).update(r).digest();
export const leaf = (data: Uint8Array) => createHash('sha256').update(Buffer.of(0)).update(data).digest();

/** RFC 9162 §2.1.3.2, independently. */
export function verifyInclusion(index: number, size: number, leafHashHex: string, path: string[], rootHex: string): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = Buffer.from(leafHashHex, 'hex');
  for (const p of path.map((h) => Buffer.from(h, 'hex'))) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else r = node(r, p);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && r.toString('hex') === rootHex;
}

/** RFC 9162 §2.1.4.2, independently. */
export function verifyConsistency(first: number, second: number, firstRoot: string, secondRoot: string, proof: string[]): boolean {
  if (first === second) return proof.length === 0 && firstRoot === secondRoot;
  let path = proof.map((h) => Buffer.from(h, 'hex'));
  if (first & (first - 1) || first === 0) {
    if (path.length === 0) return false;
  } else path = [Buffer.from(firstRoot, 'hex'), ...path];
  let fn = first - 1;
  let sn = second - 1;
  while (fn & 1) [fn, sn] = [fn >> 1, sn >> 1];
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (!(fn & 1)) while (!(fn & 1) && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else sr = node(sr, c);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && fr.toString('hex') === firstRoot && sr.toString('hex') === secondRoot;
}

/** RFC 8785 canonical JSON for the values the registry writes (strings, integers, arrays, objects), written here from the RFC. */
export const jcs = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(jcs).join(',')}]`
      : `{${Object.keys(v as object)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${jcs((v as Record<string, unknown>)[k])}`)
          .join(',')}}`;
