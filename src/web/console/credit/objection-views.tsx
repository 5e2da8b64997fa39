import type { Actor } from '../../../core/actor.js';
import { DaysLeft, Empty, Facts } from '../../components.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues } from '../../forms.js';
import { Page } from '../../layout.js';
import { SEVERITY_NAMES } from '../../words.js';
import {
  Filter,
  FilterForm,
  Listing,
  OVERDUE_OPTIONS,
  optionsOf,
  QueueRow,
  Running as RunningDue,
  Section,
  StateOverdue,
} from './common.js';
import { OBJECTION_DECISION_NAMES, OBJECTION_STATE_NAMES, TARGET_NAMES } from './words.js';

export type ObjectionShown = {
  id: string;
  target: 'record' | 'listEntry' | 'repair';
  targetId: string;
  subjectUscc: string;
  department: string;
  filedBy: string;
  grounds: string;
  evidence: { name: string; sha256: string }[];
  filedOn: string;
  state: string;
  forwardDueOn: string;
  forwardedOn: string | null;
  decideDueOn: string | null;
  dueOn: string | null;
  overdue: boolean;
  deadlinesProvisional: boolean;
  extensionReason: string | null;
  decisionReason: string | null;
  decidedOn: string | null;
};

/** A case's target, linked to its console page. */
export function targetHref(target: string, id: string): string {
  if (target === 'record') return `/console/records/${id}`;
  if (target === 'listEntry') return `/console/entries/${id}`;
  return `/console/repairs/${id}`;
}

export type ObjectionForm = 'forward' | 'extension' | 'decision';

export const OBJECTION_LABELS: Record<string, string> = {
  'extension.newDueOn': '新的办理期限',
  'extension.reason': '延长理由',
  'decision.decision': '核查结论',
  'decision.reason': '理由',
  'decision.correction': '更正内容',
  'decision.correction.severity': '更正后的失信程度',
  'decision.correction.decidedOn': '更正后的决定日期',
  'decision.correction.documentNo': '更正后的决定文书号',
  'decision.correction.facts': '更正后的事实',
};

/** The queue's filters beyond a single state. */
const QUEUE_STATE_NAMES: Record<string, string> = { open: '待办（待转办、待决定）', all: '全部' };

/** What is running now: forward by (filed), decide by (forwarded). */
function Running({ o, today }: { o: ObjectionShown; today: string }) {
  return <RunningDue dueOn={o.dueOn} today={today} label={o.state === 'filed' ? '转办期限' : '核查决定期限'} />;
}

export function ObjectionList(props: {
  actor: Actor;
  url: string;
  filter: FormValues;
  items: ObjectionShown[];
  nextCursor: string | null;
  today: string;
  /** The state filters the queue takes from this reader (the platform: only those waiting to be forwarded). */
  states: readonly string[];
}) {
  const { filter, today } = props;
  return (
    <Page title="异议处理" actor={props.actor} lead="按办理期限排序，最先到期的在前；逾期的标红。转办 1 个工作日，核查决定 7 个工作日。">
      <FilterForm action="/console/objections">
        <Filter
          name="state"
          label="状态"
          filter={filter}
          options={props.states.map((state): [string, string] => [
            state,
            QUEUE_STATE_NAMES[state] ?? OBJECTION_STATE_NAMES[state] ?? state,
          ])}
        />
        <Filter name="overdue" label="逾期" filter={filter} options={OVERDUE_OPTIONS} />
      </FilterForm>
      <Listing
        head={['异议', '对象', '主体', '提出日期', '状态', '办理期限']}
        count={props.items.length}
        empty="没有符合条件的异议。"
        url={props.url}
        nextCursor={props.nextCursor}
      >
        {props.items.map((o) => (
          <QueueRow
            href={`/console/objections/${o.id}`}
            id={o.id}
            target={TARGET_NAMES[o.target]}
            subjectUscc={o.subjectUscc}
            on={o.filedOn}
            state={OBJECTION_STATE_NAMES[o.state] ?? o.state}
            overdue={o.overdue}
            running={<Running o={o} today={today} />}
          />
        ))}
      </Listing>
    </Page>
  );
}

