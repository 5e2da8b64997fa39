import type { Actor } from '../../../core/actor.js';
import { Empty, Facts } from '../../components.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues } from '../../forms.js';
import { Page } from '../../layout.js';
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
import { targetHref } from './objection-views.js';
import { REPAIR_STATE_NAMES, TARGET_NAMES } from './words.js';

export type RepairShown = {
  id: string;
  target: 'record' | 'listEntry';
  targetId: string;
  subjectUscc: string;
  department: string;
  commitment: string;
  evidence: { name: string; sha256: string }[];
  state: string;
  appliedOn: string;
  acceptedOn: string | null;
  complex: boolean;
  dueOn: string | null;
  overdue: boolean;
  deadlinesProvisional: boolean;
  decidedOn: string | null;
  decisionReason: string | null;
  missing: string[] | null;
  revokedOn: string | null;
  revokeReason: string | null;
};

export type RepairForm = 'acceptance' | 'decision' | 'revocation';

export const REPAIR_LABELS: Record<string, string> = {
  'acceptance.decision': '受理决定',
  'acceptance.complex': '是否复杂',
  'acceptance.missing': '需补正的材料',
  'decision.decision': '修复决定',
  'decision.reason': '理由',
  'revocation.reason': '撤销理由（虚假材料的证明）',
  'revocation.documentNo': '撤销决定文书号',
  targetId: '申请修复的信息',
  commitment: '信用承诺',
  'evidence.0.name': '材料名称',
  'evidence.0.sha256': '材料 SHA-256',
};

function Running({ r, today }: { r: RepairShown; today: string }) {
  return <RunningDue dueOn={r.dueOn} today={today} label={r.state === 'applied' ? '受理期限' : '决定期限'} />;
}

export function RepairList(props: {
  actor: Actor;
  url: string;
  filter: FormValues;
  items: RepairShown[];
  nextCursor: string | null;
  today: string;
}) {
  const { filter, today } = props;
  const subject = props.actor.role === 'subject';
  return (
    <Page
      title="信用修复"
      actor={props.actor}
      lead={
        subject
          ? '本单位的修复申请。'
          : '按办理期限排序，最先到期的在前；逾期的标红。受理 3 个工作日，决定 7 个工作日（复杂的再加 10 个）。'
      }
    >
      {subject ? (
        <p>
          <a class="button" href="/console/repairs/new">
            申请信用修复
          </a>
        </p>
      ) : null}
      <FilterForm action="/console/repairs">
        <Filter
          name="state"
          label="状态"
          filter={filter}
          options={[['open', '待办（待受理、待决定）'], ...optionsOf(REPAIR_STATE_NAMES, ['all', '全部'])]}
        />
        <Filter name="overdue" label="逾期" filter={filter} options={OVERDUE_OPTIONS} />
      </FilterForm>
      <Listing
        head={['申请', '修复对象', '主体', '申请日期', '状态', '办理期限']}
        count={props.items.length}
        empty="没有符合条件的修复申请。"
        url={props.url}
        nextCursor={props.nextCursor}
      >
        {props.items.map((r) => (
          <QueueRow
            href={`/console/repairs/${r.id}`}
            id={r.id}
            target={TARGET_NAMES[r.target]}
            subjectUscc={r.subjectUscc}
            on={r.appliedOn}
            state={REPAIR_STATE_NAMES[r.state] ?? r.state}
            overdue={r.overdue}
            running={<Running r={r} today={today} />}
          />
        ))}
      </Listing>
    </Page>
  );
}

