import type { Child } from 'hono/jsx';
import type { Actor } from '../../../core/actor.js';
import type { selectionRating } from '../../../features/ratings/index.js';
import { Badge, DaysLeft, Empty, Facts, Notice, Table } from '../../components.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues } from '../../forms.js';
import { Page } from '../../layout.js';
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
} from '../../market/announcement-facts.js';
import { bidText, yuan } from '../../text.js';
import { beijingTime } from '../../time.js';
import { EXCLUSION_NAMES, MODE_NAMES, RATING_DIMENSIONS, SELECTION_STATES } from '../../words.js';
import { type ActionKey, type NextActions, nextActions } from './actions.js';
import { MomentLeft } from './moment-left.js';
import { QUOTE_KINDS, RESULT_STATES } from './text.js';

export type Announcement = AnnouncementView;
export type Selection = SelectionView;
export type RatingInfo = Awaited<ReturnType<typeof selectionRating>>;

/** A refused action answered again: which form, what was typed, what is wrong. */
export type Refused = { action: ActionKey; values: FormValues; errors: FormErrors };

export type DetailProps = {
  actor: Actor;
  today: string;
  now: Date;
  announcement: Announcement;
  selection: Selection | null;
  rating: RatingInfo | null;
  serviceName: string;
  done: string | undefined;
  refused: Refused | null;
};

/** What a redirect after a successful action says. */
const DONE: Record<string, string> = {
  created: '草稿已保存。发布前可以修改；发布后报名随即开始。',
  edited: '草稿已修改。',
  publish: '公告已发布：选取规则的哈希与随机数来源已公开，报名已开始。',
  cancel: '公告已取消。',
  selection: '选取已完成，结果见下方。',
  pick: '已从短名单中选定中选机构，结果公示期开始。',
  confirm: '选取结果已确认，可以办理合同备案。',
  contract: '合同已备案。',
  extension: '合同已延期。',
  start: '服务已开始，等待中选机构上传服务成果。',
  'result-decision': '已处理服务成果。',
  rating: '评价已提交并公开。',
};

const ACTION_LABELS: Record<ActionKey, Record<string, string>> = {
  publish: { _form: '发布' },
  cancel: { reason: '取消理由', _form: '取消公告' },
  selection: { _form: '选取' },
  pick: { uscc: '中选机构', _form: '选定' },
  confirm: { _form: '确认结果' },
  contract: { number: '合同编号', amountFen: '合同金额（元）', startsOn: '服务开始日期', endsOn: '服务结束日期', _form: '合同备案' },
  extension: { endsOn: '延至', reason: '延期理由', _form: '合同延期' },
  start: { _form: '开始服务' },
  'result-decision': { decision: '处理意见', note: '说明', _form: '处理服务成果' },
  rating: {
    quality: '质量',
    timeliness: '时效',
    attitude: '态度',
    fee: '收费',
    conduct: '规范',
    comment: '评价意见',
    _form: '评价',
  },
};

/** /console/announcements/{id}: the owner's announcement, its selection, contract, results and rating, and what it may do next. */
export function DetailPage(props: DetailProps) {
  const { actor, announcement: a, selection: sel, refused } = props;
  const next = nextActions(a, sel, props.rating, props.now, props.today);
  return (
    <Page
      title={a.projectName}
      actor={actor}
      lead={
        <>
          <StateBadge state={a.state} /> 投资项目代码 {a.projectCode} · {MODE_NAMES[a.mode] ?? a.mode}
        </>
      }
    >
      <p>
        <a href="/console/announcements">← 我的项目公告</a>
        {a.publishedAt !== null ? (
          <>
            {' · '}
            <a href={`/market/announcements/${a.id}`}>公开页面（公告、结果与抽取证明）</a>
          </>
        ) : null}
      </p>
      {props.done && DONE[props.done] ? <Notice tone="ok">{DONE[props.done]}</Notice> : null}

      <section aria-labelledby="next-title">
        <h2 id="next-title">下一步</h2>
        {refused ? <ErrorSummary errors={refused.errors} labels={ACTION_LABELS[refused.action]} /> : null}
        <Actions {...props} next={next} />
      </section>

      <section aria-labelledby="facts-title">
        <h2 id="facts-title">公告</h2>
        <AnnouncementFacts {...props} />
      </section>

      <section aria-labelledby="pool-title">
        <h2 id="pool-title">报名与资格审查</h2>
        <Pool announcement={a} selection={sel} />
      </section>

      {sel ? (
        <section aria-labelledby="result-title">
          <h2 id="result-title">选取结果</h2>
          <SelectionResult announcement={a} selection={sel} today={props.today} />
        </section>
      ) : null}

      {sel?.contract ? (
        <section aria-labelledby="contract-title">
          <h2 id="contract-title">合同备案</h2>
          <Contract contract={sel.contract} today={props.today} running={a.state === 'under_contract' || a.state === 'in_service'} />
        </section>
      ) : null}

      {sel && sel.results.length > 0 ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">服务成果</h2>
          <Results results={sel.results} />
        </section>
      ) : null}

      {props.rating?.rating ? (
        <section aria-labelledby="rating-title">
          <h2 id="rating-title">评价</h2>
          <Rating rating={props.rating.rating} />
        </section>
      ) : null}

      <section aria-labelledby="steps-title">
        <h2 id="steps-title">办理记录</h2>
        <StepsTable steps={a.steps} />
      </section>
    </Page>
  );
}

