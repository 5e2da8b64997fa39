import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { generateDeliveryJwk } from '../signing/delivery-key.js';

/**
 * Signing keys kept in the data directory, one file per purpose: tokens, status proofs, the feed to the
 * city platform (checkpoints, feed pages) and pushed webhooks (Ed25519, `delivery`), so one can rotate
 * without the others. Each has a kid.
 */
export type KeyPurpose = 'token' | 'export' | 'proof' | 'feed' | 'delivery';
export type StoredKey = { kid: string; alg: 'ES256' | 'EdDSA'; privateJwk: JWK; publicJwk: JWK; createdAt: string };

export function keyFile(dataDir: string, purpose: KeyPurpose): string {
  return join(dataDir, 'keys', `${purpose}.json`);
}

export function readKey(dataDir: string, purpose: KeyPurpose): StoredKey | null {
  const file = keyFile(dataDir, purpose);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
}

export async function loadOrCreateKey(dataDir: string, purpose: KeyPurpose, now = new Date()): Promise<StoredKey> {
  const existing = readKey(dataDir, purpose);
  if (existing) return existing;
  const kid = `${purpose}-${now.toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const stored = purpose === 'delivery' ? ed25519Key(kid, now) : await es256Key(kid, now);
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  const file = keyFile(dataDir, purpose);
  // Two processes starting on a fresh data directory (the server and `npm run sync`) must end up with
  // one key: each writes its own temporary file and links it into place, which fails if the other won;
  // the loser then uses the winner's key, so everything signed is signed with a published kid.
  const tmp = `${file}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(tmp, JSON.stringify(stored, null, 2), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKey(dataDir, purpose)!;
  } finally {
    unlinkSync(tmp);
  }
  return stored;
}

async function es256Key(kid: string, now: Date): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    kid,
    alg: 'ES256',
    createdAt: now.toISOString(),
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
}

function ed25519Key(kid: string, now: Date): StoredKey {
  const privateJwk = generateDeliveryJwk(kid);
  const { d: _secret, ...publicJwk } = privateJwk;
  return { kid, alg: 'EdDSA', createdAt: now.toISOString(), privateJwk, publicJwk };
}