export function RepairPage(props: {
  actor: Actor;
  repair: RepairShown;
  today: string;
  forms: RepairForm[];
  active?: { form: string; values: FormValues; errors: FormErrors };
}) {
  const { repair: r, today, active } = props;
  const of = (form: RepairForm) => (active?.form === form ? active : { values: {} as FormValues, errors: {} as FormErrors });
  const acceptance = of('acceptance');
  const decision = of('decision');
  const revocation = of('revocation');
  return (
    <Page title={`信用修复 ${r.id}`} actor={props.actor} lead={`${TARGET_NAMES[r.target]} · ${r.subjectUscc}`}>
      <Facts
        items={[
          ['状态', <StateOverdue name={REPAIR_STATE_NAMES[r.state] ?? r.state} overdue={r.overdue} />],
          ['修复对象', <a href={targetHref(r.target, r.targetId)}>{`${TARGET_NAMES[r.target]} ${r.targetId}`}</a>],
          ['主体', r.subjectUscc],
          ['决定部门', r.department],
          ['申请日期', r.appliedOn],
          ['信用承诺', r.commitment],
          ['材料', r.evidence.length ? r.evidence.map((e) => e.name).join('；') : '无'],
          ['受理日期', r.acceptedOn],
          ['复杂案件', r.complex ? '是（决定期限加 10 个工作日）' : '否'],
          ['办理期限', <Running r={r} today={today} />],
          ['需补正的材料', r.missing?.length ? r.missing.join('；') : '—'],
          ['决定', r.decidedOn ? `${r.decidedOn}：${r.decisionReason ?? ''}` : '—'],
          ['撤销', r.revokedOn ? `${r.revokedOn}：${r.revokeReason ?? ''}` : '—'],
        ]}
      />
      {r.deadlinesProvisional ? <p class="muted small">期限按临时工作日表计算，正式安排公布后可能顺延。</p> : null}
      <Section title="可以办理的事项" id="actions">
        {props.forms.length === 0 ? <Empty>当前状态下，你没有可以办理的事项。</Empty> : null}
        {active && !props.forms.includes(active.form as RepairForm) ? <ErrorSummary errors={active.errors} labels={REPAIR_LABELS} /> : null}
        <div class="cards">
          {props.forms.includes('acceptance') ? (
            <form method="post" action={`/console/repairs/${r.id}/acceptance`} class="card" aria-label="受理">
              <h3>受理或不予受理</h3>
              <FormKey />
              <ErrorSummary errors={acceptance.errors} labels={REPAIR_LABELS} />
              <Field
                name="acceptance.decision"
                label="受理决定"
                values={acceptance.values}
                errors={acceptance.errors}
                required
                options={[
                  ['accept', '受理'],
                  ['refuse', '不予受理（一次性告知需补正的材料）'],
                ]}
              />
              <Field
                name="acceptance.complex"
                label="是否复杂"
                values={acceptance.values}
                errors={acceptance.errors}
                options={[
                  ['false', '否（7 个工作日内决定）'],
                  ['true', '是（再加 10 个工作日）'],
                ]}
              />
              <Field
                name="acceptance.missing"
                label="需补正的材料"
                values={acceptance.values}
                errors={acceptance.errors}
                multiline
                hint="不予受理时必填，每行一项"
              />
              <button type="submit">提交</button>
            </form>
          ) : null}
          {props.forms.includes('decision') ? (
            <form method="post" action={`/console/repairs/${r.id}/decision`} class="card" aria-label="修复决定">
              <h3>修复决定</h3>
              <FormKey />
              <ErrorSummary errors={decision.errors} labels={REPAIR_LABELS} />
              <Field
                name="decision.decision"
                label="修复决定"
                values={decision.values}
                errors={decision.errors}
                required
                options={[
                  ['approve', '准予修复（停止公示，移出名单）'],
                  ['reject', '不予修复'],
                ]}
              />
              <Field name="decision.reason" label="理由" values={decision.values} errors={decision.errors} required multiline />
              <button type="submit">作出决定</button>
            </form>
          ) : null}
          {props.forms.includes('revocation') ? (
            <form method="post" action={`/console/repairs/${r.id}/revocation`} class="card" aria-label="撤销修复">
              <h3>发现虚假材料：撤销修复</h3>
              <FormKey />
              <ErrorSummary errors={revocation.errors} labels={REPAIR_LABELS} />
              <p class="muted small">撤销后，信息重新公示 3 年，3 年内不得修复。</p>
              <Field
                name="revocation.reason"
                label="撤销理由（虚假材料的证明）"
                values={revocation.values}
                errors={revocation.errors}
                required
                multiline
              />
              <Field name="revocation.documentNo" label="撤销决定文书号" values={revocation.values} errors={revocation.errors} />
              <button type="submit" class="danger">
                撤销修复
              </button>
            </form>
          ) : null}
        </div>
      </Section>
    </Page>
  );
}

/** A subject's application: which of its own records or entries, its 信用承诺, and a document of proof. */
export function RepairApplyForm(props: { actor: Actor; values: FormValues; errors: FormErrors; targets: [string, string][] }) {
  const { values, errors } = props;
  return (
    <Page title="申请信用修复" actor={props.actor} lead="最短公示期满、已纠正失信行为并履行义务后可以申请；信用修复不收取任何费用。">
      <ErrorSummary errors={errors} labels={REPAIR_LABELS} />
      {props.targets.length ? (
        <form method="post" action="/console/repairs/new" novalidate>
          <FormKey />
          <Field name="targetId" label={REPAIR_LABELS.targetId!} values={values} errors={errors} required options={props.targets} />
          <Field
            name="commitment"
            label={REPAIR_LABELS.commitment!}
            values={values}
            errors={errors}
            required
            multiline
            hint="承诺已纠正失信行为、履行相关义务，今后依法诚信经营；承诺内容将依法公开"
          />
          <Field
            name="evidence.0.name"
            label={REPAIR_LABELS['evidence.0.name']!}
            values={values}
            errors={errors}
            hint="如整改报告、缴款凭证"
          />
          <Field
            name="evidence.0.sha256"
            label={REPAIR_LABELS['evidence.0.sha256']!}
            values={values}
            errors={errors}
            hint="材料文件的 SHA-256（64 位小写十六进制）"
          />
          <button type="submit">提交申请</button>
        </form>
      ) : (
        <Empty>本单位没有在效的失信记录或黑名单、重点关注名单，无需修复。</Empty>
      )}
    </Page>
  );
}
