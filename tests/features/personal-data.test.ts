import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_EVENT_TYPES } from '../../src/sync/catalogue.js';
import { createRecord, createSubject, DEPT_A, publishedEntry, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Personal data planted in every field the public or the city platform receives, in every way it is
 * written, must not come out: the public profile, the public search and lists, the signed status (and
 * its JWS payload), and the payload of every public outbox event. A variant "survives" when its
 * hidden part (`secret`: the birth date of an ID number, the middle digits of a phone or card number,
 * the name part of an e-mail address) can still be read in an output string once full-width characters,
 * spaces, dashes and brackets are taken out. And the name fields refuse every variant at input.
 */
type Variant = { label: string; text: string; secret: string };

const fullWidth = (s: string) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

const ID = '11010519491231002X'; // GB 11643's own example: born 1949-12-31
const OLD_ID = '110105491231002'; // the 15-digit form of the same person
const MOBILE = '13987654321';
const CARD = '6222021234567890123';

const VARIANTS: Variant[] = [
  // ID numbers: plain, glued to letters or Chinese, lower-case x, spaced, dashed, full-width, zero-width joined, 15 digits.
  { label: 'ID', text: ID, secret: '19491231' },
  { label: 'ID glued to letters', text: `ID${ID}abc`, secret: '19491231' },
  { label: 'ID glued to Chinese', text: `身份证号${ID}号`, secret: '19491231' },
  { label: 'ID lower-case x', text: ID.toLowerCase(), secret: '19491231' },
  { label: 'ID with spaces', text: '110105 19491231 002X', secret: '19491231' },
  { label: 'ID in fours', text: '1101 0519 4912 3100 2X', secret: '19491231' },
  { label: 'ID with dashes', text: '110105-1949-1231-002X', secret: '19491231' },
  { label: 'ID full-width', text: fullWidth(ID), secret: '19491231' },
  { label: 'ID with zero-width spaces', text: `110105\u200b19491231\u200b002X`, secret: '19491231' },
  { label: 'ID 15 digits', text: OLD_ID, secret: '491231' },
  { label: 'ID 15 digits spaced', text: '110105 491231 002', secret: '491231' },
  { label: 'ID 15 digits full-width', text: fullWidth(OLD_ID), secret: '491231' },
  // Mobiles: plain, +86 / 0086 / 86, spaced, dashed, bracketed, full-width, glued to letters.
  { label: 'mobile', text: MOBILE, secret: '1398765' },
  { label: 'mobile +86', text: `+86${MOBILE}`, secret: '1398765' },
  { label: 'mobile +86 spaced', text: '+86 139 8765 4321', secret: '1398765' },
  { label: 'mobile (+86)', text: '(+86)139-8765-4321', secret: '1398765' },
  { label: 'mobile 0086 dashed', text: '0086-139-8765-4321', secret: '1398765' },
  { label: 'mobile 0086 glued', text: `0086${MOBILE}`, secret: '1398765' },
  { label: 'mobile 86 glued', text: `86${MOBILE}`, secret: '1398765' },
  { label: 'mobile dashed', text: '139-8765-4321', secret: '1398765' },
  { label: 'mobile spaced', text: '139 8765 4321', secret: '1398765' },
  { label: 'mobile full-width', text: fullWidth(MOBILE), secret: '1398765' },
  { label: 'mobile full-width +86', text: fullWidth('+86 139 8765 4321'), secret: '1398765' },
  { label: 'mobile glued to letters', text: `tel${MOBILE}ok`, secret: '1398765' },
  // Landlines: with area code in every usual shape, or after a label.
  { label: 'landline', text: '024-83456789', secret: '0248345' },
  { label: 'landline bracketed', text: '(024) 8345 6789', secret: '0248345' },
  { label: 'landline full-width', text: fullWidth('(024)83456789'), secret: '0248345' },
  { label: 'landline 4-digit area', text: '0411-8345 6789', secret: '04118345' },
  { label: 'landline +86', text: '+86 24 8345 6789', secret: '86248345' },
  { label: 'landline after a label', text: '联系电话：8345 6789', secret: '834567' },
  // E-mail addresses and bank card numbers.
  { label: 'e-mail', text: 'wang.jianguo@example.com', secret: 'wang.jianguo' },
  { label: 'e-mail upper case', text: 'WANG.JIANGUO@EXAMPLE.COM', secret: 'wang.jianguo' },
  { label: 'e-mail full-width', text: fullWidth('wang.jianguo@example.com'), secret: 'wang.jianguo' },
  { label: 'bank card 19', text: CARD, secret: '23456789' },
  { label: 'bank card in fours', text: '6222 0212 3456 7890', secret: '02123456' },
  { label: 'bank card dashed', text: '6222-0212-3456-7890-123', secret: '23456789' },
  { label: 'bank card full-width', text: fullWidth(CARD), secret: '23456789' },
];

/** Every string in a JSON value with its path. */
function strings(value: unknown, at = '$'): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

const readable = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u200b-\u200d\ufeff\-()（）+]/g, '');

/** The paths of the output strings in which the secret can still be read. */
function leaks(output: unknown, secret: string): string[] {
  return strings(output)
    .filter(([, text]) => readable(text).includes(secret))
    .map(([path, text]) => `${path}: ${text.slice(0, 120)}`);
}

