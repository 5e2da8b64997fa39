import type { ActorCtx } from '../../core/actor.js';
import type { Db } from '../../db/types.js';
import type { FeedSigner } from '../../signing/signer.js';
import { readFeed, treeSize } from '../../sync/feed.js';

/**
 * One signed page of the feed. The signature covers the exact bytes sent (a detached JWS), so the
 * platform verifies before it parses, and a page changed by one byte fails. The page served to the
 * platform is noted (sync.feed_reads): quality counts when each decision first reached it.
 */
export const FEED_PAGE_TYP = 'credit-feed-page+jws';

export async function feedPage(db: Db, ctx: ActorCtx, signer: FeedSigner, after: number, limit: number) {
  const size = await treeSize(db);
  const items = await readFeed(db, after, limit);
  const last = items.at(-1);
  if (last && ctx.actor.role === 'platform') {
    await db
      .insertInto('sync.feed_reads')
      .values({ reader: ctx.actor.sub, from_position: items[0]!.index, to_position: last.index, at: ctx.clock.now() })
      .execute();
  }
  const body = JSON.stringify({
    items,
    nextCursor: String(last ? last.index : after),
    treeSize: Math.max(size, last ? last.index + 1 : 0),
  });
  const signature = await signer.signDetached(new TextEncoder().encode(body), FEED_PAGE_TYP);
  return { body, signature };
}
