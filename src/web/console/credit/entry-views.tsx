import type { Actor } from '../../../core/actor.js';
import { ACTIONS, type Action, exitReasonsByHand, statementWindowOpen } from '../../../features/lists/index.js';
import { Badge, DaysLeft, Empty, Facts, Table } from '../../components.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues } from '../../forms.js';
import { Page } from '../../layout.js';
import { LIST_NAMES, ROLE_NAMES } from '../../text.js';
import { beijingDay } from '../../time.js';
import { EXIT_REASON_NAMES, SEVERITY_NAMES } from '../../words.js';
import { Filter, FilterForm, Listing, optionsOf, Section } from './common.js';
import type { RecordShown } from './record-views.js';
import { ENTRY_ACTION_NAMES, ENTRY_STATE_NAMES, ENTRY_STATE_TONES } from './words.js';

export type EntryShown = {
  id: string;
  subjectUscc: string;
  subjectName: string;
  legalRepresentative: string;
  list: 'red' | 'black' | 'watch';
  department: string;
  reason: string;
  basis: string;
  documentNo: string;
  recordIds: string[];
  validFrom: string | null;
  validUntil: string;
  state: 'proposed' | 'notified' | 'published' | 'withdrawn' | 'exited';
  notifiedOn: string | null;
  dueOn: string | null;
  deadlinesProvisional: boolean;
  overdue: boolean;
  statement: string | null;
  statementAt: string | null;
  publishedOn: string | null;
  exitedOn: string | null;
  exitReason: string | null;
  voided: boolean;
};
type Transition = {
  action: string;
  from: string;
  to: string;
  on: string;
  actor: string;
  role: string;
  at: string;
  reason: string | null;
  documentNo: string | null;
};

/** What each action's form asks, with a default text a clerk may keep. */
const DEFAULT_REASON: Record<Action, string> = {
  notify: '告知拟列入名单的事实、理由、依据及其依法享有的陈述、申辩权利',
  statement: '陈述申辩',
  publish: '陈述申辩期满（或当事人已陈述申辩），审核通过，予以公示',
  withdraw: '',
  exit: '',
};

export const ACTION_LABELS: Record<string, string> = Object.fromEntries(
  ACTIONS.flatMap((a) => [
    [`${a}.reason`, a === 'exit' ? '移出说明' : '理由'],
    [`${a}.documentNo`, '文书号'],
    [`${a}.statement`, '陈述申辩内容'],
    [`${a}.code`, '移出原因'],
  ]),
);

function ActionForm({
  entry,
  action,
  today,
  values,
  errors,
}: {
  entry: EntryShown;
  action: Action;
  today: string;
  values: FormValues;
  errors: FormErrors;
}) {
  const shown = { [`${action}.reason`]: DEFAULT_REASON[action], ...values };
  return (
    <form method="post" action={`/console/entries/${entry.id}/${action}`} class="card" aria-label={ENTRY_ACTION_NAMES[action]}>
      <h3>{ENTRY_ACTION_NAMES[action]}</h3>
      <FormKey />
      <ErrorSummary errors={errors} labels={ACTION_LABELS} />
      {action === 'exit' ? (
        <Field
          name="exit.code"
          label="移出原因"
          values={shown}
          errors={errors}
          required
          options={exitReasonsByHand(entry, today).map((r): [string, string] => [r, EXIT_REASON_NAMES[r] ?? r])}
          hint="信用修复、异议成立的移出由修复、异议程序办理"
        />
      ) : null}
      {action === 'statement' ? (
        <Field name="statement.statement" label="陈述申辩内容" values={shown} errors={errors} required multiline />
      ) : null}
      <Field name={`${action}.reason`} label={action === 'exit' ? '移出说明' : '理由'} values={shown} errors={errors} required multiline />
      {action === 'notify' || action === 'publish' || action === 'exit' ? (
        <Field name={`${action}.documentNo`} label="文书号" values={shown} errors={errors} hint="可选，如告知书、公示决定的文号" />
      ) : null}
      <button type="submit" class={action === 'withdraw' || action === 'exit' ? 'danger' : undefined}>
        {ENTRY_ACTION_NAMES[action]}
      </button>
    </form>
  );
}

function Provisional({ on }: { on: boolean }) {
  return on ? <span class="muted small">（按临时工作日表计算，正式安排公布后可能顺延）</span> : null;
}

