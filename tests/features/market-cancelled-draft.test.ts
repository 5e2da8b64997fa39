import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { draft, published } from '../helpers/market-announcements.js';
import { getPage } from '../helpers/web.js';

/**
 * An announcement is public only once it was published. A draft its owner cancelled before publishing
 * it stays the owner's: neither the API nor the pages show it to anyone else, nor its cancel note; an
 * announcement cancelled after publication stays public with the reason given.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let owner: string;
let stranger: string;
let agency: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  owner = await h.tokens.sign('applicant', { sub: 'applicant:cancelled-draft-owner' });
  stranger = await h.tokens.sign('applicant', { sub: 'applicant:cancelled-draft-stranger' });
  agency = await h.tokens.sign('subject', { uscc: '91210102QY90000187' });
});
afterAll(async () => h.close());

async function cancel(id: string, reason: string) {
  const res = await h.request('POST', `/api/v1/market/announcements/${id}/cancel`, { token: owner, body: { reason } });
  expect(res.status, `cancel: ${show(res)}`).toBe(200);
  expect(res.body.state).toBe('cancelled');
  return res.body;
}

const idsOf = (body: { items: { id: string }[] }) => body.items.map((a) => a.id);

describe('a draft cancelled before publication', () => {
  let id: string;
  const note = '内部调整，暂不采购（草稿撤回）';

  beforeAll(async () => {
    id = (await draft(h, owner)).id;
    await cancel(id, note);
  });

  it('is not found on the public read, to anyone but its owner', async () => {
    for (const token of [undefined, stranger, agency]) {
      const res = await h.request('GET', `/api/v1/market/announcements/${id}`, token ? { token } : {});
      expect(res.status, show(res)).toBe(404);
      expect(res.text).not.toContain(note);
    }
  });

  it('is absent from the public list, also filtered by the cancelled state', async () => {
    for (const path of ['/api/v1/market/announcements?limit=100', '/api/v1/market/announcements?state=cancelled&limit=100']) {
      const res = await h.request('GET', path);
      expect(res.status, show(res)).toBe(200);
      expect(idsOf(res.body)).not.toContain(id);
      expect(res.text).not.toContain(note);
    }
  });

  it('has no public page and is not listed on the announcements page', async () => {
    const page = await getPage(h, `/market/announcements/${id}`);
    expect(page.status).toBe(404);
    expect(page.text).not.toContain(note);
    const signedIn = await getPage(h, `/market/announcements/${id}`, owner);
    expect(signedIn.status).toBe(404);
    for (const path of ['/market/announcements', '/market/announcements?state=cancelled']) {
      const list = await getPage(h, path);
      expect(list.status).toBe(200);
      expect(list.html).not.toContain(id);
    }
  });

  it('is refused to an agency as unknown, not as closed', async () => {
    const signup = await h.request('POST', `/api/v1/market/announcements/${id}/signups`, { token: agency, body: {} });
    expect(signup.status, show(signup)).toBe(404);
    const bid = await h.request('POST', `/api/v1/market/announcements/${id}/bids`, { token: agency, body: { amountFen: '200000' } });
    expect(bid.status, show(bid)).toBe(404);
  });

  it('is still its owner’s: in its own list, on its own read and in its console with the note', async () => {
    const read = await h.request('GET', `/api/v1/market/announcements/${id}`, { token: owner });
    expect(read.status, show(read)).toBe(200);
    expect(read.body).toMatchObject({ state: 'cancelled', publishedAt: null });
    expect(read.body.steps.at(-1)).toMatchObject({ from: 'draft', to: 'cancelled', note });
    const mine = await h.request('GET', '/api/v1/market/my/announcements?state=cancelled', { token: owner });
    expect(idsOf(mine.body)).toContain(id);

    const console = await getPage(h, `/console/announcements/${id}`, owner);
    expect(console.status).toBe(200);
    expect(console.text).toContain(note);
    // No link to a public page that does not exist.
    expect(console.html).not.toContain(`href="/market/announcements/${id}"`);
    const list = await getPage(h, '/console/announcements', owner);
    expect(list.html).toContain(`/console/announcements/${id}`);
    expect((await getPage(h, `/console/announcements/${id}`, stranger)).status).toBe(403);
  });
});

describe('an announcement cancelled after publication', () => {
  let id: string;
  const note = '项目资金调整，本次采购取消';

  beforeAll(async () => {
    id = (await published(h, owner)).id;
    await cancel(id, note);
  });

  it('stays public with its cancel note, in the API and on its pages', async () => {
    const read = await h.request('GET', `/api/v1/market/announcements/${id}`);
    expect(read.status, show(read)).toBe(200);
    expect(read.body.state).toBe('cancelled');
    expect(read.body.publishedAt).not.toBeNull();
    expect(read.body.steps.at(-1)).toMatchObject({ from: 'signing_up', to: 'cancelled', note });
    const listed = await h.request('GET', '/api/v1/market/announcements?state=cancelled&limit=100');
    expect(idsOf(listed.body)).toContain(id);

    const page = await getPage(h, `/market/announcements/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(note);
    const list = await getPage(h, '/market/announcements?state=cancelled');
    expect(list.html).toContain(`/market/announcements/${id}`);
    const console = await getPage(h, `/console/announcements/${id}`, owner);
    expect(console.html).toContain(`href="/market/announcements/${id}"`);
  });
});