function AnnouncementFacts({ announcement: a, serviceName, today }: DetailProps) {
  const items: [string, Child][] = [
    ['项目业主', `${a.ownerName}${a.ownerUscc ? `（${a.ownerUscc}）` : ''}`],
    ['服务事项', serviceName],
    ['项目所在地', a.region],
    ['资金来源', a.fiscal ? '财政资金' : '非财政资金'],
    ['选取方式', MODE_NAMES[a.mode] ?? a.mode],
    ...(a.mode === 'direct' ? ([['直接选取的机构', a.directUscc]] as [string, Child][]) : []),
    ...(a.mode === 'credit_first'
      ? ([['长名单 / 短名单', `${a.longListSize ?? '默认'} 家 / ${a.shortListSize ?? '默认'} 家`]] as [string, Child][])
      : []),
    ['报价方式', QUOTE_KINDS[a.quoteKind] ?? a.quoteKind],
    ['限价', priceText(a)],
    [
      '报名截止',
      a.state === 'draft' || a.state === 'signing_up' ? <MomentLeft iso={a.signupDeadline} today={today} /> : beijingTime(a.signupDeadline),
    ],
    ['选取时间', beijingTime(a.selectionAt)],
    ['资质要求', qualificationsText(a)],
    ['最少专业技术人员', `${a.minStaff} 人`],
    ['回避', avoidText(a)],
    ['见证人', a.witnesses ? '邀请' : '不邀请'],
    ['中选机构', a.publishWinner ? '公示' : '不公示'],
    ['投诉联系方式', a.complaintContact],
    ['项目说明', a.description || '—'],
    ['发布时间', beijingTime(a.publishedAt)],
  ];
  if (a.commitment)
    items.push(
      ['选取规则哈希', <code class="break">{a.commitment.ruleHash}</code>],
      [
        '随机数来源',
        a.commitment.source.type === 'drand'
          ? `drand 信标第 ${a.commitment.source.round} 轮（${beijingTime(a.commitment.source.roundTime)}）`
          : '承诺-揭示种子（发布时公开种子哈希）',
      ],
    );
  if (a.failureReason) items.push(['失败原因', a.failureReason]);
  return <Facts items={items} />;
}

