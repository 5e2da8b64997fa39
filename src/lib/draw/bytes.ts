import { DrawMismatch } from './types.js';

/** Byte helpers over WebCrypto only, so the same code runs in Node, Workers and a browser. */

const HEX = /^(?:[0-9a-f]{2})*$/;

export function hexToBytes(hex: string, what: string): Uint8Array<ArrayBuffer> {
  if (!HEX.test(hex)) throw new DrawMismatch(`${what} is not lowercase hex`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

export async function sha256Bytes(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** HKDF-SHA256 (RFC 5869), 32 bytes out. */
export async function hkdf32(ikm: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, info: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) }, key, 256);
  return new Uint8Array(bits);
}
