import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Actor } from '../core/actor.js';
import { ROLE_NAMES } from './text.js';

export const SITE_NAME = '信用信息管理系统';

type PageProps = {
  title: string;
  actor?: Actor;
  /** A line under the title. */
  lead?: Child;
  children?: Child;
};

/** Every page: a title, the site header with the main links, who is signed in, and a skip link. */
export function Page({ title, actor, lead, children }: PageProps) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} - ${SITE_NAME}`}</title>
          <link rel="stylesheet" href="/assets/site.css" />
          <link rel="icon" href="data:," />
        </head>
        <body>
          <a class="skip" href="#main">
            跳到正文
          </a>
          <header class="site">
            <div class="bar">
              <a class="brand" href="/">
                {SITE_NAME}
              </a>
              <nav aria-label="主导航">
                <ul>
                  <li>
                    <a href="/search">信用查询</a>
                  </li>
                  <li>
                    <a href="/lists/red">红名单</a>
                  </li>
                  <li>
                    <a href="/lists/black">黑名单</a>
                  </li>
                  <li>
                    <a href="/market">中介超市</a>
                  </li>
                  <li>
                    <a href="/console">工作台</a>
                  </li>
                </ul>
              </nav>
              {actor ? (
                <div class="who">
                  <span>
                    {ROLE_NAMES[actor.role]}
                    {actor.dept ? `（${actor.dept}）` : ''}
                  </span>
                  <form class="inline" method="post" action="/console/sign-out">
                    <button type="submit">退出</button>
                  </form>
                </div>
              ) : (
                <div class="who">
                  <a href="/console/sign-in">登录</a>
                </div>
              )}
            </div>
          </header>
          <main id="main">
            <h1>{title}</h1>
            {lead ? <p class="muted">{lead}</p> : null}
            {children}
          </main>
          <footer class="site">
            <p>
              公示信息依照有关法律法规公开；公示期届满或信用修复后不再公开，但依法留存。
              <a href="/docs">接口文档</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}