function Pool({ announcement: a, selection: sel }: { announcement: Announcement; selection: Selection | null }) {
  if (!sel || sel.pool.length === 0) {
    if (a.state === 'draft') return <Empty>草稿尚未发布，还没有报名。</Empty>;
    if (a.state === 'cancelled') return <Empty>公告已取消。</Empty>;
    return <Empty>报名截止前报名单位不向业主公开；选取时对每家报名单位重新审查资格，结果在此列出。</Empty>;
  }
  return (
    <Table caption="选取时对每家报名单位的资格审查（不符合条件的列明理由）。">
      <thead>
        <tr>
          <th>中介机构</th>
          <th>资格</th>
          <th>不符合的理由</th>
          <th class="num">报价</th>
        </tr>
      </thead>
      <tbody>
        {sel.pool.map((p) => (
          <tr>
            <AgencyCell uscc={p.uscc} name={p.name} />
            <td>{p.eligible ? <Badge tone="green">符合</Badge> : <Badge tone="red">不符合</Badge>}</td>
            <td class="small">
              {p.exclusions.length ? p.exclusions.map((e) => `${EXCLUSION_NAMES[e.code] ?? e.code}：${e.detail}`).join('；') : '—'}
            </td>
            <td class="num">{bidText(p.bid)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function SelectionResult({ announcement: a, selection: s, today }: { announcement: Announcement; selection: Selection; today: string }) {
  const nameOf = poolNames(s);
  const items: [string, Child][] = [
    ['状态', SELECTION_STATES[s.state] ?? s.state],
    ['选取时间', beijingTime(s.madeAt)],
    ['中选机构', s.winner ? `${s.winner.name}（${s.winner.uscc}）` : s.state === 'awaiting_pick' ? '待从短名单中选定' : '无'],
  ];
  if (s.winnerBid) items.push(['中选报价', bidText(s.winnerBid)]);
  if (s.factor !== null) items.push(['抽取的系数 K', `${s.factor}%`]);
  if (s.reference !== null) items.push(['基准价', s.reference]);
  if (s.order.length) items.push(['顺序', s.order.map((u, i) => `${i + 1}. ${nameOf(u)}`).join('　')]);
  if (s.shortlist.length) items.push(['短名单', s.shortlist.map(nameOf).join('、')]);
  if (s.failure) items.push(['失败原因', `${s.failure.code}：${s.failure.detail}`]);
  if (s.publicityEndsOn)
    items.push(['结果公示期至', s.state === 'publicised' ? <DaysLeft dueOn={s.publicityEndsOn} today={today} /> : s.publicityEndsOn]);
  if (s.confirmedAt) items.push(['确认时间', beijingTime(s.confirmedAt)]);
  if (s.poolHash) items.push(['报名池哈希', <code class="break">{s.poolHash}</code>]);
  if (s.poolFixedAt) items.push(['报名池固定时间', beijingTime(s.poolFixedAt)]);
  return (
    <>
      <Facts items={items} />
      <p>
        <a href={`/market/announcements/${a.id}`}>公开的选取结果与“自己验证”说明</a>
        {s.proof ? (
          <>
            {' · '}
            <a href={s.proof}>抽取证明文件（JSON）</a>
            <span class="muted small">（可用 npm run verify-draw 离线复核）</span>
          </>
        ) : null}
      </p>
      {s.changes.length ? (
        <>
          <h3>中选机构变更</h3>
          <ChangesTable changes={s.changes} nameOf={nameOf} />
        </>
      ) : null}
      {s.objections.length ? (
        <>
          <h3>异议</h3>
          <ObjectionsTable objections={s.objections} nameOf={nameOf} />
        </>
      ) : null}
    </>
  );
}

function Contract({ contract: k, today, running }: { contract: NonNullable<Selection['contract']>; today: string; running: boolean }) {
  return (
    <>
      <Facts
        items={[
          ['合同编号', k.number],
          ['合同金额', yuan(k.amountFen)],
          ['服务开始', k.startsOn],
          ['服务结束', running ? <DaysLeft dueOn={k.endsOn} today={today} /> : k.endsOn],
        ]}
      />
      {k.extensions.length ? (
        <Table caption="延期记录">
          <thead>
            <tr>
              <th>办理时间</th>
              <th>延至</th>
              <th>理由</th>
            </tr>
          </thead>
          <tbody>
            {k.extensions.map((e) => (
              <tr>
                <td>{beijingTime(e.filedAt)}</td>
                <td>{e.endsOn}</td>
                <td class="small">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}

function Results({ results }: { results: Selection['results'] }) {
  return (
    <Table>
      <thead>
        <tr>
          <th>时间</th>
          <th>状态</th>
          <th>成果文件</th>
          <th>说明</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr>
            <td>{beijingTime(r.at)}</td>
            <td>{RESULT_STATES[r.state] ?? r.state}</td>
            <td>{r.document}</td>
            <td class="small">{r.note ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Rating({ rating: r }: { rating: NonNullable<RatingInfo['rating']> }) {
  return (
    <Facts
      items={[
        ...RATING_DIMENSIONS.map(([key, label]): [string, Child] => [label, `${r[key]} 分`]),
        ['综合', `${r.overall} 分`],
        ['评价意见', r.comment || '—'],
        ['评价日期', r.ratedOn],
        ['状态', r.setAside ? '异议成立，已不计入' : '计入机构的社会评价'],
      ]}
    />
  );
}

/** The forms of the actions the owner may take now, and why others must wait. */
function Actions(props: DetailProps & { next: NextActions }) {
  const { announcement: a, next, refused } = props;
  const base = `/console/announcements/${a.id}`;
  const form = (key: ActionKey) => ({
    values: refused?.action === key ? refused.values : {},
    errors: refused?.action === key ? refused.errors : {},
  });
  const blocks: Child[] = [];
  for (const action of next.offered) {
    switch (action.key) {
      case 'edit':
        blocks.push(
          <a class="button secondary" href={`${base}/edit`}>
            修改草稿
          </a>,
        );
        break;
      case 'publish':
        blocks.push(
          <form method="post" action={`${base}/publish`} class="action">
            <FormKey />
            <p class="muted small">发布后公开选取规则哈希与随机数来源，报名立即开始，草稿不能再修改。</p>
            <button type="submit">发布公告</button>
          </form>,
        );
        break;
      case 'selection':
        blocks.push(
          <form method="post" action={`${base}/selection`} class="action">
            <FormKey />
            <p class="muted small">
              {a.state === 'selecting'
                ? '报名池已固定，正在等待承诺的随机数；随机数公布后即可完成选取。'
                : '选取时间已到：报名截止，对每家报名单位重新审查资格，固定报名池后按承诺的规则选取。'}
            </p>
            <button type="submit">{a.state === 'selecting' ? '再次尝试选取' : '开始选取'}</button>
          </form>,
        );
        break;
      case 'pick':
        blocks.push(
          <form method="post" action={`${base}/pick`} class="action">
            <FormKey />
            <Field
              name="uscc"
              label="从短名单中选定中选机构"
              required
              options={[['', '请选择'], ...action.shortlist.map((s): [string, string] => [s.uscc, `${s.name}（${s.uscc}）`])]}
              {...form('pick')}
            />
            <button type="submit">选定</button>
          </form>,
        );
        break;
      case 'confirm':
        blocks.push(
          <form method="post" action={`${base}/confirm`} class="action">
            <FormKey />
            <p class="muted small">公示期已满且没有未处理的异议。确认时再次审查中选机构；已受限制的由下一顺位递补。</p>
            <button type="submit">确认选取结果</button>
          </form>,
        );
        break;
      case 'contract':
        blocks.push(
          <form method="post" action={`${base}/contract`} class="action" novalidate>
            <FormKey />
            <h3>合同备案</h3>
            <Field name="number" label="合同编号" required {...form('contract')} />
            <Field name="amountFen" label="合同金额（元）" required hint="最多两位小数" inputmode="decimal" {...form('contract')} />
            <Field name="startsOn" label="服务开始日期" type="date" required {...form('contract')} />
            <Field name="endsOn" label="服务结束日期" type="date" required {...form('contract')} />
            <button type="submit">备案</button>
          </form>,
        );
        break;
      case 'start':
        blocks.push(
          <form method="post" action={`${base}/start`} class="action">
            <FormKey />
            <button type="submit">开始服务</button>
          </form>,
        );
        break;
      case 'extension':
        blocks.push(
          <form method="post" action={`${base}/extension`} class="action" novalidate>
            <FormKey />
            <h3>合同延期</h3>
            <Field name="endsOn" label="延至" type="date" required {...form('extension')} />
            <Field name="reason" label="延期理由" multiline required {...form('extension')} />
            <button type="submit" class="secondary">
              延期
            </button>
          </form>,
        );
        break;
      case 'result-decision':
        blocks.push(
          <form method="post" action={`${base}/result-decision`} class="action" novalidate>
            <FormKey />
            <h3>处理服务成果：{action.document}</h3>
            <Field
              name="decision"
              label="处理意见"
              required
              options={[
                ['confirm', '确认（公告完成，开始 180 日评价期）'],
                ['return', '退回，要求重新上传'],
              ]}
              {...form('result-decision')}
            />
            <Field name="note" label="说明" multiline required {...form('result-decision')} />
            <button type="submit">提交</button>
          </form>,
        );
        break;
      case 'rating':
        blocks.push(
          <form method="post" action={`${base}/rating`} class="action" novalidate>
            <FormKey />
            <h3>评价中选机构</h3>
            <p class="muted small">
              评价期至 {action.lastDay}（<DaysLeft dueOn={action.lastDay} today={props.today} />
              ），每项 1（最差）至 5（最好）分；评价公开，只能评价一次。
            </p>
            {RATING_DIMENSIONS.map(([name, label]) => (
              <Field
                name={name}
                label={label}
                required
                options={[
                  ['', '请选择'],
                  ['5', '5 分'],
                  ['4', '4 分'],
                  ['3', '3 分'],
                  ['2', '2 分'],
                  ['1', '1 分'],
                ]}
                {...form('rating')}
              />
            ))}
            <Field name="comment" label="评价意见" multiline hint="公开，最多 500 字" {...form('rating')} />
            <button type="submit">提交评价</button>
          </form>,
        );
        break;
      case 'cancel':
        blocks.push(
          <form method="post" action={`${base}/cancel`} class="action" novalidate>
            <FormKey />
            <h3>取消公告</h3>
            <Field
              name="reason"
              label="取消理由"
              multiline
              required
              hint={a.state === 'draft' ? undefined : '随取消公告一同公开'}
              {...form('cancel')}
            />
            <button type="submit" class="danger">
              取消公告
            </button>
          </form>,
        );
        break;
    }
  }
  return (
    <>
      {next.waiting.map((w) => (
        <Notice>{w}</Notice>
      ))}
      {blocks.length ? <div class="actions-stack">{blocks}</div> : next.waiting.length ? null : <Empty>没有需要办理的事项。</Empty>}
    </>
  );
}
