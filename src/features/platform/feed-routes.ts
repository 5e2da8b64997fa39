import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, exactJson, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { checkpoint, consistencyProof, inclusionProof } from '../../sync/feed.js';
import { verifyLog } from '../../sync/verify-log.js';
import { FEED_PAGE_TYP, feedPage } from './feed-page.js';
import {
  CheckpointQuery,
  CheckpointSchema,
  ConsistencyQuery,
  ConsistencySchema,
  FeedPage,
  FeedQuery,
  InclusionQuery,
  InclusionSchema,
  LogVerificationSchema,
} from './feed-schemas.js';
import { FEED_READERS } from './policy.js';

const tags = ['Sync: feed and Merkle log'];

export const feedRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/feed',
      tags,
      security: bearer,
      summary:
        'Public events in commit order after a cursor. The body is signed: header Feed-Signature is a detached JWS (ES256) over its exact bytes',
      middleware: [requireRole(...FEED_READERS)] as const,
      request: { query: FeedQuery },
      responses: {
        200: {
          description: `A page of the feed (JWS typ ${FEED_PAGE_TYP})`,
          headers: {
            'Feed-Signature': {
              schema: { type: 'string' },
              description:
                'header..signature: a detached JWS with an unencoded payload (RFC 7797, b64 false): the payload is the body as sent',
            },
          },
          ...json(FeedPage),
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const { after, limit } = c.req.valid('query');
      const page = await feedPage(c.get('db'), ctxOf(c), c.get('deps').sync.feedSigner, after ?? -1, limit);
      return exactJson(c, page.body, { 'Feed-Signature': page.signature });
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/checkpoint',
      tags,
      security: bearer,
      summary: 'The signed tree head of the log (the newest, or a past one by size): keep it to check the log later',
      middleware: [requireRole(...FEED_READERS)] as const,
      request: { query: CheckpointQuery },
      responses: { 200: { description: 'A signed checkpoint', ...json(CheckpointSchema) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await checkpoint(c.get('db'), c.req.valid('query').size), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/proof/inclusion',
      tags,
      security: bearer,
      summary: 'The audit path (RFC 6962 / RFC 9162) proving the event at `index` is in the tree of `size` events',
      middleware: [requireRole(...FEED_READERS)] as const,
      request: { query: InclusionQuery },
      responses: { 200: { description: 'An inclusion proof', ...json(InclusionSchema) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const { index, size } = c.req.valid('query');
      return c.json(await inclusionProof(c.get('db'), index, size), 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/proof/consistency',
      tags,
      security: bearer,
      summary: 'The consistency proof (RFC 6962 / RFC 9162) that the tree of `to` events extends the tree of `from`',
      middleware: [requireRole(...FEED_READERS)] as const,
      request: { query: ConsistencyQuery },
      responses: { 200: { description: 'A consistency proof', ...json(ConsistencySchema) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      return c.json(await consistencyProof(c.get('db'), from, to), 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/log/verify',
      tags,
      security: bearer,
      summary: 'Recompute the Merkle log from the events and check every leaf, stored subtree and checkpoint (npm run sync:verify)',
      middleware: [requireRole('admin')] as const,
      responses: {
        200: { description: 'What was checked, and each problem found', ...json(LogVerificationSchema) },
        ...problems(401, 403),
      },
    }),
    async (c) => c.json(await verifyLog(c.get('db'), c.get('deps').sync.feedSigner.jwks()), 200),
  );
