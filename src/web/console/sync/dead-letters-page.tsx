import type { Actor } from '../../../core/actor.js';
import type { getDelivery, listDeliveries, listWatches } from '../../../features/platform/index.js';
import { Badge, Empty, Facts, Notice, Pager, Table } from '../../components.js';
import { FormKey } from '../../forms.js';
import { Page } from '../../layout.js';
import { beijingTime } from '../../time.js';
import { Watches } from './sync-page.js';
import { DELIVERY_STATUS } from './text.js';

type Letter = Awaited<ReturnType<typeof listDeliveries>>['items'][number];
type Detail = Awaited<ReturnType<typeof getDelivery>>;

/** Where a message went: a push endpoint or a watch. */
function Target({ letter }: { letter: Pick<Letter, 'endpointId' | 'watchId'> }) {
  if (letter.endpointId)
    return (
      <span>
        端点 <code>{letter.endpointId}</code>
      </span>
    );
  return (
    <span>
      订阅 <code>{letter.watchId}</code>
    </span>
  );
}

const positions = (l: Pick<Letter, 'firstPosition' | 'lastPosition'>) =>
  l.firstPosition === null ? '—' : l.firstPosition === l.lastPosition ? `${l.firstPosition}` : `${l.firstPosition}–${l.lastPosition}`;

/** The replay button: the same verb as POST /api/v1/sync/deliveries/{id}/replay. */
function ReplayForm({ id }: { id: string }) {
  return (
    <form class="inline" method="post" action={`/console/sync/dead-letters/${encodeURIComponent(id)}/replay`}>
      <FormKey />
      <button type="submit" aria-label={`重新投递 ${id}`}>
        重新投递
      </button>
    </form>
  );
}

/** /console/sync/dead-letters: the messages that failed every attempt, newest first, each with a replay button. */
export function DeadLettersPage(props: {
  actor: Actor;
  url: string;
  endpoint: string | undefined;
  items: Letter[];
  nextCursor: string | null;
}) {
  const { actor, items, endpoint } = props;
  return (
    <Page
      title="死信队列"
      actor={actor}
      lead="按重试计划全部尝试失败的推送批次与订阅通知。重新投递后回到待投递队列，以同一 webhook-id 和完全相同的内容重新发送，平台据此去重。"
    >
      <p>
        <a href="/console/sync">← 返回信用平台同步</a>
        {endpoint ? (
          <>
            {' · '}只看端点 <code>{endpoint}</code>（<a href="/console/sync/dead-letters">看全部</a>）
          </>
        ) : null}
      </p>
      {items.length === 0 ? (
        <Empty>没有死信。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th>消息</th>
              <th>发往</th>
              <th class="num">批次序号</th>
              <th class="num">日志位置</th>
              <th class="num">事件数</th>
              <th class="num">尝试次数</th>
              <th>最后结果</th>
              <th>成为死信</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <tr>
                <td>
                  <a href={`/console/sync/dead-letters/${encodeURIComponent(l.id)}`}>
                    <code>{l.id}</code>
                  </a>
                </td>
                <td>
                  <Target letter={l} />
                </td>
                <td class="num">{l.seq}</td>
                <td class="num">{positions(l)}</td>
                <td class="num">{l.eventCount}</td>
                <td class="num">{l.attempts}</td>
                <td class="break small">
                  {l.lastStatus !== null ? `HTTP ${l.lastStatus}` : ''}
                  {l.lastStatus !== null && l.lastError ? '：' : ''}
                  {l.lastError ?? ''}
                </td>
                <td>{beijingTime(l.deadAt)}</td>
                <td>
                  <ReplayForm id={l.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager url={props.url} nextCursor={props.nextCursor} />
    </Page>
  );
}

/** /console/sync/dead-letters/{id}: one message with every attempt; a dead one can be replayed. */
export function DeliveryPage(props: { actor: Actor; delivery: Detail; replayed: boolean; refusal: string | null }) {
  const { actor, delivery: d } = props;
  const [status, tone] = DELIVERY_STATUS[d.status] ?? [d.status, 'blue'];
  return (
    <Page title={`推送消息 ${d.id}`} actor={actor}>
      <p>
        <a href="/console/sync/dead-letters">← 返回死信队列</a>
      </p>
      {props.replayed ? <Notice tone="ok">已重新投递：消息回到待投递队列，将以同一 webhook-id 和相同内容重新发送。</Notice> : null}
      {props.refusal ? <Notice tone="error">未能重新投递：{props.refusal}</Notice> : null}
      <Facts
        items={[
          ['状态', <Badge tone={tone}>{status}</Badge>],
          ['发往', <Target letter={d} />],
          ['批次序号', String(d.seq)],
          ['日志位置', positions(d)],
          ['事件数', String(d.eventCount)],
          ['本轮尝试次数', String(d.attempts)],
          ['下次尝试', beijingTime(d.nextAttemptAt)],
          ['创建时间', beijingTime(d.createdAt)],
          ['送达时间', beijingTime(d.deliveredAt)],
          ['成为死信', beijingTime(d.deadAt)],
        ]}
      />
      {d.status === 'dead' ? (
        <div class="actions">
          <ReplayForm id={d.id} />
        </div>
      ) : null}
      <h2>每次尝试</h2>
      {d.history.length === 0 ? (
        <Empty>尚未尝试发送。</Empty>
      ) : (
        <Table caption="重新投递后尝试次数接着编号，历次尝试都保留。">
          <thead>
            <tr>
              <th class="num">次序</th>
              <th>时间</th>
              <th class="num">HTTP 状态</th>
              <th class="num">耗时（毫秒）</th>
              <th>错误</th>
            </tr>
          </thead>
          <tbody>
            {d.history.map((a) => (
              <tr>
                <td class="num">{a.attempt}</td>
                <td>{beijingTime(a.at)}</td>
                <td class="num">{a.status ?? '—'}</td>
                <td class="num">{a.durationMs}</td>
                <td class="break small">{a.error ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <details>
        <summary>发送的内容（签名所覆盖的原始字节）</summary>
        <pre>{d.body}</pre>
      </details>
    </Page>
  );
}

type WatchItem = Awaited<ReturnType<typeof listWatches>>['items'][number];

/** /console/sync/watches: every watch the reader may see (an admin: all; the platform: its own). */
export function WatchesPage(props: { actor: Actor; url: string; items: WatchItem[]; nextCursor: string | null }) {
  return (
    <Page
      title="订阅（监测名单）"
      actor={props.actor}
      lead="信用平台与项目业主登记的监测名单：名单内主体的公开信用状态变化会推送到其地址。"
    >
      <p>
        <a href="/console/sync">← 返回信用平台同步</a>
      </p>
      <Watches items={props.items} />
      <Pager url={props.url} nextCursor={props.nextCursor} />
    </Page>
  );
}
