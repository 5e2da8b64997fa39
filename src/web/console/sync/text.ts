/** The sync pages' words for the API's codes, and how they show a moment. */

export const ENDPOINT_STATUS: Record<string, [string, 'green' | 'amber' | 'red']> = {
  active: ['启用', 'green'],
  paused: ['暂停', 'amber'],
  disabled: ['已停用', 'red'],
};

export const DELIVERY_STATUS: Record<string, [string, 'blue' | 'green' | 'red']> = {
  pending: ['待投递', 'blue'],
  delivered: ['已送达', 'green'],
  dead: ['死信', 'red'],
};

export const SIGNING_NAMES: Record<string, string> = { v1: 'v1（HMAC-SHA256 共享密钥）', v1a: 'v1a（Ed25519 公钥）' };

export const WATCH_OWNER_NAMES: Record<string, string> = { platform: '信用平台', applicant: '项目业主' };

/** A moment as the clerk reads it: Beijing time, to the minute (the API's ISO string is kept in a title). */
export function moment(iso: string | null | undefined): string {
  if (!iso) return '—';
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}
