/** The sync pages' words for the API's codes (moments are shown with beijingTime from src/web/time.ts). */

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
