import type { Actor } from '../../../core/actor.js';
import type { EndpointDeliveryState, listEndpoints, listWatches, qualityReport } from '../../../features/platform/index.js';
import type { StoredCheckpoint } from '../../../sync/feed.js';
import { Badge, Empty, Facts, Notice, Pager, Table } from '../../components.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../../forms.js';
import { Page } from '../../layout.js';
import { beijingTime } from '../../time.js';
import { ENDPOINT_STATUS, SIGNING_NAMES, WATCH_OWNER_NAMES } from './text.js';

type EndpointItem = Awaited<ReturnType<typeof listEndpoints>>['items'][number];
export type EndpointRow = EndpointItem & { delivery: EndpointDeliveryState };
export type WatchItem = Awaited<ReturnType<typeof listWatches>>['items'][number];
type Quality = Awaited<ReturnType<typeof qualityReport>>;

export type SyncPageProps = {
  actor: Actor;
  url: string;
  feed: { treeSize: number; checkpoint: StoredCheckpoint | null };
  /** Null when the role may not read push endpoints (only an admin may). */
  endpoints: { items: EndpointRow[]; nextCursor: string | null } | null;
  watches: { items: WatchItem[]; more: boolean };
  quality: { report: Quality | null; values: FormValues; errors: FormErrors };
};

