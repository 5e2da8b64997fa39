import type { Actor } from '../../core/actor.js';
import type { listAnnouncements } from '../../features/announcements/index.js';
import { Badge, Empty, Facts, Notice, Pager, Table } from '../components.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { bidText, yuan } from '../text.js';
import { beijingDay, beijingTime } from '../time.js';
import { ANNOUNCEMENT_STATES, EXCLUSION_NAMES, MODE_NAMES, SELECTION_STATES } from '../words.js';
import {
  AgencyCell,
  type AnnouncementView,
  avoidText,
  ChangesTable,
  ObjectionsTable,
  poolNames,
  priceText,
  qualificationsText,
  type SelectionView,
  StateBadge,
  StepsTable,
} from './announcement-facts.js';
import type { Services } from './directory-page.js';
import { MarketLinks } from './directory-page.js';
import { DrawProofSection, type DrawWorkings } from './draw-proof.js';

export type { AnnouncementView, SelectionView } from './announcement-facts.js';
export type AnnouncementList = Awaited<ReturnType<typeof listAnnouncements>>;

const serviceName = (services: Services, code: string) => services.find((s) => s.code === code)?.name ?? code;

/** /market/announcements: published announcements, newest first, by state and service. */
export function AnnouncementListPage(props: {
  actor?: Actor;
  url: string;
  values: FormValues;
  errors: FormErrors;
  states: readonly string[];
  services: Services;
  page: AnnouncementList | null;
}) {
  const { actor, url, values, errors, states, services, page } = props;
  return (
    <Page title="采购公告" actor={actor} lead="项目业主在中介超市发布的采购公告，最新的在前：报名条件、选取方式、选取结果和抽取证明。">
      <MarketLinks />
      <ErrorSummary errors={errors} labels={{ state: '状态', service: '服务', cursor: '翻页位置' }} />
      <form method="get" action="/market/announcements" class="search" aria-label="筛选公告">
        <Field
          name="state"
          label="状态"
          values={values}
          errors={errors}
          options={[['', '全部'], ...states.map((s): [string, string] => [s, ANNOUNCEMENT_STATES[s] ?? s])]}
        />
        <Field
          name="service"
          label="服务"
          values={values}
          errors={errors}
          options={[['', '全部服务'], ...services.map((s): [string, string] => [s.code, s.name])]}
        />
        <button type="submit">筛选</button>
      </form>
      {page === null ? null : page.items.length === 0 ? (
        <Empty>没有符合条件的公告。</Empty>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <th>项目</th>
                <th>服务</th>
                <th>选取方式</th>
                <th>报名截止</th>
                <th>状态</th>
                <th>中选机构</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <tr>
                  <td>
                    <a href={`/market/announcements/${a.id}`}>{a.projectName}</a>
                    <div class="muted small">
                      {a.projectCode} · {a.ownerName}
                    </div>
                  </td>
                  <td>{serviceName(services, a.service)}</td>
                  <td>{MODE_NAMES[a.mode] ?? a.mode}</td>
                  <td>{beijingTime(a.signupDeadline)}</td>
                  <td>
                    <StateBadge state={a.state} />
                  </td>
                  <td>{a.result?.winner ? a.result.winner.name : <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager url={url} nextCursor={page.nextCursor} />
        </>
      )}
    </Page>
  );
}

/** The sign-ups as published: the pool, every sign-up judged when it was fixed, with its bid once opened. */
function Signups({ a, sel }: { a: AnnouncementView; sel: SelectionView | null }) {
  if (!sel) {
    const before = ['published', 'signing_up', 'selecting'].includes(a.state);
    return (
      <p class="muted">
        {a.mode === 'direct'
          ? '直接选取：不设报名。'
          : before
            ? '报名截止、入围名单固定后公布报名机构及其资格审查结果；密封报价在开标前不向任何人显示。'
            : '没有公布报名情况。'}
      </p>
    );
  }
  if (sel.pool.length === 0) return <Empty>没有机构报名。</Empty>;
  const bids = sel.pool.some((p) => p.bid);
  return (
    <Table caption={`入围名单固定时（${beijingTime(sel.poolFixedAt ?? sel.madeAt)}）对每家报名机构的资格审查`}>
      <thead>
        <tr>
          <th>机构</th>
          <th>资格审查</th>
          {bids ? <th class="num">报价（开标后公开）</th> : null}
        </tr>
      </thead>
      <tbody>
        {sel.pool.map((p) => (
          <tr>
            <AgencyCell uscc={p.uscc} name={p.name} />
            <td>
              {p.eligible ? (
                <Badge tone="green">入围</Badge>
              ) : (
                <>
                  <Badge tone="red">不入围</Badge>
                  <ul class="plain small">
                    {p.exclusions.map((e) => (
                      <li>
                        {EXCLUSION_NAMES[e.code] ?? e.code}：{e.detail}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </td>
            {bids ? <td class="num">{bidText(p.bid)}</td> : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The result: who was selected and at what fee, the publicity, changes, objections, contract and results. */
function Result({ a, sel }: { a: AnnouncementView; sel: SelectionView | null }) {
  if (!sel || !a.result) {
    if (a.state === 'cancelled') return <p>公告已取消{a.failureReason ? `：${a.failureReason}` : '。'}</p>;
    if (a.state === 'failed') return <p>选取失败{a.failureReason ? `：${a.failureReason}` : '。'}</p>;
    return <p class="muted">尚未选取。选取时间：{beijingTime(a.selectionAt)}。</p>;
  }
  const nameOf = poolNames(sel);
  return (
    <>
      <Facts
        items={[
          ['选取状态', SELECTION_STATES[sel.state] ?? sel.state],
          ['选取时间', beijingTime(sel.madeAt)],
          [
            '中选机构',
            sel.winner ? (
              <a href={`/market/agencies/${sel.winner.uscc}`}>
                {sel.winner.name}（{sel.winner.uscc}）
              </a>
            ) : sel.state === 'awaiting_pick' ? (
              '待项目业主从短名单中选定'
            ) : sel.state === 'failed' ? (
              '无'
            ) : (
              '项目业主选择不公布中选机构名称（抽取证明仍然公开）'
            ),
          ],
          ['中选报价', sel.winnerBid ? bidText(sel.winnerBid) : '—'],
          ['合同金额', sel.contract ? yuan(sel.contract.amountFen) : '—'],
          ['结果公示截止', sel.publicityEndsOn ?? '—'],
          ['确认时间', beijingTime(sel.confirmedAt)],
          ['服务完成', sel.completedOn ?? '—'],
        ]}
      />
      {sel.failure ? <Notice tone="error">选取失败：{sel.failure.detail}</Notice> : null}
      {sel.shortlist.length ? (
        <p>
          短名单（按抽取顺序）：
          {sel.shortlist.map((u, i) => (
            <>
              {i > 0 ? '、' : ''}
              <a href={`/market/agencies/${u}`}>{nameOf(u)}</a>
            </>
          ))}
        </p>
      ) : null}
      {sel.changes.length ? (
        <>
          <h3>中选机构的变更</h3>
          <ChangesTable changes={sel.changes} nameOf={nameOf} />
        </>
      ) : null}
      {sel.objections.length ? (
        <>
          <h3>结果公示期间的异议</h3>
          <ObjectionsTable objections={sel.objections} nameOf={nameOf} />
        </>
      ) : null}
      {sel.contract ? (
        <>
          <h3>合同备案</h3>
          <Facts
            items={[
              ['合同编号', sel.contract.number],
              ['合同金额', yuan(sel.contract.amountFen)],
              ['服务期限', `${sel.contract.startsOn} 至 ${sel.contract.endsOn}`],
              ...sel.contract.extensions.map((e): [string, string] => ['延期', `至 ${e.endsOn}：${e.reason}`]),
            ]}
          />
        </>
      ) : null}
      {sel.results.length ? (
        <>
          <h3>服务成果</h3>
          <ul>
            {sel.results.map((r) => (
              <li>
                {beijingDay(r.at)}：{r.document}（{r.state === 'uploaded' ? '已提交' : r.state === 'confirmed' ? '业主已确认' : '业主退回'}
                {r.note ? `，${r.note}` : ''}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** /market/announcements/<id>: the announcement, its sign-ups, its result and, for a draw, its proof. */
export function AnnouncementPage(props: {
  actor?: Actor;
  a: AnnouncementView;
  sel: SelectionView | null;
  draw: DrawWorkings | null;
  services: Services;
}) {
  const { actor, a, sel, draw, services } = props;
  const names = new Map((sel?.pool ?? []).map((p) => [p.uscc, p.name]));
  return (
    <Page title={a.projectName} actor={actor} lead={`${a.projectCode} · ${a.ownerName} · 采购公告`}>
      <MarketLinks />
      <p>
        <StateBadge state={a.state} />
      </p>
      <h2>公告内容</h2>
      <Facts
        items={[
          ['项目编号', a.projectCode],
          ['项目名称', a.projectName],
          ['项目业主', a.ownerUscc ? `${a.ownerName}（${a.ownerUscc}）` : a.ownerName],
          ['服务', serviceName(services, a.service)],
          ['项目所在地', a.region],
          ['资金来源', a.fiscal ? '财政资金' : '非财政资金'],
          [
            '选取方式',
            `${MODE_NAMES[a.mode] ?? a.mode}${a.mode === 'credit_first' ? `（长名单 ${a.longListSize ?? '—'} 家，短名单 ${a.shortListSize ?? '—'} 家）` : ''}`,
          ],
          ['报价', priceText(a)],
          ['报名截止', beijingTime(a.signupDeadline)],
          ['选取时间', beijingTime(a.selectionAt)],
          ['资质要求', qualificationsText(a)],
          ['执业人员', a.minStaff ? `不少于 ${a.minStaff} 人` : '不限'],
          ['回避', avoidText(a)],
          ['见证', a.witnesses ? '选取过程有见证人' : '无'],
          ['投诉联系', a.complaintContact],
          ['发布时间', beijingTime(a.publishedAt)],
        ]}
      />
      {a.description ? <p>{a.description}</p> : null}
      {a.commitment ? (
        <p class="small">
          发布时公开的承诺：规则哈希 <code class="hash">{a.commitment.ruleHash}</code>；随机源{' '}
          {a.commitment.source.type === 'commit-reveal' ? (
            <>
              种子哈希 <code class="hash">{a.commitment.source.seedHash}</code>
            </>
          ) : (
            `drand 第 ${a.commitment.source.round} 轮（${beijingTime(a.commitment.source.roundTime)}）`
          )}
          。抽取后可据此核对证明。
        </p>
      ) : null}

      <h2>报名情况</h2>
      <Signups a={a} sel={sel} />

      <h2>选取结果</h2>
      <Result a={a} sel={sel} />

      {draw ? <DrawProofSection w={draw} names={names} winnerNamed={sel?.publishWinner ?? false} /> : null}

      <h2>办理过程</h2>
      <StepsTable steps={a.steps} />
      <p class="muted small">
        接口数据：<a href={`/api/v1/market/announcements/${a.id}`}>公告（JSON）</a>
        {a.result ? (
          <>
            {' · '}
            <a href={`/api/v1/market/selections/${a.result.selectionId}`}>选取结果（JSON）</a>
          </>
        ) : null}
        {a.result?.proof ? (
          <>
            {' · '}
            <a href={a.result.proof}>抽取证明（JSON）</a>
          </>
        ) : null}
      </p>
    </Page>
  );
}
