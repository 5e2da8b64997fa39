import type { Harness } from './harness.js';

/**
 * The pages over app.request (no browser): a GET or a form post as a signed-in person (the session
 * cookie holds the token) with the Origin header a browser sends, so the CSRF check passes.
 */
export type WebResponse = { status: number; headers: Headers; html: string; text: string; location: string | null };

const ORIGIN = 'http://localhost';

async function send(h: Harness, method: string, path: string, init: { token?: string; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { Accept: 'text/html' };
  if (init.token) headers.Cookie = `registry_session=${init.token}`;
  let body: string | undefined;
  if (init.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers.Origin = ORIGIN;
    body = new URLSearchParams(init.form).toString();
  }
  const res = await h.app.request(`${ORIGIN}${path}`, { method, headers, body });
  const html = await res.text();
  return { status: res.status, headers: res.headers, html, text: textOf(html), location: res.headers.get('Location') };
}

export const getPage = (h: Harness, path: string, token?: string): Promise<WebResponse> => send(h, 'GET', path, { token });

export const postForm = (h: Harness, path: string, form: Record<string, string>, token?: string): Promise<WebResponse> =>
  send(h, 'POST', path, { token, form });

/** A page's visible text on one line per block, tags and entities resolved: what a reader sees. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d|\/dt|\/dd|\/th|\/td)[^>]*>/g, (tag) => (tag.startsWith('</t') ? ' \n' : '\n'))
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}
