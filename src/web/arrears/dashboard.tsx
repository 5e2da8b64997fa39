import type { Actor } from '../../core/actor.js';
import type { aging, ledgerTotals, listTasks, progress } from '../../features/arrears/index.js';
import { Badge, DaysLeft, Empty, Table } from '../components.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { yuan } from '../text.js';
import { type Column, ColumnChart, percent, StackChart } from './charts.js';
import { AGING_BUCKETS, type BucketKey, OVERDUE_BUCKETS } from './words.js';

type Aging = Awaited<ReturnType<typeof aging>>;
type Totals = Awaited<ReturnType<typeof ledgerTotals>>;
type Progress = Awaited<ReturnType<typeof progress>>;
type Tasks = Awaited<ReturnType<typeof listTasks>>;

/** How many overdue tasks the dashboard lists (the earliest opened first). */
export const TASKS_SHOWN = 50;

const sum = (values: Iterable<bigint>) => [...values].reduce((s, v) => s + v, 0n);

/** The aging report summed over every body: count and amount per bucket, and the disputed part. */
export function agingTotals(report: Aging) {
  const keys = [...AGING_BUCKETS.map((b) => b.key), 'disputed'] as const;
  return Object.fromEntries(
    keys.map((k) => [
      k,
      {
        count: report.items.reduce((s, i) => s + i.buckets[k].count, 0),
        amount: sum(report.items.map((i) => BigInt(i.buckets[k].amountFen))),
      },
    ]),
  ) as Record<BucketKey | 'disputed', { count: number; amount: bigint }>;
}

/** Bodies with anything overdue, the largest overdue amount first. */
export function rankBodies(report: Aging) {
  return report.items
    .map((i) => ({
      uscc: 'uscc' in i ? i.uscc : '',
      name: 'name' in i ? i.name : i.department,
      department: i.department,
      overdue: sum(OVERDUE_BUCKETS.map((k) => BigInt(i.buckets[k].amountFen))),
      count: OVERDUE_BUCKETS.reduce((s, k) => s + i.buckets[k].count, 0),
      overYear: BigInt(i.buckets.over365.amountFen),
      disputed: BigInt(i.buckets.disputed.amountFen),
    }))
    .filter((b) => b.overdue > 0n)
    .sort((a, b) => (a.overdue === b.overdue ? a.uscc.localeCompare(b.uscc) : a.overdue > b.overdue ? -1 : 1));
}

type Props = {
  actor: Actor;
  today: string;
  on: string;
  baseline: string;
  values: FormValues;
  errors: FormErrors;
  report: Aging;
  totals: Totals;
  progress: Progress;
  tasks: Tasks;
};

export function Dashboard(p: Props) {
  return (
    <Page title="拖欠账款台账" actor={p.actor} lead={`统计截至 ${p.on}；清欠进度自基准日 ${p.baseline} 起算`}>
      <ErrorSummary errors={p.errors} labels={{ on: '统计截至', baseline: '清欠基准日' }} />
      <form class="search" method="get" action="/console/arrears">
        <Field name="on" label="统计截至" type="date" values={p.values} errors={p.errors} />
        <Field name="baseline" label="清欠基准日" type="date" values={p.values} errors={p.errors} hint="当日已逾期的欠款为清欠对象" />
        <button type="submit">查看</button>
      </form>
      <p class="actions">
        <a href="/console/arrears/contracts">全部合同</a>
      </p>
      <TotalCards totals={p.totals} />
      <AgingSection report={p.report} on={p.on} />
      <ProgressSection progress={p.progress} />
      <RankedBodies report={p.report} />
      <OverdueTasks tasks={p.tasks} today={p.today} />
    </Page>
  );
}

function TotalCards({ totals: t }: { totals: Totals }) {
  return (
    <section aria-labelledby="totals-h">
      <h2 id="totals-h">总体情况</h2>
      <ul class="cards plain arrears-totals">
        <li class="card">
          <div class="muted small">应付账款</div>
          <div class="big">{yuan(t.owedFen)}</div>
          <div class="muted small">{t.contracts} 个合同</div>
        </li>
        <li class="card">
          <div class="muted small">已支付</div>
          <div class="big">{yuan(t.paidFen)}</div>
          <div class="muted small">未支付 {yuan(t.outstandingFen)}</div>
        </li>
        <li class="card late">
          <div class="muted small">逾期未付</div>
          <div class="big">{yuan(t.overdueFen)}</div>
          <div class="muted small">
            {t.overdueObligations} 笔，涉及 {t.overdueContracts} 个合同；另有争议 {yuan(t.disputedFen)}
          </div>
        </li>
        <li class="card">
          <div class="muted small">逾期利息</div>
          <div class="big">{yuan(t.interestFen)}</div>
          <div class="muted small">
            已付 {yuan(t.interestPaidFen)}，未付 {yuan(t.interestOutstandingFen)}
          </div>
        </li>
      </ul>
    </section>
  );
}

