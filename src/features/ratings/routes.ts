import { requireRole } from '../../http/auth.js';
import { PageQuery } from '../../http/pagination.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems, UsccParam } from '../../http/schemas.js';
import { authorizeObjection, authorizeObjectionDecision, decideObjection, fileObjection } from './objections.js';
import { selectionRating } from './owner-reads.js';
import { OBJECTION_DECIDERS, OBJECTORS, RATERS } from './policy.js';
import { listAgencyRatings } from './queries.js';
import {
  AgencyRatingsPage,
  ObjectionBody,
  ObjectionDecisionBody,
  ObjectionIdParam,
  Rating,
  RatingBody,
  RatingIdParam,
  RatingObjection,
  SelectionIdParam,
  SelectionRating,
} from './schemas.js';
import { authorizeRating, giveRating } from './service.js';

const tags = ['中介超市: ratings'];

export const ratingsRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/selections/{id}/rating',
      tags,
      security: bearer,
      summary: "The project owner rates the selected agency once, within 180 days of the service's completion",
      middleware: [requireRole(...RATERS), guard(authorizeRating)] as const,
      request: { params: SelectionIdParam, body: { ...json(RatingBody), required: true } },
      responses: { 201: { description: 'Rated (public)', ...json(Rating) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await giveRating(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/selections/{id}/rating',
      tags,
      security: bearer,
      summary: 'The project owner reads its rating of the selected agency (null until given) and the last day one is taken',
      middleware: [requireRole(...RATERS)] as const,
      request: { params: SelectionIdParam },
      responses: { 200: { description: 'The rating and its window', ...json(SelectionRating) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await selectionRating(c.get('db'), ctxOf(c).actor, c.req.valid('param').id), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/agencies/{uscc}/ratings',
      tags,
      summary: "An agency's ratings, newest first, with the exact averages of those counted (no token)",
      request: { params: UsccParam, query: PageQuery },
      responses: { 200: { description: 'A page of ratings', ...json(AgencyRatingsPage) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await listAgencyRatings(c.get('db'), c.req.valid('param').uscc, c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/ratings/{id}/objections',
      tags,
      security: bearer,
      summary: 'The rated agency objects to a rating (one open objection at a time); the operator decides',
      middleware: [requireRole(...OBJECTORS), guard(authorizeObjection)] as const,
      request: { params: RatingIdParam, body: { ...json(ObjectionBody), required: true } },
      responses: { 201: { description: 'Filed', ...json(RatingObjection) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await fileObjection(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/rating-objections/{id}/decision',
      tags,
      security: bearer,
      summary: 'The operator upholds (the rating is set aside: shown so, no longer counted) or rejects an objection',
      middleware: [requireRole(...OBJECTION_DECIDERS), guard(authorizeObjectionDecision)] as const,
      request: { params: ObjectionIdParam, body: { ...json(ObjectionDecisionBody), required: true } },
      responses: { 200: { description: 'Decided', ...json(RatingObjection) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await decideObjection(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
