import { Hono } from 'hono';
import type { Role } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import type { AppEnv, DemoSignIn } from '../http/env.js';
import { ConsoleHome } from './console-home.js';
import { ErrorSummary, Field, type FormErrors, readForm } from './forms.js';
import { Page } from './layout.js';
import { demoSignInFor, endSession, requireSession, safeNext, startSession } from './session.js';

function SignInPage({ next, errors, demo }: { next: string; errors: FormErrors; demo: DemoSignIn | undefined }) {
  return (
    <Page title="登录工作台">
      <ErrorSummary errors={errors} labels={{ token: '令牌' }} />
      <form method="post" action="/console/sign-in">
        <input type="hidden" name="next" value={next} />
        <Field
          name="token"
          label="令牌"
          values={{}}
          errors={errors}
          multiline
          required
          hint="粘贴身份认证系统签发的令牌（JWT）。令牌只保存在本浏览器的 Cookie 中，过期后需重新登录。"
        />
        <button type="submit">登录</button>
      </form>
      {demo ? (
        <section aria-labelledby="demo-title">
          <h2 id="demo-title">演示账号</h2>
          <p class="muted">本机演示模式：一键以下列身份登录（令牌由本机数据目录中的密钥签发）。</p>
          <div class="actions">
            {demo.personas.map((p) => (
              <form method="post" action="/console/demo-sign-in" class="inline">
                <input type="hidden" name="role" value={p.role} />
                <input type="hidden" name="next" value={next} />
                <button type="submit" class="secondary" data-role={p.role}>
                  {p.label}
                </button>
              </form>
            ))}
          </div>
        </section>
      ) : null}
    </Page>
  );
}

/** The verifier's reason in Chinese where it is a common one; its own words stay beside it for support. */
function whyRefused(reason: string): string {
  const known: [RegExp, string][] = [
    [/expired/, '令牌已过期，请重新获取'],
    [/signature does not verify/, '签名验证失败'],
    [/malformed/, '这不是一个有效的令牌'],
    [/key this service does not know/, '签发令牌的密钥不是本系统认可的密钥'],
    [/not signed with ES256/, '令牌须以 ES256 签名'],
    [/claim/, '令牌的声明不符合要求'],
  ];
  const said = known.find(([pattern]) => pattern.test(reason))?.[1];
  return `令牌无效：${said ?? '未通过验证'}（${reason}）`;
}

/** Signing in and out of the console, and its home page. */
export const signInPages = new Hono<AppEnv>()
  .get('/console/sign-in', (c) => c.html(<SignInPage next={safeNext(c.req.query('next'))} errors={{}} demo={demoSignInFor(c)} />))
  .post('/console/sign-in', async (c) => {
    const form = await readForm(c);
    const next = safeNext(form.next);
    const demo = demoSignInFor(c);
    if (!form.token) return c.html(<SignInPage next={next} errors={{ token: '请粘贴令牌' }} demo={demo} />, 400);
    try {
      await startSession(c, form.token.replace(/^Bearer\s+/i, ''));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.html(<SignInPage next={next} errors={{ token: whyRefused(error.message) }} demo={demo} />, 401);
    }
    return c.redirect(next, 303);
  })
  .post('/console/demo-sign-in', async (c) => {
    const demo = demoSignInFor(c);
    if (!demo) throw new DomainError('NOT_FOUND', '一键演示登录只在本机运行的演示环境中提供');
    const form = await readForm(c);
    const persona = demo.personas.find((p) => p.role === form.role);
    if (!persona) throw new DomainError('VALIDATION', `no demo persona for role ${form.role}`);
    await startSession(c, await demo.mint(persona.role as Role));
    return c.redirect(safeNext(form.next), 303);
  })
  .post('/console/sign-out', (c) => {
    endSession(c);
    return c.redirect('/', 303);
  })
  .get('/console', requireSession, (c) => c.html(<ConsoleHome actor={c.get('actor')!} />));