export function ObjectionPage(props: {
  actor: Actor;
  objection: ObjectionShown;
  today: string;
  forms: ObjectionForm[];
  active?: { form: string; values: FormValues; errors: FormErrors };
}) {
  const { objection: o, today, active } = props;
  const of = (form: ObjectionForm) => (active?.form === form ? active : { values: {} as FormValues, errors: {} as FormErrors });
  const extension = of('extension');
  const decision = of('decision');
  const forward = of('forward');
  const decisions = Object.entries(OBJECTION_DECISION_NAMES).filter(([k]) => k !== 'partly_upheld' || o.target === 'record');
  return (
    <Page title={`异议 ${o.id}`} actor={props.actor} lead={`${TARGET_NAMES[o.target]} · ${o.subjectUscc}`}>
      <Facts
        items={[
          ['状态', <StateOverdue name={OBJECTION_STATE_NAMES[o.state] ?? o.state} overdue={o.overdue} />],
          ['对象', <a href={targetHref(o.target, o.targetId)}>{`${TARGET_NAMES[o.target]} ${o.targetId}`}</a>],
          ['主体', o.subjectUscc],
          ['核查部门', o.department],
          ['提出人', o.filedBy],
          ['提出日期', o.filedOn],
          ['异议理由', o.grounds],
          ['材料', o.evidence.length ? o.evidence.map((e) => e.name).join('；') : '无'],
          ['转办期限', o.state === 'filed' ? <DaysLeft dueOn={o.forwardDueOn} today={today} /> : o.forwardDueOn],
          ['转办日期', o.forwardedOn],
          ['核查决定期限', o.state === 'forwarded' ? <DaysLeft dueOn={o.decideDueOn} today={today} /> : o.decideDueOn],
          ['延长理由', o.extensionReason],
          ['决定', o.decidedOn ? `${o.decidedOn}：${o.decisionReason ?? ''}` : '—'],
        ]}
      />
      {o.deadlinesProvisional ? <p class="muted small">期限按临时工作日表计算，正式安排公布后可能顺延。</p> : null}
      <Section title="可以办理的事项" id="actions">
        {props.forms.length === 0 ? <Empty>当前状态下，你没有可以办理的事项。</Empty> : null}
        {active && !props.forms.includes(active.form as ObjectionForm) ? (
          <ErrorSummary errors={active.errors} labels={OBJECTION_LABELS} />
        ) : null}
        <div class="cards">
          {props.forms.includes('forward') ? (
            <form method="post" action={`/console/objections/${o.id}/forward`} class="card" aria-label="转办">
              <h3>转办核查部门</h3>
              <FormKey />
              <ErrorSummary errors={forward.errors} labels={OBJECTION_LABELS} />
              <p class="muted small">转办后，核查部门须在 7 个工作日内作出决定。</p>
              <button type="submit">转办</button>
            </form>
          ) : null}
          {props.forms.includes('decision') ? (
            <form method="post" action={`/console/objections/${o.id}/decision`} class="card" aria-label="核查决定">
              <h3>核查决定</h3>
              <FormKey />
              <ErrorSummary errors={decision.errors} labels={OBJECTION_LABELS} />
              <Field
                name="decision.decision"
                label="核查结论"
                values={decision.values}
                errors={decision.errors}
                required
                options={decisions.map(([k, v]): [string, string] => [k, v])}
              />
              <Field name="decision.reason" label="理由" values={decision.values} errors={decision.errors} required multiline />
              {o.target === 'record' ? (
                <fieldset class="group">
                  <legend>部分成立时：更正内容（只填需要更正的项）</legend>
                  {decision.errors['decision.correction'] ? <span class="error">{decision.errors['decision.correction']}</span> : null}
                  <Field
                    name="decision.correction.severity"
                    label="失信程度"
                    values={decision.values}
                    errors={decision.errors}
                    options={optionsOf(SEVERITY_NAMES, ['', '不更正'])}
                  />
                  <Field
                    name="decision.correction.decidedOn"
                    label="决定日期"
                    type="date"
                    values={decision.values}
                    errors={decision.errors}
                  />
                  <Field name="decision.correction.documentNo" label="决定文书号" values={decision.values} errors={decision.errors} />
                  <Field name="decision.correction.facts" label="事实" multiline values={decision.values} errors={decision.errors} />
                </fieldset>
              ) : null}
              <button type="submit">作出决定</button>
            </form>
          ) : null}
          {props.forms.includes('extension') ? (
            <form method="post" action={`/console/objections/${o.id}/extension`} class="card" aria-label="延长期限">
              <h3>延长办理期限</h3>
              <FormKey />
              <ErrorSummary errors={extension.errors} labels={OBJECTION_LABELS} />
              <Field
                name="extension.newDueOn"
                label="新的办理期限"
                type="date"
                values={extension.values}
                errors={extension.errors}
                required
              />
              <Field name="extension.reason" label="延长理由" values={extension.values} errors={extension.errors} required multiline />
              <button type="submit" class="secondary">
                延长并告知
              </button>
            </form>
          ) : null}
        </div>
      </Section>
    </Page>
  );
}
