import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { fail } from '../../core/errors.js';
import { requireActor } from '../../core/policy.js';
import { requireRole } from '../../http/auth.js';
import type { AppEnv } from '../../http/env.js';
import { PageQuery } from '../../http/pagination.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems, Uscc } from '../../http/schemas.js';
import { cancelAnnouncement, createAnnouncement, editDraft, publishAnnouncement } from './drafts.js';
import { PUBLIC_STATES } from './machine.js';
import { listOwnSignups } from './own-signups.js';
import { AGENCIES, agencyUscc, authorizeAgency, authorizeOwner, OWNERS } from './policy.js';
import { getAnnouncement, listAnnouncements, listOwnAnnouncements } from './reads.js';
import { Announcement, AnnouncementPage, BidReceipt, OwnSignupPage, Selection, Signup } from './response-schemas.js';
import { AnnouncementBody, BidBody, CancelBody, SignupBody } from './schemas.js';
import { runSelection } from './selection.js';
import { selectionRoutes } from './selection-routes.js';
import { selectionView } from './selection-view.js';
import { ownSignup, signUp, submitBid, withdrawSignup } from './signups.js';

const tags = ['中介超市: announcements'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^ann_[0-9A-Z]{26}$/, 'an announcement id (ann_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const SignupParams = IdParam.extend({ uscc: Uscc.openapi({ param: { name: 'uscc', in: 'path' } }) });
const ListQuery = PageQuery.extend({
  state: z.enum(PUBLIC_STATES as [string, ...string[]]).optional(),
  service: z.string().max(40).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/, '6-digit 行政区划码')
    .optional(),
});
const OwnListQuery = PageQuery.extend({ state: z.enum(['draft', ...PUBLIC_STATES] as [string, ...string[]]).optional() });

const owner = guard(authorizeOwner);
const agency = guard(authorizeAgency);
/** An agency reads and withdraws only its own sign-up: {uscc} must be the token's own. */
const ownSignupOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const uscc = agencyUscc(requireActor({ actor: c.get('actor') }));
  if ((c.req.param('uscc') ?? '').trim().toUpperCase() !== uscc) throw fail.forbidden('an agency reads and withdraws only its own sign-up');
  await next();
};

const announcements = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/announcements',
      tags,
      security: bearer,
      summary: 'A project owner drafts a purchase announcement (采购公告); the token’s sub owns it',
      middleware: [requireRole(...OWNERS)] as const,
      request: { body: { ...json(AnnouncementBody), required: true } },
      responses: { 201: { description: 'The draft', ...json(Announcement) }, ...problems(400, 401, 403, 422) },
    }),
    async (c) => c.json(await createAnnouncement(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/announcements',
      tags,
      summary: 'Published announcements, newest first (no token; drafts never)',
      request: { query: ListQuery },
      responses: { 200: { description: 'A page of announcements', ...json(AnnouncementPage) }, ...problems(400) },
    }),
    async (c) => c.json(await listAnnouncements(c.get('db'), c.req.valid('query') as Parameters<typeof listAnnouncements>[1]), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/my/announcements',
      tags,
      security: bearer,
      summary: 'The owner’s own announcements, drafts included',
      middleware: [requireRole(...OWNERS)] as const,
      request: { query: OwnListQuery },
      responses: { 200: { description: 'A page of announcements', ...json(AnnouncementPage) }, ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await listOwnAnnouncements(c.get('db'), ctxOf(c).actor, c.req.valid('query') as Parameters<typeof listOwnAnnouncements>[2]),
        200,
      ),
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/announcements/{id}',
      tags,
      summary: 'An announcement with its commitment, steps and result (no token; a draft only to its owner)',
      request: { params: IdParam },
      responses: { 200: { description: 'The announcement', ...json(Announcement) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await getAnnouncement(c.get('db'), c.get('actor'), c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'put',
      path: '/api/v1/market/announcements/{id}',
      tags,
      security: bearer,
      summary: 'The owner edits its draft (the whole body again)',
      middleware: [requireRole(...OWNERS), owner] as const,
      request: { params: IdParam, body: { ...json(AnnouncementBody), required: true } },
      responses: { 200: { description: 'The draft', ...json(Announcement) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await editDraft(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/announcements/{id}/publish',
      tags,
      security: bearer,
      summary: 'Publishes the draft with its draw commitment (rule hash, randomness source); sign-up opens at once',
      middleware: [requireRole(...OWNERS), owner] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The announcement, signing up', ...json(Announcement) }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await publishAnnouncement(c.get('db'), ctxOf(c), c.req.valid('param').id, c.get('deps').drawSources), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/announcements/{id}/cancel',
      tags,
      security: bearer,
      summary: 'The owner cancels the announcement, with its reason: a draw before its selection time, a direct one until it is selected',
      middleware: [requireRole(...OWNERS), owner] as const,
      request: { params: IdParam, body: { ...json(CancelBody), required: true } },
      responses: { 200: { description: 'The announcement, cancelled', ...json(Announcement) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await cancelAnnouncement(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/announcements/{id}/signups',
      tags,
      security: bearer,
      summary: 'An agency signs up until the deadline; judged now, an ineligible one is refused (422) naming each reason',
      middleware: [requireRole(...AGENCIES), agency] as const,
      request: { params: IdParam, body: { ...json(SignupBody), required: false } },
      responses: { 201: { description: 'Signed up', ...json(Signup) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await signUp(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json') ?? {}), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/my/signups',
      tags,
      security: bearer,
      summary: 'An agency’s own sign-ups, newest purchase first: state, latest eligibility decision, whether it bid, the result',
      middleware: [requireRole(...AGENCIES)] as const,
      request: { query: PageQuery },
      responses: { 200: { description: 'A page of sign-ups', ...json(OwnSignupPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listOwnSignups(c.get('db'), ctxOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/announcements/{id}/signups/{uscc}',
      tags,
      security: bearer,
      summary: 'An agency reads its own sign-up: its nonce, its latest eligibility decision, whether it bid',
      middleware: [requireRole(...AGENCIES), ownSignupOnly, agency] as const,
      request: { params: SignupParams },
      responses: { 200: { description: 'The sign-up', ...json(Signup) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await ownSignup(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/api/v1/market/announcements/{id}/signups/{uscc}',
      tags,
      security: bearer,
      summary: 'An agency withdraws its sign-up (and its bid) before the deadline',
      middleware: [requireRole(...AGENCIES), ownSignupOnly, agency] as const,
      request: { params: SignupParams },
      responses: { 200: { description: 'The sign-up, withdrawn', ...json(Signup) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await withdrawSignup(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/announcements/{id}/bids',
      tags,
      security: bearer,
      summary: 'A signed-up agency’s sealed bid until the deadline; a later one replaces it. Shown to no one before the opening',
      middleware: [requireRole(...AGENCIES), agency] as const,
      request: { params: IdParam, body: { ...json(BidBody), required: true } },
      responses: { 200: { description: 'The receipt (never the value)', ...json(BidReceipt) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await submitBid(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/announcements/{id}/selection',
      tags,
      security: bearer,
      summary: 'The owner runs the selection at or after its time (the job does too); 409 with retryAfter while the randomness is not out',
      middleware: [requireRole(...OWNERS), owner] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The selection', ...json(Selection) }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const { selectionId } = await runSelection(c.get('db'), ctx, c.req.valid('param').id, c.get('deps').drawSources, { owner: true });
      return c.json(await selectionView(c.get('db'), selectionId, ctx.actor), 200);
    },
  );

export const announcementsRoutes = createRouter().route('/', announcements).route('/', selectionRoutes);
