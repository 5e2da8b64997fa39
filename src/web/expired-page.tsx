import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { FORM_KEY_FIELD } from '../http/idempotency.js';
import { Notice } from './components.js';
import { Page } from './layout.js';

/**
 * A form posted after the session ended (the token expired while someone typed): nothing is written,
 * and what was typed is shown back to copy, with a way to sign in and return to the form.
 */
export async function sessionEndedPage(c: Context<AppEnv>) {
  const body = await c.req.parseBody();
  const typed = Object.entries(body).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && entry[1] !== '' && entry[0] !== FORM_KEY_FIELD && entry[0] !== 'token',
  );
  const referer = c.req.header('Referer');
  const here = new URL(c.req.url);
  const back = referer && new URL(referer, here).origin === here.origin ? new URL(referer).pathname : '/console';
  return c.html(
    <Page title="登录已失效">
      <Notice tone="error">登录已过期或已退出，这次提交没有保存。请先复制下面填写的内容，再重新登录后回到表单。</Notice>
      <p>
        <a href={`/console/sign-in?next=${encodeURIComponent(back)}`}>重新登录</a>
      </p>
      {typed.length ? (
        <>
          <h2>您填写的内容</h2>
          <textarea readonly rows={Math.min(20, typed.length + 2)} aria-label="您填写的内容" class="typed-back">
            {typed.map(([name, value]) => `${name}：${value}`).join('\n')}
          </textarea>
        </>
      ) : null}
    </Page>,
    401,
  );
}