export function EntryPage(props: {
  actor: Actor;
  entry: EntryShown & { history: Transition[] };
  today: string;
  actions: Action[];
  active?: { action: string; values: FormValues; errors: FormErrors };
}) {
  const { entry: e, today, active } = props;
  const live = e.state === 'proposed' || e.state === 'notified' || e.state === 'published';
  return (
    <Page title={`${LIST_NAMES[e.list]} ${e.documentNo}`} actor={props.actor} lead={`${e.subjectName} · ${e.id}`}>
      <p>
        <Badge tone={ENTRY_STATE_TONES[e.state]}>{ENTRY_STATE_NAMES[e.state]}</Badge> {e.voided ? <Badge>视为未列入</Badge> : null}
      </p>
      <Facts
        items={[
          ['主体', `${e.subjectName}（${e.subjectUscc}）`],
          ['法定代表人', e.legalRepresentative],
          ['名单', LIST_NAMES[e.list]],
          ['认定部门', e.department],
          ['文号', e.documentNo],
          ['列入理由', e.reason],
          ['依据', e.basis],
          [
            '依据的记录',
            e.recordIds.length ? (
              <ul class="plain">
                {e.recordIds.map((id) => (
                  <li>
                    <a href={`/console/records/${id}`}>{id}</a>
                  </li>
                ))}
              </ul>
            ) : (
              '—'
            ),
          ],
          ['告知日期', e.notifiedOn],
          [
            '陈述申辩期限',
            e.state === 'notified' ? (
              <>
                <DaysLeft dueOn={e.dueOn} today={today} />
                <Provisional on={e.deadlinesProvisional} />
              </>
            ) : (
              (e.dueOn ?? '—')
            ),
          ],
          ['陈述申辩', e.statement ? `${e.statement}（${beijingDay(e.statementAt)}）` : '—'],
          ['公示日期', e.publishedOn],
          ['有效期至', live ? <DaysLeft dueOn={e.validUntil} today={today} /> : e.validUntil],
          ['移出', e.exitedOn ? `${e.exitedOn}，${EXIT_REASON_NAMES[e.exitReason ?? ''] ?? e.exitReason}` : '—'],
        ]}
      />

      <Section title="可以办理的事项" id="actions">
        {props.actions.length ? (
          <div class="cards">
            {props.actions.map((a) => (
              <ActionForm
                entry={e}
                action={a}
                today={today}
                values={active?.action === a ? active.values : {}}
                errors={active?.action === a ? active.errors : {}}
              />
            ))}
          </div>
        ) : (
          <Empty>
            当前状态（{ENTRY_STATE_NAMES[e.state]}）下，{ROLE_NAMES[props.actor.role]}没有可以办理的事项
            {e.state === 'notified' && !e.statement && e.dueOn && statementWindowOpen(e.dueOn, today)
              ? `；陈述申辩期至 ${e.dueOn}，期满后方可审核公示`
              : ''}
            。
          </Empty>
        )}
        {active && !props.actions.includes(active.action as Action) ? <ErrorSummary errors={active.errors} labels={ACTION_LABELS} /> : null}
      </Section>

      <Section title="办理记录" id="history">
        <Table>
          <thead>
            <tr>
              <th>日期</th>
              <th>事项</th>
              <th>状态变化</th>
              <th>办理人</th>
              <th>理由</th>
              <th>文书号</th>
            </tr>
          </thead>
          <tbody>
            {e.history.map((t) => (
              <tr>
                <td>{t.on}</td>
                <td>{ENTRY_ACTION_NAMES[t.action] ?? t.action}</td>
                <td>
                  {ENTRY_STATE_NAMES[t.from] ?? '—'} → {ENTRY_STATE_NAMES[t.to] ?? t.to}
                </td>
                <td>
                  {t.actor}
                  <div class="muted small">{ROLE_NAMES[t.role as keyof typeof ROLE_NAMES] ?? t.role}</div>
                </td>
                <td>{t.reason ?? '—'}</td>
                <td>{t.documentNo ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Section>
    </Page>
  );
}

export function EntryList(props: {
  actor: Actor;
  url: string;
  filter: FormValues;
  items: EntryShown[];
  nextCursor: string | null;
  today: string;
}) {
  const { filter, today } = props;
  return (
    <Page title="红黑名单管理" actor={props.actor} lead="按提出顺序排列；每个期限显示剩余天数，逾期标红。">
      {props.actor.role === 'regulator' ? (
        <p>
          <a class="button" href="/console/entries/new">
            拟列入名单
          </a>
        </p>
      ) : null}
      <FilterForm action="/console/entries">
        <Filter name="state" label="状态" filter={filter} options={optionsOf(ENTRY_STATE_NAMES, ['', '全部'])} />
        <Filter name="list" label="名单" filter={filter} options={optionsOf(LIST_NAMES, ['', '全部'])} />
        <Filter
          name="awaitingPublication"
          label="待公示"
          filter={filter}
          options={[
            ['', '不限'],
            ['true', '可以审核公示的'],
          ]}
        />
      </FilterForm>
      <Listing
        head={['文号', '主体', '名单', '状态', '陈述申辩期限', '有效期至', '认定部门']}
        count={props.items.length}
        empty="没有符合条件的名单。"
        url={props.url}
        nextCursor={props.nextCursor}
      >
        {props.items.map((e) => {
          const live = e.state === 'proposed' || e.state === 'notified' || e.state === 'published';
          return (
            <tr class={e.overdue ? 'overdue' : undefined}>
              <td>
                <a href={`/console/entries/${e.id}`}>{e.documentNo}</a>
              </td>
              <td>
                {e.subjectName}
                <div class="muted small">{e.subjectUscc}</div>
              </td>
              <td>{LIST_NAMES[e.list]}</td>
              <td>
                <Badge tone={ENTRY_STATE_TONES[e.state]}>{ENTRY_STATE_NAMES[e.state]}</Badge>
              </td>
              <td>
                {e.state === 'notified' ? (
                  <>
                    <DaysLeft dueOn={e.dueOn} today={today} />
                    {e.statement ? <div class="muted small">已陈述申辩</div> : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td>{live ? <DaysLeft dueOn={e.validUntil} today={today} /> : e.validUntil}</td>
              <td>{e.department}</td>
            </tr>
          );
        })}
      </Listing>
    </Page>
  );
}

export const PROPOSE_LABELS: Record<string, string> = {
  subjectUscc: '主体统一社会信用代码',
  list: '名单',
  reason: '列入理由',
  basis: '依据',
  documentNo: '认定文书号',
  recordIds: '依据的记录',
  validUntil: '有效期至',
};

/** Proposing an entry: the list API's propose body, with the subject's records of this department in effect to rest it on. */
export function ProposeForm(props: {
  actor: Actor;
  values: FormValues;
  errors: FormErrors;
  records: RecordShown[] | null;
  chosen: Set<string>;
  maxValidUntil: string;
}) {
  const { values, errors } = props;
  return (
    <Page title="拟列入名单" actor={props.actor} lead="提出后须告知当事人，陈述申辩期（5 个工作日）满或当事人陈述申辩后，由审核人员公示。">
      {props.records === null ? (
        <form method="get" action="/console/entries/new" class="search">
          <Field name="subject" label="先输入主体统一社会信用代码" values={values} errors={errors} />
          <button type="submit">查找其记录</button>
        </form>
      ) : null}
      <ErrorSummary errors={errors} labels={PROPOSE_LABELS} />
      <form method="post" action="/console/entries/new" novalidate>
        <FormKey />
        <Field name="subjectUscc" label={PROPOSE_LABELS.subjectUscc!} values={values} errors={errors} required />
        <Field
          name="list"
          label={PROPOSE_LABELS.list!}
          values={values}
          errors={errors}
          required
          options={[
            ['black', '黑名单（严重失信主体名单）'],
            ['watch', '重点关注名单'],
            ['red', '红名单'],
          ]}
          hint="列入黑名单须至少依据一条本部门在效的严重失信记录"
        />
        <fieldset class="group" id="f-recordIds">
          <legend>{PROPOSE_LABELS.recordIds}</legend>
          {errors.recordIds ? <span class="error">{errors.recordIds}</span> : null}
          {props.records?.length ? (
            <ul class="plain">
              {props.records.map((r, i) => (
                <li>
                  <label>
                    <input type="checkbox" name={`recordIds.${i}`} value={r.id} checked={props.chosen.has(r.id)} /> {r.documentNo}（
                    {r.severity ? SEVERITY_NAMES[r.severity] : '—'}，{r.decidedOn}）
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">
              {props.records === null ? '输入主体代码后显示本部门对其登记的在效失信记录。' : '本部门没有该主体在效的失信记录。'}
            </p>
          )}
        </fieldset>
        <Field name="reason" label={PROPOSE_LABELS.reason!} values={values} errors={errors} required multiline />
        <Field name="basis" label={PROPOSE_LABELS.basis!} values={values} errors={errors} required multiline />
        <Field
          name="documentNo"
          label={PROPOSE_LABELS.documentNo!}
          values={values}
          errors={errors}
          required
          placeholder="沈人防黑〔2026〕1号"
        />
        <Field
          name="validUntil"
          label={PROPOSE_LABELS.validUntil!}
          values={values}
          errors={errors}
          required
          type="date"
          hint={`最长自公示之日起 3 年（今天提出，最晚 ${props.maxValidUntil}）`}
        />
        <button type="submit">提出</button>
      </form>
    </Page>
  );
}
