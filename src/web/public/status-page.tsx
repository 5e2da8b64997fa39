import type { Actor } from '../../core/actor.js';
import type { listStatus } from '../../features/public/index.js';
import { Badge, Empty, Facts, Notice, Table } from '../components.js';
import { ErrorSummary, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { LIST_NAMES } from '../text.js';
import { EXIT_REASON_NAMES } from '../words.js';
import { Day } from './day.js';
import { StatusDayForm } from './subject-page.js';

/** The signed status as the API answers it (GET /api/v1/public/subjects/{uscc}/status): the verb's own type. */
export type SignedStatus = Awaited<ReturnType<typeof listStatus>>;

const yesNo = (on: boolean, list: string) =>
  on ? <Badge tone={list === 'red' ? 'green' : 'red'}>在{LIST_NAMES[list]}上</Badge> : <span>不在{LIST_NAMES[list]}上</span>;

function summary(s: SignedStatus['status']): string {
  const on = (['red', 'black', 'watch'] as const).filter((l) => s[l]).map((l) => LIST_NAMES[l]);
  return on.length ? `${s.on} 当天在${on.join('、')}上。` : `${s.on} 当天不在红名单、黑名单或重点关注名单上。`;
}

/**
 * How anyone checks the proof without trusting this site's page: the steps in words, then a short
 * Node program with the `jose` package that fetches the status and the keys from this very site.
 */
function HowToVerify({ origin, uscc, on }: { origin: string; uscc: string; on: string }) {
  const example = `// node verify.mjs   （Node.js 18 或更高版本，先运行 npm install jose）
import { compactVerify, createRemoteJWKSet } from 'jose';

const site = '${origin}';
const uscc = '${uscc}';
const on = '${on}';

// 1. 取得签名证明（也可以用别人交给你的 jws 字符串）
const res = await fetch(\`\${site}/api/v1/public/subjects/\${uscc}/status?on=\${on}\`);
const { jws } = await res.json();

// 2. 公钥集合；compactVerify 按 JWS 头部的 kid 选出公钥
const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', site));

// 3. 验证 ES256 签名，签名不对会抛出错误
const { payload, protectedHeader } = await compactVerify(jws, keys, { algorithms: ['ES256'] });

// 4. 读出签名的内容，并核对主体和日期
const status = JSON.parse(new TextDecoder().decode(payload));
if (status.uscc !== uscc || status.on !== on) throw new Error('证明说的是另一个主体或另一天');

console.log(\`密钥 \${protectedHeader.kid}：\${status.name}（\${status.uscc}）于 \${status.on}\`,
  { 红名单: status.red, 黑名单: status.black, 重点关注名单: status.watch });
`;
  return (
    <section aria-labelledby="verify-title">
      <h2 id="verify-title">如何自行验证</h2>
      <p>这份证明是一个 ES256（ECDSA P-256 + SHA-256）紧凑格式 JWS。无需相信本页面的显示，任何人都可以按下面的步骤自行核对：</p>
      <ol>
        <li>
          JWS 由三段组成，用“.”分隔：头部、内容、签名，每段都是 base64url 编码。解码第一段得到头部，其中 <code>alg</code> 为{' '}
          <code>ES256</code>，<code>typ</code> 为 <code>credit-status+jws</code>，<code>kid</code> 是签名密钥的编号。
        </li>
        <li>
          从 <a href="/.well-known/jwks.json">/.well-known/jwks.json</a> 取得公钥集合（JWKS），选出 <code>kid</code>{' '}
          与头部相同的那把公钥。已停用的旧公钥仍然公布，因此以前签发的证明也能验证。
        </li>
        <li>用这把公钥验证签名：签名覆盖“头部.内容”两段原文。验证不通过，说明证明被改动过或不是本系统签发的。</li>
        <li>
          解码第二段得到签名的内容（JSON）：<code>red</code>、<code>black</code>、<code>watch</code>{' '}
          表示当天是否在红名单、黑名单、重点关注名单上，
          <code>entries</code> 是当天有效的名单条目，<code>voidedEntries</code> 是因异议成立而撤销、视为从未列入的条目，
          <code>issuedAt</code> 是签发时间。
        </li>
        <li>
          核对内容中的 <code>uscc</code> 和 <code>on</code> 正是你要查的统一社会信用代码和日期：一份有效的签名只证明它所写的主体和日期。
        </li>
      </ol>
      <h3>Node.js 示例（使用 jose 包）</h3>
      <pre>
        <code>{example}</code>
      </pre>
    </section>
  );
}

export function StatusPage(props: {
  actor?: Actor;
  uscc: string;
  values: FormValues;
  errors: FormErrors;
  signed: SignedStatus | null;
  origin: string;
}) {
  const { signed, uscc } = props;
  const s = signed?.status;
  const jsonUrl = s ? `/api/v1/public/subjects/${s.uscc}/status?on=${s.on}` : '';
  return (
    <Page
      title={s ? `${s.name}：${s.on} 名单状态` : '名单状态'}
      actor={props.actor}
      lead={
        <>
          统一社会信用代码 {uscc}，<a href={`/subjects/${uscc}`}>返回信用信息</a>
        </>
      }
    >
      <ErrorSummary errors={props.errors} labels={{ on: '日期' }} />
      <StatusDayForm uscc={uscc} values={props.values} errors={props.errors} />
      {s && signed ? (
        <>
          <Notice tone={s.black ? 'error' : undefined}>{summary(s)}</Notice>
          <Facts
            items={[
              ['当日名称', s.name],
              ['统一社会信用代码', <code>{s.uscc}</code>],
              ['日期', s.on],
              ['红名单', yesNo(s.red, 'red')],
              ['黑名单', yesNo(s.black, 'black')],
              ['重点关注名单', yesNo(s.watch, 'watch')],
              ['签发时间', s.issuedAt],
            ]}
          />
          <h2>当日有效的名单条目</h2>
          {s.entries.length === 0 ? (
            <Empty>当天没有有效的名单条目。</Empty>
          ) : (
            <Table>
              <thead>
                <tr>
                  <th scope="col">名单</th>
                  <th scope="col">文号</th>
                  <th scope="col">认定部门</th>
                  <th scope="col">公示日期</th>
                  <th scope="col">有效期至</th>
                  <th scope="col">移出</th>
                </tr>
              </thead>
              <tbody>
                {s.entries.map((e) => (
                  <tr>
                    <td>{LIST_NAMES[e.list] ?? e.list}</td>
                    <td>{e.documentNo}</td>
                    <td>
                      <code>{e.department}</code>
                    </td>
                    <td>
                      <Day date={e.publishedOn} />
                    </td>
                    <td>
                      <Day date={e.validUntil} />
                    </td>
                    <td>
                      {e.exitedOn ? `${e.exitedOn}（${e.exitReason ? (EXIT_REASON_NAMES[e.exitReason] ?? e.exitReason) : '移出'}）` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {s.voidedEntries.length ? (
            <>
              <h2>已撤销的名单条目</h2>
              <p class="muted small">因异议成立而撤销，视为从未列入。</p>
              <Table>
                <thead>
                  <tr>
                    <th scope="col">名单</th>
                    <th scope="col">条目编号</th>
                  </tr>
                </thead>
                <tbody>
                  {s.voidedEntries.map((e) => (
                    <tr>
                      <td>{LIST_NAMES[e.list] ?? e.list}</td>
                      <td>
                        <code>{e.id}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          ) : null}
          <h2 id="jws-title">电子签名证明（JWS）</h2>
          <pre id="jws">{signed.jws}</pre>
          <ul>
            <li>
              <a href={jsonUrl}>同一证明的 JSON 格式</a>
            </li>
            <li>
              <a href="/.well-known/jwks.json">验证用的公钥（JWKS）</a>
            </li>
          </ul>
          <HowToVerify origin={props.origin} uscc={s.uscc} on={s.on} />
        </>
      ) : null}
    </Page>
  );
}
