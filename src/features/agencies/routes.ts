import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { requireActor } from '../../core/policy.js';
import { requireRole } from '../../http/auth.js';
import type { AppEnv } from '../../http/env.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems, UsccParam } from '../../http/schemas.js';
import { admissionQueue, decideAdmission } from './admission.js';
import { directory } from './directory.js';
import { APPLICANTS, assertOwnProfile, OPERATORS, SUSPENDERS } from './policy.js';
import { applyForAdmission, editProfile, getOwnProfile } from './profile.js';
import { listServices } from './profile-repo.js';
import { agencyProfile } from './public-profile.js';
import {
  AdmissionDecision,
  AdmissionPage,
  AdmissionQueueQuery,
  AgencyEvaluation,
  AgencyProfile,
  AsOfQuery,
  DirectoryPage,
  DirectoryQuery,
  OwnProfile,
  ServiceList,
  Suspension,
} from './response-schemas.js';
import { AgencyRuleSetList, AgencyRuleSetView, NewAgencyRuleSet } from './rule-set-schemas.js';
import { createAgencyRuleSet, listAgencyRuleSets } from './rule-sets.js';
import { AdmissionBody, ApplyBody, EditProfileBody, LiftBody, SuspendBody } from './schemas.js';
import { agencyEvaluation } from './scoring.js';
import { liftSuspension, suspendByRequest } from './suspension.js';

const tags = ['中介超市: agencies'];
const SuspensionIdParam = z.object({
  id: z
    .string()
    .regex(/^sus_[0-9A-Z]{26}$/, 'a suspension id (sus_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** Object authorisation on {uscc} before the body is read: an agency edits only its own profile. */
const ownProfile: MiddlewareHandler<AppEnv> = async (c, next) => {
  assertOwnProfile(requireActor({ actor: c.get('actor') }), (c.req.param('uscc') ?? '').trim().toUpperCase());
  await next();
};

const today = (c: { get(key: 'deps'): AppEnv['Variables']['deps'] }) => c.get('deps').clock.today();

export const agenciesRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/rule-sets',
      tags,
      summary: 'The 中介 evaluation scheme versions (70 + 10 + 20), newest first, and which one is in force today (no token)',
      responses: { 200: { description: 'Every version', ...json(AgencyRuleSetList) } },
    }),
    async (c) => c.json(await listAgencyRuleSets(c.get('db'), today(c)), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/rule-sets',
      tags,
      security: bearer,
      summary: 'Add a 中介 rule set version, in force from effectiveFrom (today at the earliest); versions never change',
      middleware: [requireRole(...OPERATORS)] as const,
      request: { body: { ...json(NewAgencyRuleSet), required: true } },
      responses: { 201: { description: 'The new version', ...json(AgencyRuleSetView) }, ...problems(400, 401, 403, 409, 422) },
    }),
    async (c) => c.json(await createAgencyRuleSet(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/services',
      tags,
      summary: 'The service catalogue of the 超市 (no token)',
      responses: { 200: { description: 'Service items', ...json(ServiceList) } },
    }),
    async (c) => c.json({ items: await listServices(c.get('db')) }, 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/agencies',
      tags,
      security: bearer,
      summary: 'An intermediary applies to the 超市 (入驻) with its subject token; the operator decides within 2 working days',
      middleware: [requireRole(...APPLICANTS)] as const,
      request: { body: { ...json(ApplyBody), required: true } },
      responses: { 201: { description: 'Applied', ...json(OwnProfile) }, ...problems(400, 401, 403, 409, 422) },
    }),
    async (c) => c.json(await applyForAdmission(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/agencies/{uscc}/profile',
      tags,
      security: bearer,
      summary: 'The agency reads its own profile (with the version to edit against)',
      middleware: [requireRole(...APPLICANTS), ownProfile] as const,
      request: { params: UsccParam },
      responses: { 200: { description: 'Its profile', ...json(OwnProfile) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getOwnProfile(c.get('db'), ctxOf(c), c.req.valid('param').uscc), 200),
  )

  .openapi(
    route({
      method: 'put',
      path: '/api/v1/market/agencies/{uscc}/profile',
      tags,
      security: bearer,
      summary: 'The agency edits its own profile whole, against the version it read (stale: 409)',
      middleware: [requireRole(...APPLICANTS), ownProfile] as const,
      request: { params: UsccParam, body: { ...json(EditProfileBody), required: true } },
      responses: { 200: { description: 'Edited', ...json(OwnProfile) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await editProfile(c.get('db'), ctxOf(c), c.req.valid('param').uscc, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/admissions',
      tags,
      security: bearer,
      summary: "The operator's admission queue, earliest due date first, with days left or overdue",
      middleware: [requireRole(...OPERATORS)] as const,
      request: { query: AdmissionQueueQuery },
      responses: { 200: { description: 'A page of applications', ...json(AdmissionPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await admissionQueue(c.get('db'), ctxOf(c), c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/agencies/{uscc}/admission',
      tags,
      security: bearer,
      summary: 'Admit or refuse an application; admitting an agency with a bad record in the last 3 years is 422 naming it',
      middleware: [requireRole(...OPERATORS)] as const,
      request: { params: UsccParam, body: { ...json(AdmissionBody), required: true } },
      responses: { 200: { description: 'Decided', ...json(AdmissionDecision) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await decideAdmission(c.get('db'), ctxOf(c), c.req.valid('param').uscc, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/agencies/{uscc}/suspensions',
      tags,
      security: bearer,
      summary: 'Suspend an agency from the 超市 (operator: any reason; regulator: discipline)',
      middleware: [requireRole(...SUSPENDERS)] as const,
      request: { params: UsccParam, body: { ...json(SuspendBody), required: true } },
      responses: { 201: { description: 'Suspended', ...json(Suspension) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await suspendByRequest(c.get('db'), ctxOf(c), c.req.valid('param').uscc, c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/suspensions/{id}/lift',
      tags,
      security: bearer,
      summary: 'The operator lifts a running suspension, with the reason',
      middleware: [requireRole(...OPERATORS)] as const,
      request: { params: SuspensionIdParam, body: { ...json(LiftBody), required: true } },
      responses: { 200: { description: 'Lifted', ...json(Suspension) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await liftSuspension(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/agencies',
      tags,
      summary: 'The directory of admitted agencies: grade, score, ratings, fee, and whether each may be chosen (no token)',
      request: { query: DirectoryQuery },
      responses: { 200: { description: 'A page of agencies', ...json(DirectoryPage) }, ...problems(400) },
    }),
    async (c) => {
      const { includeRestricted, ...query } = c.req.valid('query');
      return c.json(await directory(c.get('readDb'), { ...query, includeRestricted: includeRestricted === 'true' }, today(c)), 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/agencies/{uscc}',
      tags,
      summary: "An agency's public profile (no token)",
      request: { params: UsccParam },
      responses: { 200: { description: 'The profile', ...json(AgencyProfile) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await agencyProfile(c.get('readDb'), c.req.valid('param').uscc, today(c)), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/agencies/{uscc}/evaluation',
      tags,
      summary: 'The 中介 score (regulators 70 + public credit 10 + social 20) explained line by line, over public facts (no token)',
      request: { params: UsccParam, query: AsOfQuery },
      responses: { 200: { description: 'The score and its lines', ...json(AgencyEvaluation) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await agencyEvaluation(c.get('readDb'), c.req.valid('param').uscc, c.req.valid('query').asOf ?? today(c)), 200),
  );