function AgingSection({ report, on }: { report: Aging; on: string }) {
  const totals = agingTotals(report);
  const columns: Column[] = AGING_BUCKETS.map((b) => ({
    key: b.key,
    label: b.label,
    value: totals[b.key].amount,
    valueLabel: yuan(totals[b.key].amount),
    note: `${totals[b.key].count} 笔`,
  }));
  const desc = `截至 ${on} 未付款项按逾期天数分组：${AGING_BUCKETS.map(
    (b) => `${b.long} ${yuan(totals[b.key].amount)}（${totals[b.key].count} 笔）`,
  ).join('；')}。有争议部分另列：${yuan(totals.disputed.amount)}。`;
  return (
    <section aria-labelledby="aging-h">
      <h2 id="aging-h">账龄分布</h2>
      <div class="chart-pair">
        <figure>
          <ColumnChart id="aging-chart" title={`账龄分布（截至 ${on}）`} desc={desc} items={columns} />
          <figcaption class="muted small">有争议的部分不计逾期，另列 {yuan(totals.disputed.amount)}。</figcaption>
        </figure>
        <Table caption="账龄分布（与左图数字相同）">
          <thead>
            <tr>
              <th scope="col">账龄</th>
              <th scope="col" class="num">
                笔数
              </th>
              <th scope="col" class="num">
                金额
              </th>
            </tr>
          </thead>
          <tbody>
            {AGING_BUCKETS.map((b) => (
              <tr>
                <th scope="row">{b.long}</th>
                <td class="num">{totals[b.key].count}</td>
                <td class="num">{yuan(totals[b.key].amount)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">有争议（另列）</th>
              <td class="num">{totals.disputed.count}</td>
              <td class="num">{yuan(totals.disputed.amount)}</td>
            </tr>
          </tbody>
        </Table>
      </div>
    </section>
  );
}

/** The part of an amount at the baseline that has been cleared since (a payment of more counts as all of it). */
const clearedOf = (paid: bigint, atBaseline: bigint) => (paid < atBaseline ? paid : atBaseline);

function ProgressSection({ progress: p }: { progress: Progress }) {
  const atBaseline = sum(p.items.map((i) => BigInt(i.atBaselineFen)));
  const paid = sum(p.items.map((i) => BigInt(i.paidSinceFen)));
  const remaining = sum(p.items.map((i) => BigInt(i.remainingFen)));
  const cleared = clearedOf(paid, atBaseline);
  const share = percent(cleared, atBaseline);
  const owing = `尚欠 ${yuan(remaining)}${remaining > atBaseline - cleared ? '（含基准日有争议的部分）' : ''}`;
  const bodiesCleared = p.items.filter((i) => BigInt(i.remainingFen) === 0n).length;
  const bodiesOpen = p.items.length - bodiesCleared;
  const desc =
    p.items.length === 0
      ? `${p.baseline} 没有逾期欠款。`
      : `${p.baseline} 逾期欠款 ${yuan(atBaseline)}，至 ${p.asOf} 已清偿 ${yuan(paid)}（${share}），${owing}；${p.items.length} 个单位中 ${bodiesCleared} 个已清零，${bodiesOpen} 个尚未清零。`;
  return (
    <section aria-labelledby="progress-h">
      <h2 id="progress-h">清欠进度</h2>
      <p class="muted small">
        清欠对象：基准日 {p.baseline} 已逾期的欠款 {yuan(atBaseline)}；已清偿为基准日后至 {p.asOf} 对这些款项的付款。
      </p>
      <figure class="chart-wide">
        <StackChart
          id="progress-chart"
          title={`清欠进度（${p.baseline} 至 ${p.asOf}）`}
          desc={desc}
          rows={[
            {
              label: '金额',
              parts: [
                { key: 'cleared', label: '已清偿', value: cleared, valueLabel: yuan(cleared) },
                { key: 'outstanding', label: '未清偿', value: atBaseline - cleared, valueLabel: yuan(atBaseline - cleared) },
              ],
              summary: `已清偿 ${yuan(paid)}（${share}），${owing}`,
            },
            {
              label: '单位',
              parts: [
                { key: 'cleared', label: '已清零', value: BigInt(bodiesCleared), valueLabel: `${bodiesCleared} 个` },
                { key: 'outstanding', label: '未清零', value: BigInt(bodiesOpen), valueLabel: `${bodiesOpen} 个` },
              ],
              summary: `已清零 ${bodiesCleared} 个单位，未清零 ${bodiesOpen} 个`,
            },
          ]}
        />
        <figcaption class="small">
          <span class="key key-cleared" aria-hidden="true" />
          已清偿／已清零
          <span class="key key-outstanding" aria-hidden="true" />
          未清偿／未清零
        </figcaption>
      </figure>
      {p.items.length === 0 ? (
        <Empty>基准日没有逾期欠款。</Empty>
      ) : (
        <Table caption="各单位清欠进度（与上图数字相同）">
          <thead>
            <tr>
              <th scope="col">单位</th>
              <th scope="col" class="num">
                基准日逾期
              </th>
              <th scope="col" class="num">
                已清偿
              </th>
              <th scope="col" class="num">
                尚欠
              </th>
              <th scope="col" class="num">
                进度
              </th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((i) => (
              <tr>
                <th scope="row">
                  <a href={`/console/arrears/contracts?body=${encodeURIComponent(i.uscc)}`}>{i.name}</a>
                </th>
                <td class="num">{yuan(i.atBaselineFen)}</td>
                <td class="num">{yuan(i.paidSinceFen)}</td>
                <td class="num">{yuan(i.remainingFen)}</td>
                <td class="num">{percent(clearedOf(BigInt(i.paidSinceFen), BigInt(i.atBaselineFen)), BigInt(i.atBaselineFen))}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function RankedBodies({ report }: { report: Aging }) {
  const ranked = rankBodies(report);
  return (
    <section aria-labelledby="bodies-h">
      <h2 id="bodies-h">逾期金额排名（债务单位）</h2>
      {ranked.length === 0 ? (
        <Empty>没有逾期未付的单位。</Empty>
      ) : (
        <Table caption={`截至 ${report.asOf}，按逾期未付金额从高到低`}>
          <thead>
            <tr>
              <th scope="col" class="num">
                排名
              </th>
              <th scope="col">单位</th>
              <th scope="col">主管部门</th>
              <th scope="col" class="num">
                逾期笔数
              </th>
              <th scope="col" class="num">
                逾期金额
              </th>
              <th scope="col" class="num">
                其中逾期一年以上
              </th>
              <th scope="col" class="num">
                有争议
              </th>
            </tr>
          </thead>
          <tbody>
            {ranked.map((b, i) => (
              <tr>
                <td class="num">{i + 1}</td>
                <td>
                  <a href={`/console/arrears/contracts?body=${encodeURIComponent(b.uscc)}`}>{b.name}</a>
                  <div class="muted small">{b.uscc}</div>
                </td>
                <td>{b.department}</td>
                <td class="num">{b.count}</td>
                <td class="num">{yuan(b.overdue)}</td>
                <td class="num">{yuan(b.overYear)}</td>
                <td class="num">{yuan(b.disputed)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function OverdueTasks({ tasks, today }: { tasks: Tasks; today: string }) {
  const shown = tasks.items.slice(0, TASKS_SHOWN);
  return (
    <section aria-labelledby="tasks-h">
      <h2 id="tasks-h">逾期整改任务</h2>
      <p class="muted small">
        截至今天（{today}）未按期整改或尚未定下整改期限的任务，共 {tasks.items.length} 项
        {tasks.items.length > shown.length ? `，列出最早的 ${shown.length} 项` : ''}。
      </p>
      {shown.length === 0 ? (
        <Empty>没有逾期的整改任务。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th scope="col">债务单位</th>
              <th scope="col">合同</th>
              <th scope="col">款项到期日</th>
              <th scope="col">整改措施</th>
              <th scope="col">责任单位</th>
              <th scope="col">整改期限</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => (
              <tr class="task-overdue">
                <td>{t.debtor.name}</td>
                <td>
                  <a href={`/console/arrears/contracts/${t.contractId}`}>{t.contractId}</a>
                </td>
                <td>{t.dueOn}</td>
                <td>{t.measure ?? <Badge tone="red">未定措施</Badge>}</td>
                <td>{t.responsibleUnit ?? '—'}</td>
                <td>{t.deadline ? <DaysLeft dueOn={t.deadline} today={today} /> : <span class="overdue">未定期限（已逾期）</span>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
