import { monotonicFactory } from 'ulidx';

/**
 * Prefixed, time-sortable ids (`sub_01J…`): the prefix makes a wrong kind of id obvious in logs and
 * tests, and ULIDs sort by creation time, which keyset pagination relies on.
 */
export const ID_PREFIXES = {
  subject: 'sub',
  department: 'dep',
  record: 'rec',
  commitment: 'cmt',
  evaluation: 'evl',
  check: 'chk',
  listEntry: 'lst',
  objection: 'obj',
  repair: 'rep',
  body: 'deb',
  contractor: 'ctr',
  project: 'prj',
  contract: 'con',
  contractEvent: 'cev',
  obligation: 'obl',
  posting: 'pst',
  postingRequest: 'prq',
  task: 'tsk',
  complaint: 'cpl',
  agencySuspension: 'sus',
  announcement: 'ann',
  eligibility: 'eld',
  selection: 'sel',
  rating: 'rat',
  ratingObjection: 'rob',
  report: 'rpt',
  endpoint: 'whe',
  delivery: 'msg',
  watch: 'wat',
  audit: 'aud',
  event: 'evt',
  request: 'req',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/**
 * Random bytes drawn a few thousand at a time: ulidx's own generator asks the system for one byte per
 * character (sixteen calls per id), which showed up at several per cent of a read request's CPU (every
 * request gets an id). byte / 256 is uniform over [0, 1), and 256 divides evenly into ulid's 32 symbols.
 */
const RANDOM_BATCH = 4096;
const randomBytes = new Uint8Array(RANDOM_BATCH);
let nextRandom = RANDOM_BATCH;
export function pooledRandom(): number {
  if (nextRandom === RANDOM_BATCH) {
    crypto.getRandomValues(randomBytes);
    nextRandom = 0;
  }
  return randomBytes[nextRandom++]! / 256;
}

const ulid = monotonicFactory(pooledRandom);

export function newId(kind: IdKind, now: Date = new Date()): string {
  return `${ID_PREFIXES[kind]}_${ulid(now.getTime())}`;
}

export function hasIdKind(id: string, kind: IdKind): boolean {
  return id.startsWith(`${ID_PREFIXES[kind]}_`) && id.length === ID_PREFIXES[kind].length + 27;
}
