import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { OPERATORS } from './policy.js';
import { AuditVerification, LedgerVerification, SweepRun } from './schemas.js';
import * as admin from './service.js';

const tags = ['Administration'];

/** What `npm run sweep`, `audit:verify` and `ledger:verify` do, for a running service. */
export const adminRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/admin/sweep',
      tags,
      security: bearer,
      summary: 'Run the daily sweep now (as npm run sweep; idempotent)',
      middleware: [requireRole(...OPERATORS)] as const,
      responses: {
        200: { description: 'What the sweep changed and what waits for a person', ...json(SweepRun) },
        ...problems(401, 403, 409),
      },
    }),
    async (c) =>
      c.json(await admin.runSweep(c.get('db'), ctxOf(c), { drawSources: c.get('deps').drawSources, sync: c.get('deps').sync }), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/admin/audit/verify',
      tags,
      security: bearer,
      summary: 'Verify the audit hash chain (as npm run audit:verify)',
      middleware: [requireRole(...OPERATORS)] as const,
      responses: { 200: { description: 'ok, or the first broken link', ...json(AuditVerification) }, ...problems(401, 403) },
    }),
    async (c) => c.json(await admin.verifyAuditChain(c.get('db'), ctxOf(c)), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/admin/ledger/verify',
      tags,
      security: bearer,
      summary: "Check the arrears ledger's invariants (as npm run ledger:verify)",
      middleware: [requireRole(...OPERATORS)] as const,
      responses: { 200: { description: 'ok, or what does not hold', ...json(LedgerVerification) }, ...problems(401, 403) },
    }),
    async (c) => c.json(await admin.verifyArrearsLedger(c.get('db'), ctxOf(c)), 200),
  );
