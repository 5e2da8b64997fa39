import { type Context, Hono } from 'hono';
import { DomainError } from '../../core/errors.js';
import {
  listStatus,
  PublicSearchQuery,
  PublishedEntriesQuery,
  publicProfile,
  publishedEntries,
  publishingDepartments,
  searchPublicSubjects,
} from '../../features/public/index.js';
import type { AppEnv } from '../../http/env.js';
import { IsoDate } from '../../http/schemas.js';
import { parseUscc } from '../../lib/uscc.js';
import { errorPage } from '../error-page.js';
import { type FormValues, optional, validateForm } from '../forms.js';
import { siteOrigin } from '../session.js';
import { ListPage } from './list-page.js';
import { HomePage, SearchPage } from './lookup-pages.js';
import { StatusPage } from './status-page.js';
import { SubjectPage } from './subject-page.js';

/** Rows per page of the public lists and the search unless the address says `limit` (the API's default is larger). */
const PAGE_SIZE = 20;

const queryOf = (c: Context<AppEnv>, name: string) => c.req.query(name)?.trim();

/**
 * The code in the address, checked as the API checks it: a wrong one is a 400 page that says which
 * character to look at; a lower-case one is sent on to its canonical address.
 */
function subjectCode(c: Context<AppEnv>, rest = ''): { uscc: string } | { response: Response | Promise<Response> } {
  const raw = c.req.param('uscc') ?? '';
  const parsed = parseUscc(raw.trim().toUpperCase());
  if (!parsed.ok) {
    return {
      response: errorPage(
        c,
        400,
        '统一社会信用代码有误',
        `“${raw}”不是有效的统一社会信用代码：第 ${parsed.position} 位不符合编码规则（GB 32100-2015）。请核对后重新输入。`,
      ),
    };
  }
  if (parsed.value !== raw) {
    return { response: c.redirect(`/subjects/${parsed.value}${rest}${new URL(c.req.url).search}`, 301) };
  }
  return { uscc: parsed.value };
}

/** A verb's "no such subject" as the page a reader understands; anything else goes to the pages' error handler. */
async function orNoSubject<T>(c: Context<AppEnv>, uscc: string, read: () => Promise<T>): Promise<T | Response> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') {
      return errorPage(c, 404, '未找到该信用主体', `没有统一社会信用代码为 ${uscc} 的信用主体。请核对代码，或按名称查询。`);
    }
    throw error;
  }
}

/**
 * The public credit lookup (信用查询) and the published lists: anyone, no sign-in, no JavaScript. Each
 * page calls the verb its /api/v1/public/* twin calls and validates its query with the same schema,
 * so a page shows exactly what the API discloses.
 */
export const publicPages = new Hono<AppEnv>()
  .get('/', (c) => c.html(<HomePage actor={c.get('actor')} />))

  .get('/search', async (c) => {
    const actor = c.get('actor');
    const q = c.req.query('q');
    if (q === undefined) return c.html(<SearchPage actor={actor} values={{}} errors={{}} result={null} url={c.req.url} />);
    const values: FormValues = { q };
    const checked = validateForm(PublicSearchQuery, { q, limit: queryOf(c, 'limit') || PAGE_SIZE, cursor: optional(queryOf(c, 'cursor')) });
    if (!checked.ok) return c.html(<SearchPage actor={actor} values={values} errors={checked.errors} result={null} url={c.req.url} />, 400);
    const result = await searchPublicSubjects(c.get('readDb'), checked.data);
    return c.html(<SearchPage actor={actor} values={values} errors={{}} result={result} url={c.req.url} />);
  })

  .get('/subjects/:uscc', async (c) => {
    const code = subjectCode(c);
    if ('response' in code) return code.response;
    const today = c.get('deps').clock.today();
    const profile = await orNoSubject(c, code.uscc, () => publicProfile(c.get('readDb'), code.uscc, today).then((r) => r.profile));
    if (profile instanceof Response) return profile;
    return c.html(<SubjectPage actor={c.get('actor')} profile={profile} today={today} />);
  })

  .get('/subjects/:uscc/status', async (c) => {
    const code = subjectCode(c, '/status');
    if ('response' in code) return code.response;
    const { clock, proofSigner } = c.get('deps');
    const on = queryOf(c, 'on') || clock.today();
    const page = { actor: c.get('actor'), uscc: code.uscc, values: { on }, origin: siteOrigin(c) };
    const day = IsoDate.safeParse(on);
    if (!day.success) {
      return c.html(<StatusPage {...page} errors={{ on: '请按 YYYY-MM-DD 填写一个实际存在的日期' }} signed={null} />, 400);
    }
    const signed = await orNoSubject(c, code.uscc, () => listStatus(c.get('db'), proofSigner, code.uscc, day.data, clock.now()));
    if (signed instanceof Response) return signed;
    return c.html(<StatusPage {...page} errors={{}} signed={signed} />);
  })

  .get('/lists/:list{red|black}', async (c) => {
    const list = c.req.param('list') as 'red' | 'black';
    const db = c.get('readDb');
    const today = c.get('deps').clock.today();
    const values: FormValues = { q: queryOf(c, 'q') ?? '', department: queryOf(c, 'department') ?? '' };
    const departments = await publishingDepartments(db, list, today);
    const page = { actor: c.get('actor'), list, today, values, departments, url: c.req.url };
    const checked = validateForm(PublishedEntriesQuery, {
      list,
      q: optional(values.q),
      department: optional(values.department),
      limit: queryOf(c, 'limit') || PAGE_SIZE,
      cursor: optional(queryOf(c, 'cursor')),
    });
    if (!checked.ok) return c.html(<ListPage {...page} errors={checked.errors} result={null} />, 400);
    return c.html(<ListPage {...page} errors={{}} result={await publishedEntries(db, checked.data, today)} />);
  });
