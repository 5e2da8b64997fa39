import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { agencyProfile, DirectoryQuery, directory, listServices, publicOffersOf } from '../../features/agencies/index.js';
import { getAnnouncement, listAnnouncements, PUBLIC_STATES, selectionProof, selectionView } from '../../features/announcements/index.js';
import { listAgencyRatings } from '../../features/ratings/index.js';
import { fileReport, ReportBody, TRACKING_NO, trackReport } from '../../features/reports/index.js';
import type { AppEnv } from '../../http/env.js';
import { type FormErrors, type FormValues, formErrorsOf, formStatus, optional, readForm, validateForm } from '../forms.js';
import { AgencyPage } from './agency-page.js';
import { AnnouncementListPage, AnnouncementPage } from './announcement-pages.js';
import { DirectoryPage, type DirectoryRows, type OffersByAgency } from './directory-page.js';
import { workDraw } from './draw-proof.js';
import { ReportFormPage, ReportReceivedPage, ReportStatusPage } from './report-pages.js';
import { usccProblem } from './words.js';

/**
 * The 中介超市 for anyone, without signing in and without JavaScript: the directory, an agency's page,
 * the announcements with their results and draw proofs, and the report form with its tracking page.
 * Every page calls the verbs the public API calls (GET /api/v1/market/...), with no actor: a signed-in
 * visitor sees the same public facts as everyone else.
 */

const today = (c: Context<AppEnv>) => c.get('deps').clock.today();
const DIRECTORY_PAGE = 20;
const LIST_PAGE = 20;
const RATINGS_PAGE = 10;

/** The query string's text fields, trimmed (a repeated name keeps its first value). */
function queryValues(c: Context<AppEnv>, names: string[]): FormValues {
  const values: FormValues = {};
  for (const name of names) values[name] = (c.req.query(name) ?? '').trim();
  return values;
}

/** A page's own query without empty fields, for the matching JSON API link. */
const searchOf = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const text = search.toString();
  return text ? `?${text}` : '';
};

async function directoryPage(c: Context<AppEnv>) {
  const db = c.get('readDb');
  const values = queryValues(c, ['service', 'region', 'minGrade', 'q', 'sort', 'includeRestricted']);
  values.sort ||= 'credit';
  const query = {
    service: optional(values.service),
    region: optional(values.region),
    minGrade: optional(values.minGrade),
    q: optional(values.q),
    sort: values.sort,
    includeRestricted: values.includeRestricted === 'true' ? 'true' : undefined,
    cursor: optional(c.req.query('cursor')),
    limit: optional(c.req.query('limit')) ?? String(DIRECTORY_PAGE),
  };
  const services = await listServices(db);
  let errors: FormErrors = {};
  let page: DirectoryRows | null = null;
  let offers: OffersByAgency = new Map();
  const valid = validateForm(DirectoryQuery, query);
  if (!valid.ok) errors = valid.errors;
  else {
    const { includeRestricted, ...rest } = valid.data;
    try {
      page = await directory(db, { ...rest, includeRestricted: includeRestricted === 'true' }, today(c));
      offers = await publicOffersOf(
        db,
        page.items.map((r) => r.uscc),
      );
    } catch (error) {
      const refused = formErrorsOf(error);
      if (!refused) throw error;
      errors = refused;
    }
  }
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  return c.html(
    <DirectoryPage
      actor={c.get('actor')}
      url={c.req.url}
      values={values}
      errors={errors}
      services={services}
      today={today(c)}
      page={page}
      offers={offers}
      apiSearch={searchOf(filters)}
    />,
    page ? 200 : 400,
  );
}

async function agencyPage(c: Context<AppEnv>) {
  const db = c.get('readDb');
  const uscc = c.req.param('uscc')!.trim().toUpperCase();
  const profile = await agencyProfile(db, uscc, today(c));
  const ratings = await listAgencyRatings(db, uscc, { limit: RATINGS_PAGE, cursor: optional(c.req.query('cursor')) });
  return c.html(<AgencyPage actor={c.get('actor')} url={c.req.url} profile={profile} ratings={ratings} />);
}

const AnnouncementQuery = z.object({
  state: z.enum(PUBLIC_STATES as [string, ...string[]]).optional(),
  service: z.string().max(40).optional(),
  cursor: z.string().max(200).optional(),
});

async function announcementList(c: Context<AppEnv>) {
  const db = c.get('readDb');
  const values = queryValues(c, ['state', 'service']);
  const services = await listServices(db);
  const valid = validateForm(AnnouncementQuery, {
    state: optional(values.state),
    service: optional(values.service),
    cursor: optional(c.req.query('cursor')),
  });
  let errors: FormErrors = {};
  let page: Awaited<ReturnType<typeof listAnnouncements>> | null = null;
  if (!valid.ok) errors = valid.errors;
  else {
    try {
      page = await listAnnouncements(db, { ...(valid.data as Parameters<typeof listAnnouncements>[1]), limit: LIST_PAGE });
    } catch (error) {
      const refused = formErrorsOf(error);
      if (!refused) throw error;
      errors = refused;
    }
  }
  return c.html(
    <AnnouncementListPage
      actor={c.get('actor')}
      url={c.req.url}
      values={values}
      errors={errors}
      states={PUBLIC_STATES}
      services={services}
      page={page}
    />,
    page ? 200 : 400,
  );
}

