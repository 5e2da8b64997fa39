import type { JWK } from 'jose';
import type { Config } from '../config.js';
import { createDeliveryKey, type DeliveryKey } from '../signing/delivery-key.js';
import { createFeedSigner, type FeedSigner } from '../signing/signer.js';

/**
 * What the feed and push delivery run with, built once from the configuration: the key that signs
 * checkpoints and feed pages, the Ed25519 key of v1a webhooks, and the delivery settings.
 */
export type SyncEnv = {
  feedSigner: FeedSigner;
  deliveryKey: DeliveryKey;
  /** The wait before each attempt, in ms; attempts beyond its length dead-letter the batch. */
  retrySchedule: number[];
  timeoutMs: number;
  batchMax: number;
  /** The platform's secret for reports it sends back (whsec_…); absent: inbound reports are refused. */
  inboundSecret: string | null;
  /** Applicants' watches may target localhost or private addresses (SYNC_ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets: boolean;
};

export type SyncKeys = { feedPrivateJwk?: JWK; deliveryPrivateJwk?: JWK };

export async function createSyncEnv(config: Config, own: SyncKeys = {}): Promise<SyncEnv> {
  const feedKey = config.FEED_PRIVATE_JWK ?? own.feedPrivateJwk;
  if (!feedKey) throw new Error('no key to sign the feed: set FEED_PRIVATE_JWK');
  const deliveryKey = config.DELIVERY_PRIVATE_JWK ?? own.deliveryPrivateJwk;
  if (!deliveryKey) throw new Error('no key to sign webhooks: set DELIVERY_PRIVATE_JWK (an Ed25519 OKP JWK)');
  return {
    feedSigner: await createFeedSigner(feedKey, config.FEED_RETIRED_JWKS),
    deliveryKey: createDeliveryKey(deliveryKey, config.DELIVERY_RETIRED_JWKS),
    retrySchedule: config.SYNC_RETRY_SCHEDULE,
    timeoutMs: config.SYNC_DELIVERY_TIMEOUT_MS,
    batchMax: config.SYNC_BATCH_MAX,
    inboundSecret: config.SYNC_INBOUND_SECRET ?? null,
    allowPrivateTargets: config.SYNC_ALLOW_PRIVATE_TARGETS,
  };
}