/** /console/sync: the feed head, each push endpoint's delivery state, the watches, and the 7-working-day quality. */
export function SyncPage(props: SyncPageProps) {
  const { actor, feed, endpoints, watches, quality } = props;
  return (
    <Page
      title="信用平台同步"
      actor={actor}
      lead="公开事件按提交顺序进入默克尔日志，推送给市公共信用信息平台；此处查看日志头、推送状态与报送质量。"
    >
      <section aria-labelledby="feed-title">
        <h2 id="feed-title">日志头</h2>
        <Facts
          items={[
            ['已排序事件数', String(feed.treeSize)],
            ['最新检查点', feed.checkpoint ? `树大小 ${feed.checkpoint.treeSize}` : '尚未签发检查点（排序任务尚未运行）'],
            [
              '检查点签发时间',
              feed.checkpoint ? <time datetime={feed.checkpoint.signedAt}>{beijingTime(feed.checkpoint.signedAt)}</time> : null,
            ],
            ['根哈希', feed.checkpoint ? <code class="hash">{feed.checkpoint.rootHash}</code> : null],
            ['签名密钥', feed.checkpoint ? <code>{feed.checkpoint.kid}</code> : null],
          ]}
        />
        <p class="muted small">
          检查点是对 {'{'}来源, 树大小, 根哈希, 时间{'}'} 的 ES256 签名，公钥见 <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>
          ；平台可用包含证明与一致性证明核对日志（见<a href="/docs">接口文档</a>“Sync: feed and Merkle log”）。
        </p>
      </section>

      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">推送端点</h2>
        {endpoints ? <Endpoints {...endpoints} url={props.url} /> : <Notice>推送端点与投递状态只有系统管理员可以查看和处理。</Notice>}
      </section>

      <section aria-labelledby="watches-title">
        <h2 id="watches-title">订阅（监测名单）</h2>
        <Watches items={watches.items} />
        {watches.more ? (
          <p>
            <a href="/console/sync/watches">查看全部订阅</a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="quality-title">
        <h2 id="quality-title">报送质量</h2>
        <QualitySection {...quality} />
      </section>
    </Page>
  );
}

function Endpoints({ items, nextCursor, url }: { items: EndpointRow[]; nextCursor: string | null; url: string }) {
  const dead = items.reduce((sum, e) => sum + e.delivery.dead, 0);
  return (
    <>
      <div class="actions">
        <a class="button secondary" href="/console/sync/dead-letters">
          死信队列{dead > 0 ? `（本页端点 ${dead} 条）` : ''}
        </a>
      </div>
      {items.length === 0 ? (
        <Empty>还没有登记推送端点（POST /api/v1/sync/endpoints）。</Empty>
      ) : (
        <Table caption="待投递：等待发送；发送中：正由投递任务发送；死信：所有重试均失败，需人工重新投递。">
          <thead>
            <tr>
              <th>端点</th>
              <th>状态</th>
              <th class="num">已切分至</th>
              <th class="num">待投递</th>
              <th class="num">发送中</th>
              <th class="num">已送达</th>
              <th class="num">死信</th>
              <th>最近错误</th>
              <th>最近送达</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => {
              const [status, tone] = ENDPOINT_STATUS[e.status] ?? [e.status, 'amber'];
              return (
                <tr>
                  <td>
                    <div class="break">{e.url}</div>
                    <div class="muted small">
                      <code>{e.id}</code> · {SIGNING_NAMES[e.signing] ?? e.signing}
                      {e.description ? ` · ${e.description}` : ''}
                    </div>
                  </td>
                  <td>
                    <Badge tone={tone}>{status}</Badge>
                  </td>
                  <td class="num">{e.cursor < 0 ? '—' : `位置 ${e.cursor}`}</td>
                  <td class="num">{e.delivery.pending}</td>
                  <td class="num">{e.delivery.inFlight}</td>
                  <td class="num">{e.delivery.delivered}</td>
                  <td class="num">
                    {e.delivery.dead > 0 ? (
                      <a class="overdue" href={`/console/sync/dead-letters?endpoint=${encodeURIComponent(e.id)}`}>
                        {e.delivery.dead}
                      </a>
                    ) : (
                      0
                    )}
                  </td>
                  <td class="break small">{e.delivery.lastError ?? <span class="muted">—</span>}</td>
                  <td>{beijingTime(e.delivery.lastDeliveredAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <Pager url={url} nextCursor={nextCursor} />
    </>
  );
}

export function Watches({ items }: { items: WatchItem[] }) {
  if (items.length === 0) return <Empty>没有订阅。</Empty>;
  return (
    <Table>
      <thead>
        <tr>
          <th>订阅</th>
          <th>所有者</th>
          <th>状态</th>
          <th class="num">监测代码数</th>
          <th class="num">待投递</th>
          <th class="num">死信</th>
          <th>最近错误</th>
        </tr>
      </thead>
      <tbody>
        {items.map((w) => {
          const [status, tone] = ENDPOINT_STATUS[w.status] ?? [w.status, 'amber'];
          return (
            <tr>
              <td>
                <div class="break">{w.url}</div>
                <div class="muted small">
                  <code>{w.id}</code>
                  {w.description ? ` · ${w.description}` : ''}
                </div>
              </td>
              <td>{WATCH_OWNER_NAMES[w.ownerRole] ?? w.ownerRole}</td>
              <td>
                <Badge tone={tone}>{status}</Badge>
              </td>
              <td class="num">{w.subjectCount}</td>
              <td class="num">{w.delivery.pending}</td>
              <td class="num">{w.delivery.dead > 0 ? <span class="overdue">{w.delivery.dead}</span> : 0}</td>
              <td class="break small">{w.delivery.lastError ?? <span class="muted">—</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

const QUALITY_LABELS = { from: '决定日期自', to: '决定日期至' };

function QualitySection({ report, values, errors }: SyncPageProps['quality']) {
  return (
    <>
      <p class="muted small">
        行政处罚决定应在作出后 7 个工作日内报送至平台（起算日不计），必填字段完整率不低于 95%。按决定日期统计，默认本年 1 月 1 日至今天。
      </p>
      <ErrorSummary errors={errors} labels={QUALITY_LABELS} />
      <form class="search" method="get" action="/console/sync">
        <Field name="from" label={QUALITY_LABELS.from} type="date" values={values} errors={errors} />
        <Field name="to" label={QUALITY_LABELS.to} type="date" values={values} errors={errors} />
        <button type="submit">统计</button>
      </form>
      {report ? <QualityTable report={report} /> : null}
    </>
  );
}

function Share({ share, meets }: { share: string | null; meets: boolean | null }) {
  if (share === null) return <span class="muted">—</span>;
  return <Badge tone={meets ? 'green' : 'red'}>{`${share}%`}</Badge>;
}

function QualityTable({ report }: { report: Quality }) {
  return (
    <>
      <p>
        统计期 {report.from} 至 {report.to}（截至 {report.asOf}），目标 {report.targetPercent}%。
        {report.deadlinesProvisional ? <strong> 部分期限按临时节假日表计算，正式表发布后会重算。</strong> : null}
      </p>
      {report.departments.length === 0 ? (
        <Empty>统计期内没有行政处罚决定。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th>部门</th>
              <th class="num">决定数</th>
              <th class="num">按时</th>
              <th class="num">逾期</th>
              <th class="num">未到期</th>
              <th class="num">及时率</th>
              <th class="num">完整率</th>
              <th>缺失字段</th>
            </tr>
          </thead>
          <tbody>
            {report.departments.map((d) => (
              <tr>
                <td>
                  {d.departmentName ?? d.department}
                  <div class="muted small">{d.department}</div>
                </td>
                <td class="num">{d.decisions}</td>
                <td class="num">{d.timeliness.onTime}</td>
                <td class="num">{d.timeliness.late > 0 ? <span class="overdue">{d.timeliness.late}</span> : 0}</td>
                <td class="num">{d.timeliness.pending}</td>
                <td class="num">
                  <Share share={d.timeliness.share} meets={d.timeliness.meetsTarget} />
                </td>
                <td class="num">
                  <Share share={d.completeness.share} meets={d.completeness.meetsTarget} />
                </td>
                <td class="small">
                  {d.completeness.missingFields.length ? d.completeness.missingFields.map((f) => `${f.field} ×${f.count}`).join('，') : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
