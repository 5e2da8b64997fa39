import { Hono } from 'hono';
import { fail } from '../../core/errors.js';
import {
  aging,
  contractDetail,
  contractEntries,
  contractInterest,
  ledgerTotals,
  listContracts,
  listTasks,
  progress,
  READERS,
  SUPERVISORS,
} from '../../features/arrears/index.js';
import type { AppEnv } from '../../http/env.js';
import { ctxOf } from '../../http/router.js';
import { isIsoDate, yearEnd } from '../../lib/dates.js';
import type { FormErrors } from '../forms.js';
import { requirePageRole } from '../session.js';
import { ContractList, ContractView } from './contract-pages.js';
import { Dashboard } from './dashboard.js';

const CONTRACT_ID = /^con_[0-9A-Z]{26}$/;
const PAGE_SIZE = 20;

/** A date field of a GET form: its value, or the default with the field named as wrong. */
function dateField(value: string | undefined, fallback: string, name: string, errors: FormErrors): string {
  const given = value?.trim();
  if (!given) return fallback;
  if (isIsoDate(given)) return given;
  errors[name] = '请填写有效日期（YYYY-MM-DD）';
  return fallback;
}

/**
 * 拖欠账款台账 for finance and the supervisors (the arrears policy's SUPERVISORS): the dashboard over
 * the reports, the contracts and each contract's ledger. A contractor (subject) reads its own contracts
 * here as through the API; the verbs check every object again.
 */
export const arrearsPages = new Hono<AppEnv>()
  .get('/console/arrears', requirePageRole(...SUPERVISORS), async (c) => {
    const { actor } = ctxOf(c);
    const db = c.get('db');
    const today = c.get('deps').clock.today();
    const query = c.req.query();
    const errors: FormErrors = {};
    const on = dateField(query.on, today, 'on', errors);
    let baseline = dateField(query.baseline, yearEnd(Number(on.slice(0, 4)) - 1), 'baseline', errors);
    if (baseline >= on && !errors.baseline) {
      errors.baseline = `须早于统计截至日期 ${on}`;
      baseline = yearEnd(Number(on.slice(0, 4)) - 1);
    }
    const [report, totals, cleared, tasks] = await Promise.all([
      aging(db, actor, on, 'body'),
      ledgerTotals(db, actor, on),
      progress(db, actor, baseline, on),
      listTasks(db, actor, today, true),
    ]);
    return c.html(
      <Dashboard
        actor={actor}
        today={today}
        on={on}
        baseline={baseline}
        values={{ on: query.on ?? on, baseline: query.baseline ?? baseline }}
        errors={errors}
        report={report}
        totals={totals}
        progress={cleared}
        tasks={tasks}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  })

  .get('/console/arrears/contracts', requirePageRole(...READERS), async (c) => {
    const { actor } = ctxOf(c);
    const query = c.req.query();
    const values = { body: query.body?.trim() ?? '', contractor: query.contractor?.trim() ?? '' };
    const page = await listContracts(c.get('db'), actor, PAGE_SIZE, query.cursor || undefined, {
      body: values.body || undefined,
      contractor: values.contractor || undefined,
    });
    return c.html(<ContractList actor={actor} url={c.req.url} values={values} page={page} />);
  })

  .get('/console/arrears/contracts/:id', requirePageRole(...READERS), async (c) => {
    const { actor } = ctxOf(c);
    const id = c.req.param('id');
    if (!CONTRACT_ID.test(id)) throw fail.notFound(`contract ${id}`);
    const db = c.get('db');
    const today = c.get('deps').clock.today();
    const query = c.req.query();
    const errors: FormErrors = {};
    const on = dateField(query.on, today, 'on', errors);
    // The detail reads and checks the contract first: a stranger learns nothing from the rest.
    const detail = await contractDetail(db, actor, id, today);
    const [entries, interest] = await Promise.all([contractEntries(db, actor, id), contractInterest(db, actor, id, on)]);
    return c.html(
      <ContractView
        actor={actor}
        today={today}
        values={{ on: query.on ?? on }}
        errors={errors}
        detail={detail}
        entries={entries}
        interest={interest}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  });