let h: Harness;
let regulator: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness(); // today: 2026-11-20
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
});
afterAll(async () => {
  await h.close();
});

/** A subject carrying the variant in every field that can hold text: names (stored past the input check), a record, a published entry, a commitment. */
async function plant(v: Variant, i: number) {
  const subject = await createSubject(h, regulator);
  // The name fields refuse this at input (below); data stored before the check, or arriving another way, must still be masked.
  await h.db
    .updateTable('credit.subjects')
    .set({ name: `某某${v.text}咨询有限公司`, legal_representative: `王${v.text}`, previous_names: [`旧名${v.text}有限公司`] })
    .where('id', '=', subject.id)
    .execute();
  const patched = await h.request('PATCH', `/api/v1/subjects/${subject.uscc}`, { token: regulator, body: { region: '210103' } });
  expect(patched.status, show(patched)).toBe(200);
  const record = await createRecord(h, regulator, subject.uscc, {
    severity: 'serious',
    decidedOn: '2026-11-02',
    facts: `负责人 ${v.text} 出具虚假评估报告`,
    basis: `举报人 ${v.text} 提供的材料`,
    documentNo: `沈人防罚〔2026〕${900 + i}号 ${v.text}`,
    penalties: [{ type: '罚款', content: `罚款 2 万元，缴款人 ${v.text}` }],
  });
  await publishedEntry(
    h,
    { regulator, reviewer },
    {
      subjectUscc: subject.uscc,
      list: 'black',
      recordIds: [record.id],
      validUntil: '2027-11-01',
      reason: `经办人 ${v.text} 出具虚假报告`,
      basis: `依据 ${v.text}`,
      documentNo: `沈人防列〔2026〕${900 + i}号 ${v.text}`,
    },
  );
  const commitment = await h.request('POST', '/api/v1/commitments', {
    token: regulator,
    body: {
      subjectUscc: subject.uscc,
      type: 'credit_repair',
      reason: `联系人 ${v.text}`,
      content: `承诺人 ${v.text} 承诺整改`,
      liability: `违诺由 ${v.text} 承担`,
      madeOn: '2026-11-20',
      acceptingUnitName: `沈阳市人民防空办公室 ${v.text}`,
      publicity: 'public',
    },
  });
  expect(commitment.status, show(commitment)).toBe(201);
  return subject;
}

async function publicOutputs(subject: { id: string; uscc: string }) {
  const profile = await h.request('GET', `/api/v1/public/subjects/${subject.uscc}`);
  const search = await h.request('GET', `/api/v1/public/subjects?q=${subject.uscc}`);
  const lists = await h.request('GET', '/api/v1/public/list-entries?list=black&limit=200');
  const status = await h.request('GET', `/api/v1/public/subjects/${subject.uscc}/status?on=2026-11-20`);
  for (const res of [profile, search, lists, status]) expect(res.status, show(res)).toBe(200);
  const jwsPayload = JSON.parse(Buffer.from(status.body.jws.split('.')[1], 'base64url').toString('utf8'));
  const events = await h.db
    .selectFrom('sync.events')
    .select(['type', 'payload'])
    .where('subject_id', '=', subject.id)
    .where('type', 'in', [...PUBLIC_EVENT_TYPES])
    .execute();
  return {
    profile: profile.body,
    search: search.body,
    lists: lists.body.items.filter((e: { subjectUscc: string }) => e.subjectUscc === subject.uscc),
    status: status.body.status,
    jwsPayload,
    events: events.map((e) => ({ type: e.type, payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload })),
  };
}

describe('personal data in public output', () => {
  it.each(VARIANTS.map((v, i) => ({ ...v, i })))('masks $label in every public field', async (v) => {
    const subject = await plant(v, v.i);
    const outputs = await publicOutputs(subject);
    // The plant took: each output carries the fields the variant was put in.
    expect(outputs.profile.records).toHaveLength(1);
    expect(outputs.profile.listEntries).toHaveLength(1);
    expect(outputs.search.items).toHaveLength(1);
    expect(outputs.lists).toHaveLength(1);
    expect(outputs.status.entries).toHaveLength(1);
    expect(outputs.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['subject.updated', 'record.created', 'list_entry.published', 'commitment.created']),
    );
    expect(leaks(outputs, readable(v.secret)), `${v.label} (${v.text}) survives`).toEqual([]);
  });

  it.each(VARIANTS)('refuses $label in a name at input', async (v) => {
    for (const [field, value] of [
      ['legalRepresentative', `王${v.text}`],
      ['name', `某某${v.text}咨询有限公司`],
    ] as const) {
      const res = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody({ [field]: value }) });
      expect(res.status, `${field} = ${value}: ${show(res)}`).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
  });

  it('keeps names without identifiers, and organisation codes, readable', async () => {
    const res = await h.request('POST', '/api/v1/subjects', {
      token: regulator,
      body: subjectBody({ name: '沈阳第2工程咨询有限公司', legalRepresentative: '欧阳·娜娜' }),
    });
    expect(res.status, show(res)).toBe(201);
    const profile = (await h.request('GET', `/api/v1/public/subjects/${res.body.uscc}`)).body;
    expect(profile).toMatchObject({ uscc: res.body.uscc, name: '沈阳第2工程咨询有限公司', legalRepresentative: '欧阳·娜娜' });
  });
});
