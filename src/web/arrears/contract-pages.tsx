import type { Actor } from '../../core/actor.js';
import type { contractDetail, contractEntries, contractInterest, listContracts } from '../../features/arrears/index.js';
import { Badge, Empty, Facts, Pager, Table } from '../components.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { yuan } from '../text.js';
import {
  ACCOUNTS,
  BODY_KINDS,
  DIRECTIONS,
  dailyRateText,
  EVENT_TYPES,
  exactYuan,
  lateInterestText,
  OBLIGATION_BASIS,
  PAYMENT_RULES,
  POSTING_TYPES,
  SIZES,
} from './words.js';

type ContractPage = Awaited<ReturnType<typeof listContracts>>;
type Detail = Awaited<ReturnType<typeof contractDetail>>;
type Entries = Awaited<ReturnType<typeof contractEntries>>;
type Interest = Awaited<ReturnType<typeof contractInterest>>;

export function ContractList({ actor, url, values, page }: { actor: Actor; url: string; values: FormValues; page: ContractPage }) {
  const filtered = Boolean(values.body || values.contractor);
  return (
    <Page
      title="拖欠账款合同"
      actor={actor}
      lead={actor.role === 'subject' ? '本单位作为承包方的合同' : '按债务单位或承包单位筛选；点击项目查看款项、记账明细和逾期利息'}
    >
      <form class="search" method="get" action="/console/arrears/contracts">
        <Field name="body" label="债务单位" type="search" values={values} errors={{}} placeholder="名称或统一社会信用代码" />
        <Field name="contractor" label="承包单位" type="search" values={values} errors={{}} placeholder="名称或统一社会信用代码" />
        <button type="submit">筛选</button>
        {filtered ? <a href="/console/arrears/contracts">清除筛选</a> : null}
      </form>
      {actor.role === 'subject' ? null : (
        <p class="actions">
          <a href="/console/arrears">返回台账总览</a>
        </p>
      )}
      {page.items.length === 0 ? (
        <Empty>{filtered ? '没有符合条件的合同。' : '还没有登记合同。'}</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th scope="col">项目</th>
              <th scope="col">债务单位</th>
              <th scope="col">承包单位</th>
              <th scope="col" class="num">
                合同金额
              </th>
              <th scope="col">签订日期</th>
              <th scope="col" class="num">
                付款期限
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((c) => (
              <tr>
                <td>
                  <a href={`/console/arrears/contracts/${c.id}`}>{c.projectName}</a>
                </td>
                <td>
                  {c.debtor.name}
                  <div class="muted small">{c.debtor.uscc}</div>
                </td>
                <td>
                  {c.contractor.name}
                  <div class="muted small">{c.contractor.uscc}</div>
                </td>
                <td class="num">{yuan(c.amountFen)}</td>
                <td class="nowrap">{c.signedOn}</td>
                <td class="num">{c.paymentTermDays} 天</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager url={url} nextCursor={page.nextCursor} />
    </Page>
  );
}

type ContractProps = {
  actor: Actor;
  today: string;
  values: FormValues;
  errors: FormErrors;
  detail: Detail;
  entries: Entries;
  interest: Interest;
};

export function ContractView({ actor, values, errors, detail: d, entries, interest }: ContractProps) {
  const back =
    actor.role === 'subject' ? '/console/arrears/contracts' : `/console/arrears/contracts?body=${encodeURIComponent(d.debtor.uscc)}`;
  return (
    <Page title={d.projectName} actor={actor} lead={`合同 ${d.id}`}>
      <p class="actions">
        <a href={back}>返回合同列表</a>
      </p>
      <Facts
        items={[
          ['债务单位', `${d.debtor.name}（${BODY_KINDS[d.debtor.kind] ?? d.debtor.kind}，${d.debtor.uscc}）`],
          ['主管部门', d.debtor.department],
          [
            '承包单位',
            `${d.contractor.name}（${d.contractor.uscc}；签订时${SIZES[d.contractor.sizeAtSigning] ?? d.contractor.sizeAtSigning}企业${d.contractor.smeAtSigning ? '，属中小企业' : ''}）`,
          ],
          ['合同金额', yuan(d.amountFen)],
          ['签订日期', d.signedOn],
          ['付款期限', `${d.paymentTermDays} 天`],
          ['验收期限', d.inspectionPeriodDays === null ? '—' : `${d.inspectionPeriodDays} 天`],
          ['付款规则', PAYMENT_RULES[d.paymentRule.code] ?? d.paymentRule.code],
          ['签订时一年期LPR', d.lprAtSigning ?? '—'],
          ['逾期利息', lateInterestText(d)],
          ['未付本金', yuan(d.outstandingFen)],
        ]}
      />

      <h2>应付款项与到期日</h2>
      {d.obligations.length === 0 ? (
        <Empty>还没有形成应付款（尚无交付或结算）。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th scope="col">依据</th>
              <th scope="col">发生日</th>
              <th scope="col">验收期限</th>
              <th scope="col">验收日</th>
              <th scope="col">付款期起算</th>
              <th scope="col">到期日</th>
              <th scope="col" class="num">
                应付
              </th>
              <th scope="col" class="num">
                已付
              </th>
              <th scope="col" class="num">
                未付
              </th>
              <th scope="col" class="num">
                有争议
              </th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {d.obligations.map((o) => (
              <tr>
                <td>{OBLIGATION_BASIS[o.basis] ?? o.basis}</td>
                <td class="nowrap">{o.aroseOn}</td>
                <td class="nowrap">{o.inspectionDeadline ?? '—'}</td>
                <td class="nowrap">{o.inspectedOn ?? '—'}</td>
                <td class="nowrap">{o.clockStartsOn}</td>
                <td class="nowrap">
                  {o.dueOn}
                  {o.deadlinesProvisional ? <div class="muted small">按暂定工作日表计算</div> : null}
                </td>
                <td class="num">{yuan(o.owedFen)}</td>
                <td class="num">{yuan(o.paidFen)}</td>
                <td class="num">{yuan(o.outstandingFen)}</td>
                <td class="num">{yuan(o.disputedFen)}</td>
                <td>
                  {o.overdue ? (
                    <Badge tone="red">逾期</Badge>
                  ) : BigInt(o.outstandingFen) === 0n ? (
                    <Badge tone="green">已付清</Badge>
                  ) : BigInt(o.outstandingFen) <= BigInt(o.disputedFen) ? (
                    <Badge tone="amber">争议中</Badge>
                  ) : (
                    <Badge>未到期</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2>记账明细</h2>
      {entries.postings.length === 0 ? (
        <Empty>没有记账。</Empty>
      ) : (
        <Table caption="按记账顺序；被冲正的记账不再计入">
          <thead>
            <tr>
              <th scope="col" class="num">
                序号
              </th>
              <th scope="col">日期</th>
              <th scope="col">类型</th>
              <th scope="col">科目</th>
              <th scope="col">方向</th>
              <th scope="col" class="num">
                金额
              </th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {entries.postings.map((p, i) => (
              <tr class={p.reversedBy ? 'reversed' : undefined}>
                <td class="num">{i + 1}</td>
                <td class="nowrap">{p.on}</td>
                <td>{POSTING_TYPES[p.type] ?? p.type}</td>
                <td>{ACCOUNTS[p.account] ?? p.account}</td>
                <td>{DIRECTIONS[p.direction] ?? p.direction}</td>
                <td class="num">{yuan(p.amountFen)}</td>
                <td>
                  {p.reason ? (p.type === 'obligation' ? (EVENT_TYPES[p.reason] ?? p.reason) : p.reason) : ''}
                  {p.reverses ? <div class="muted small">冲正 {p.reverses}</div> : null}
                  {p.reversedBy ? <Badge tone="amber">已冲正</Badge> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2>合同事件</h2>
      {entries.events.length === 0 ? (
        <Empty>没有登记交付、验收、结算或争议。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">事件</th>
              <th scope="col" class="num">
                金额
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.events.map((e) => (
              <tr>
                <td class="nowrap">{e.on}</td>
                <td>{EVENT_TYPES[e.type] ?? e.type}</td>
                <td class="num">{e.amountFen === null ? '—' : yuan(e.amountFen)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2 id="interest">逾期利息</h2>
      <ErrorSummary errors={errors} labels={{ on: '计算截至' }} />
      <form class="search" method="get" action={`/console/arrears/contracts/${d.id}#interest`}>
        <Field name="on" label="计算截至" type="date" values={values} errors={errors} />
        <button type="submit">计算</button>
      </form>
      <InterestSegments interest={interest} />
    </Page>
  );
}

function InterestSegments({ interest }: { interest: Interest }) {
  const segments = interest.obligations.flatMap((o) => o.segments.map((s) => ({ ...s, dueOn: o.dueOn })));
  return (
    <>
      <Facts
        items={[
          ['计算截至', interest.asOf],
          ['利息合计', yuan(interest.totalFen)],
          ['已付利息', yuan(interest.interestPaidFen)],
          ['未付利息', yuan(interest.interestOutstandingFen)],
        ]}
      />
      {segments.length === 0 ? (
        <Empty>{interest.rate === 'none' ? '此合同不计逾期利息。' : `截至 ${interest.asOf} 没有产生逾期利息。`}</Empty>
      ) : (
        <Table caption="每一段：本金自到期次日起、至付款日或计算日止（首尾均计），单段利息不舍入；每笔款项合计后四舍五入到分">
          <thead>
            <tr>
              <th scope="col">款项到期日</th>
              <th scope="col">起</th>
              <th scope="col">止</th>
              <th scope="col" class="num">
                天数
              </th>
              <th scope="col">利率</th>
              <th scope="col" class="num">
                计息本金
              </th>
              <th scope="col" class="num">
                利息
              </th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr>
                <td class="nowrap">{s.dueOn}</td>
                <td class="nowrap">{s.from}</td>
                <td class="nowrap">{s.to}</td>
                <td class="num">{s.days}</td>
                <td>{dailyRateText(s.rate)}</td>
                <td class="num">{yuan(s.principalFen)}</td>
                <td class="num">{exactYuan(s.interestFen)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {interest.obligations
              .filter((o) => o.segments.length > 0)
              .map((o) => (
                <tr>
                  <th scope="row" colspan={6}>
                    到期日 {o.dueOn} 的款项利息（四舍五入到分）
                  </th>
                  <td class="num">{yuan(o.totalFen)}</td>
                </tr>
              ))}
            <tr>
              <th scope="row" colspan={6}>
                合计
              </th>
              <td class="num">{yuan(interest.totalFen)}</td>
            </tr>
          </tfoot>
        </Table>
      )}
    </>
  );
}