async function announcementPage(c: Context<AppEnv>) {
  const db = c.get('readDb');
  // No actor: the page shows the public view even to the announcement's owner.
  const a = await getAnnouncement(db, undefined, c.req.param('id')!);
  const [sel, proof, services] = await Promise.all([
    a.result ? selectionView(db, a.result.selectionId) : null,
    a.result?.proof ? selectionProof(db, a.result.selectionId) : null,
    listServices(db),
  ]);
  const draw = proof ? await workDraw(proof) : null;
  return c.html(<AnnouncementPage actor={c.get('actor')} a={a} sel={sel} draw={draw} services={services} />);
}

/** The report body from the form's fields, as the API takes it. */
function reportBody(form: FormValues) {
  return {
    agencyUscc: form.agencyUscc ?? '',
    facts: form.facts ?? '',
    contact: { name: form['contact.name'] ?? '', phone: form['contact.phone'] ?? '' },
  };
}

const REPORT_FIELDS = ['agencyUscc', 'facts', 'contact.name', 'contact.phone'];

async function fileReportPage(c: Context<AppEnv>) {
  const form = await readForm(c);
  const values: FormValues = Object.fromEntries(REPORT_FIELDS.map((name) => [name, form[name] ?? '']));
  const valid = validateForm(ReportBody, reportBody(form));
  if (!valid.ok) {
    const errors = valid.errors;
    const wrongCode = errors.agencyUscc && values.agencyUscc ? usccProblem(values.agencyUscc) : null;
    if (wrongCode) errors.agencyUscc = wrongCode;
    return c.html(<ReportFormPage actor={c.get('actor')} values={values} errors={errors} />, 400);
  }
  try {
    const receipt = await fileReport(c.get('db'), { clock: c.get('deps').clock, requestId: c.get('requestId') }, valid.data);
    return c.redirect(`/market/report/${receipt.trackingNo}/received`, 303);
  } catch (error) {
    const refused = formErrorsOf(error);
    if (!refused) throw error;
    // The verb names the field at the start of its message when the code is no agency of the 超市.
    const errors: FormErrors =
      error instanceof DomainError && error.message.startsWith('agencyUscc:')
        ? { agencyUscc: '中介超市中没有这个统一社会信用代码的机构，请核对' }
        : refused;
    return c.html(<ReportFormPage actor={c.get('actor')} values={values} errors={errors} />, formStatus(error));
  }
}

/** A tracking number from the path or the lookup form, or null when it cannot be one. */
function trackingNo(value: string | undefined): string | null {
  const no = (value ?? '').trim().toUpperCase();
  return TRACKING_NO.test(no) ? no : null;
}

async function trackedReport(c: Context<AppEnv>) {
  const no = trackingNo(c.req.param('trackingNo'));
  if (!no) throw new DomainError('NOT_FOUND', `没有受理编号为 ${c.req.param('trackingNo')} 的举报：受理编号形如 JB20261120XXXXXXXXXX`);
  return trackReport(c.get('readDb'), no);
}

export const marketPages = new Hono<AppEnv>()
  .get('/market', directoryPage)
  .get('/market/agencies/:uscc', agencyPage)
  .get('/market/announcements', announcementList)
  .get('/market/announcements/:id', announcementPage)
  .get('/market/report', (c) =>
    c.html(<ReportFormPage actor={c.get('actor')} values={{ agencyUscc: (c.req.query('agencyUscc') ?? '').trim() }} errors={{}} />),
  )
  .post('/market/report', fileReportPage)
  .get('/market/report/lookup', (c) => {
    const given = (c.req.query('trackingNo') ?? '').trim();
    const no = trackingNo(given);
    if (no) return c.redirect(`/market/report/${no}`, 303);
    const lookup = { values: { trackingNo: given }, errors: { trackingNo: given ? '受理编号形如 JB20261120XXXXXXXXXX' : '必填' } };
    return c.html(<ReportFormPage actor={c.get('actor')} values={{}} errors={{}} lookup={lookup} />, 400);
  })
  .get('/market/report/:trackingNo/received', async (c) =>
    c.html(<ReportReceivedPage actor={c.get('actor')} report={await trackedReport(c)} />),
  )
  .get('/market/report/:trackingNo', async (c) => c.html(<ReportStatusPage actor={c.get('actor')} report={await trackedReport(c)} />));
