import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type ErrorCode } from '../core/errors.js';
import type { AppEnv } from '../http/env.js';
import { fromDatabaseError, statusOf } from '../http/errors.js';
import { Page } from './layout.js';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION: '请求有误',
  UNAUTHENTICATED: '需要登录',
  FORBIDDEN: '无权访问',
  NOT_FOUND: '未找到',
  CONFLICT: '与现有数据冲突',
  INVALID_TRANSITION: '当前状态不允许此操作',
  PRECONDITION_FAILED: '前提条件不满足',
  LIMIT_EXCEEDED: '请求过大',
  RULE_VIOLATED: '不符合规则',
  UNAVAILABLE: '服务暂不可用',
};

export function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, title: string, detail: string) {
  return c.html(
    <Page title={title} actor={c.get('actor')}>
      <p>{detail}</p>
      <p class="muted small">请求编号：{c.get('requestId')}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </Page>,
    status,
  );
}

export const notFoundPage = (c: Context<AppEnv>) => errorPage(c, 404, '页面不存在', `没有 ${new URL(c.req.url).pathname} 这个页面。`);

/** The pages' onError: the one error vocabulary, shown as a page (the API answers problem+json instead). */
export function pageError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  const known = error instanceof DomainError ? error : fromDatabaseError(error);
  if (known?.code === 'UNAUTHENTICATED') {
    const url = new URL(c.req.url);
    return c.redirect(`/console/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
  if (known) return errorPage(c, statusOf(known.code), TITLES[known.code], known.message);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return errorPage(c, status, status === 403 ? '无权访问' : '请求有误', error.message);
  }
  c.get('log').error({ err: error }, 'unexpected error');
  return errorPage(c, 500, '系统错误', '处理请求时出现意外错误；反映问题时请提供下面的请求编号。');
}
