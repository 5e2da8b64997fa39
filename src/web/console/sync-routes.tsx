import { type Context, Hono } from 'hono';
import { DomainError } from '../../core/errors.js';
import {
  DELIVERY_ADMINS,
  endpointDeliveryStates,
  FEED_READERS,
  getDelivery,
  listDeliveries,
  listEndpoints,
  listWatches,
  NO_DELIVERIES,
  QUALITY_READERS,
  QualityQuery,
  qualityReport,
  replayDelivery,
  WATCH_READERS,
} from '../../features/platform/index.js';
import type { AppEnv } from '../../http/env.js';
import { ctxOf } from '../../http/router.js';
import { checkpoint, treeSize } from '../../sync/feed.js';
import { type FormErrors, formErrorsOf, formStatus, optional, validateForm } from '../forms.js';
import { requirePageRole } from '../session.js';
import { DeadLettersPage, DeliveryPage, WatchesPage } from './sync/dead-letters-page.js';
import { SyncPage, type SyncPageProps } from './sync/sync-page.js';

/**
 * The console's sync section (admin and the city platform, as the feed's readers): the feed head, each
 * push endpoint's delivery state, the dead letters and their replay, the watches and the quality of
 * what reached the platform. Every figure comes from the verb behind the matching API endpoint, with
 * its role check: a platform token sees the feed, its own watches and the quality, not the endpoints.
 */
const PAGE_SIZE = 20;
const WATCHES_ON_SUMMARY = 10;

/** The newest checkpoint, or null before the sequencer's first run. */
async function latestCheckpoint(c: Context<AppEnv>) {
  try {
    return await checkpoint(c.get('db'));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

async function syncPage(c: Context<AppEnv>) {
  const db = c.get('db');
  const ctx = ctxOf(c);
  const role = ctx.actor.role;
  const feed = { treeSize: await treeSize(db), checkpoint: await latestCheckpoint(c) };

  let endpoints: SyncPageProps['endpoints'] = null;
  if (DELIVERY_ADMINS.includes(role)) {
    const page = await listEndpoints(db, ctx, c.get('deps').sync.deliveryKey, { limit: PAGE_SIZE, cursor: c.req.query('cursor') });
    const states = await endpointDeliveryStates(
      db,
      ctx,
      page.items.map((e) => e.id),
    );
    endpoints = { items: page.items.map((e) => ({ ...e, delivery: states.get(e.id) ?? NO_DELIVERIES })), nextCursor: page.nextCursor };
  }

  let watches: SyncPageProps['watches'] = { items: [], more: false };
  if (WATCH_READERS.includes(role)) {
    const page = await listWatches(db, ctx.actor, { limit: WATCHES_ON_SUMMARY });
    watches = { items: page.items, more: page.nextCursor !== null };
  }

  const values = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
  let quality: SyncPageProps['quality'] = { report: null, values, errors: {} };
  let status: 200 | 400 | 409 | 422 = 200;
  if (QUALITY_READERS.includes(role)) {
    const checked = validateForm(QualityQuery, { from: optional(values.from), to: optional(values.to) });
    if (!checked.ok) {
      quality = { report: null, values, errors: checked.errors };
      status = 400;
    } else {
      try {
        quality = { report: await qualityReport(db, ctx, checked.data), values, errors: {} };
      } catch (error) {
        const errors: FormErrors | null = formErrorsOf(error);
        if (!errors) throw error;
        quality = { report: null, values, errors };
        status = formStatus(error);
      }
    }
  }
  return c.html(
    <SyncPage actor={ctx.actor} url={c.req.url} feed={feed} endpoints={endpoints} watches={watches} quality={quality} />,
    status,
  );
}

async function deliveryPage(c: Context<AppEnv>, id: string, refusal: string | null, status: 200 | 409 = 200) {
  const ctx = ctxOf(c);
  const delivery = await getDelivery(c.get('db'), ctx, id);
  return c.html(
    <DeliveryPage actor={ctx.actor} delivery={delivery} replayed={c.req.query('replayed') === '1'} refusal={refusal} />,
    status,
  );
}

export const syncConsolePages = new Hono<AppEnv>()
  .use('/console/sync', requirePageRole(...FEED_READERS))
  .use('/console/sync/*', requirePageRole(...FEED_READERS))
  .get('/console/sync', syncPage)
  .get('/console/sync/dead-letters', async (c) => {
    const ctx = ctxOf(c);
    const endpoint = optional(c.req.query('endpoint'));
    const page = await listDeliveries(c.get('db'), ctx, { status: 'dead', endpoint, cursor: c.req.query('cursor'), limit: PAGE_SIZE });
    return c.html(
      <DeadLettersPage actor={ctx.actor} url={c.req.url} endpoint={endpoint} items={page.items} nextCursor={page.nextCursor} />,
    );
  })
  .get('/console/sync/dead-letters/:id', (c) => deliveryPage(c, c.req.param('id'), null))
  .post('/console/sync/dead-letters/:id/replay', async (c) => {
    const id = c.req.param('id');
    try {
      await replayDelivery(c.get('db'), ctxOf(c), id);
    } catch (error) {
      // Only a conflict (no longer dead) is answered on the page; not found or forbidden is the error page.
      if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
      return deliveryPage(c, id, `这条消息当前不是死信（${error.message}）。`, 409);
    }
    return c.redirect(`/console/sync/dead-letters/${encodeURIComponent(id)}?replayed=1`, 303);
  })
  .get('/console/sync/watches', async (c) => {
    const ctx = ctxOf(c);
    const page = await listWatches(c.get('db'), ctx.actor, { limit: PAGE_SIZE, cursor: c.req.query('cursor') });
    return c.html(<WatchesPage actor={ctx.actor} url={c.req.url} items={page.items} nextCursor={page.nextCursor} />);
  });
