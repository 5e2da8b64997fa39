import { ANY_ROLE, requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems, UsccParam } from '../../http/schemas.js';
import { CANDIDATE_READERS, RULE_READERS, RULE_SETTERS, RUNNERS } from './policy.js';
import { listRuleSets } from './rule-set-list.js';
import { RuleSetListQuery, RuleSetPage } from './rule-set-schemas.js';
import { AsOfQuery, Candidates, CandidatesQuery, Evaluation, GradeHistory, NewRuleSet, RuleSetView, Run, RunBody } from './schemas.js';
import * as evaluation from './service.js';

const tags = ['Evaluation'];

export const evaluationRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/subjects/{uscc}/evaluation',
      tags,
      security: bearer,
      summary: 'Score and grade as of a date, with a line for every point',
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { params: UsccParam, query: AsOfQuery },
      responses: { 200: { description: 'The evaluation', ...json(Evaluation) }, ...problems(400, 401, 403, 404, 422) },
    }),
    async (c) => {
      const asOf = c.req.valid('query').asOf ?? c.get('deps').clock.today();
      return c.json(await evaluation.evaluateSubject(c.get('db'), c.get('actor')!, c.req.valid('param').uscc, asOf), 200);
    },
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/evaluations/runs',
      tags,
      security: bearer,
      summary: 'Evaluate every subject as of the end of a year and keep the grades',
      middleware: [requireRole(...RUNNERS)] as const,
      request: { body: { ...json(RunBody), required: true } },
      responses: { 201: { description: 'The run', ...json(Run) }, ...problems(400, 401, 403, 409, 422) },
    }),
    async (c) => {
      const { year, ...again } = c.req.valid('json');
      return c.json(await evaluation.runYear(c.get('db'), ctxOf(c), year, again), 201);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/subjects/{uscc}/grades',
      tags,
      security: bearer,
      summary: 'Grades fixed by the yearly runs',
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { params: UsccParam },
      responses: { 200: { description: 'Newest year first', ...json(GradeHistory) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await evaluation.gradeHistory(c.get('db'), c.get('actor')!, c.req.valid('param').uscc), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/evaluation/rule-sets',
      tags,
      security: bearer,
      summary: 'Add a rule set version (old evaluations keep theirs)',
      middleware: [requireRole(...RULE_SETTERS)] as const,
      request: { body: { ...json(NewRuleSet), required: true } },
      responses: { 201: { description: 'The new version', ...json(RuleSetView) }, ...problems(400, 401, 403, 409, 422) },
    }),
    async (c) => c.json(await evaluation.createRuleSet(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/evaluation/rule-sets',
      tags,
      security: bearer,
      summary: 'The rule set versions, newest first, and which one is in force today',
      middleware: [requireRole(...RULE_READERS)] as const,
      request: { query: RuleSetListQuery },
      responses: { 200: { description: 'A page of rule sets', ...json(RuleSetPage) }, ...problems(400, 401) },
    }),
    async (c) => c.json(await listRuleSets(c.get('db'), ctxOf(c).actor, c.req.valid('query'), c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/list-candidates',
      tags,
      security: bearer,
      summary: 'Suggested subjects for a red or black list, with reasons (a person decides)',
      middleware: [requireRole(...CANDIDATE_READERS)] as const,
      request: { query: CandidatesQuery },
      responses: { 200: { description: 'Candidates', ...json(Candidates) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await evaluation.listCandidates(c.get('db'), ctxOf(c).actor, c.get('deps').clock.today(), q.list, q.limit, q.cursor),
        200,
      );
    },
  );
