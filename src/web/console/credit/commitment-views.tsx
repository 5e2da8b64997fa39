import type { Actor } from '../../../core/actor.js';
import type { getCommitment } from '../../../features/commitments/index.js';
import { Badge, DaysLeft, Empty, Facts } from '../../components.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues } from '../../forms.js';
import { Page } from '../../layout.js';
import { SEVERITY_NAMES } from '../../words.js';
import { Filter, FilterForm, Listing, optionsOf, Section } from './common.js';
import { COMMITMENT_STATUS_NAMES, PUBLICITY_NAMES } from './words.js';

/** A commitment as the verb answers it (GET /api/v1/commitments/{id}). */
export type CommitmentShown = Awaited<ReturnType<typeof getCommitment>>;

export const COMMITMENT_LABELS: Record<string, string> = {
  subjectUscc: '承诺人统一社会信用代码',
  type: '承诺类型',
  reason: '承诺事由',
  content: '承诺内容',
  liability: '违诺责任',
  madeOn: '承诺日期',
  validUntil: '有效期至',
  acceptingUnitName: '受理单位名称',
  publicity: '公开类型',
  'fulfilment.status': '履约情况',
  'fulfilment.decidedOn': '认定日期',
  'fulfilment.note': '说明',
  'fulfilment.documentNo': '认定文书号',
  'fulfilment.severity': '失信程度',
};

function Status({ c }: { c: CommitmentShown }) {
  return (
    <>
      <Badge tone={c.status === 'pending' ? 'blue' : c.status === 'fulfilled' ? 'green' : 'red'}>
        {COMMITMENT_STATUS_NAMES[c.status] ?? c.status}
      </Badge>
      {c.overdue ? <span class="overdue"> 已过有效期，待认定履约</span> : null}
    </>
  );
}

export function CommitmentList(props: {
  actor: Actor;
  url: string;
  filter: FormValues;
  items: CommitmentShown[];
  nextCursor: string | null;
  today: string;
  types: [string, string][];
}) {
  const { filter, today } = props;
  return (
    <Page
      title="信用承诺"
      actor={props.actor}
      lead={
        props.actor.role === 'subject'
          ? '本单位作出的信用承诺及履约情况。'
          : props.actor.role === 'regulator'
            ? '本部门受理的承诺，以及其他部门公开的承诺；过了有效期仍待认定的标红。'
            : '各部门受理的承诺；过了有效期仍待认定的标红。'
      }
    >
      {props.actor.role === 'regulator' ? (
        <p>
          <a class="button" href="/console/commitments/new">
            登记信用承诺
          </a>
        </p>
      ) : null}
      <FilterForm action="/console/commitments">
        <Filter name="status" label="履约情况" filter={filter} options={optionsOf(COMMITMENT_STATUS_NAMES, ['', '全部'])} />
        <Filter name="type" label="承诺类型" filter={filter} options={[['', '全部'], ...props.types]} />
        <Filter
          name="overdue"
          label="逾期"
          filter={filter}
          options={[
            ['', '不限'],
            ['true', '过期待认定'],
          ]}
        />
      </FilterForm>
      <Listing
        head={['承诺编码', '承诺人', '类型', '受理单位', '承诺日期', '有效期至', '履约情况']}
        count={props.items.length}
        empty="没有符合条件的承诺。"
        url={props.url}
        nextCursor={props.nextCursor}
      >
        {props.items.map((c) => (
          <tr class={c.overdue ? 'overdue' : undefined}>
            <td>
              <a href={`/console/commitments/${c.id}`}>{c.code}</a>
            </td>
            <td>
              {c.subjectName}
              <div class="muted small">{c.subjectUscc}</div>
            </td>
            <td>{c.typeName}</td>
            <td>{c.acceptingUnitName}</td>
            <td>{c.madeOn}</td>
            <td>{c.status === 'pending' && c.validUntil ? <DaysLeft dueOn={c.validUntil} today={today} /> : (c.validUntil ?? '长期')}</td>
            <td>
              <Status c={c} />
            </td>
          </tr>
        ))}
      </Listing>
    </Page>
  );
}

export function CommitmentPage(props: {
  actor: Actor;
  commitment: CommitmentShown;
  today: string;
  mayDecide: boolean;
  values: FormValues;
  errors: FormErrors;
}) {
  const { commitment: c, today, values, errors } = props;
  return (
    <Page title={`信用承诺 ${c.code}`} actor={props.actor} lead={`${c.subjectName} · ${c.typeName}`}>
      <Facts
        items={[
          ['承诺人', `${c.subjectName}（${c.subjectUscc}）`],
          ['承诺类型', c.typeName],
          ['承诺事由', c.reason],
          ['承诺内容', c.content],
          ['违诺责任', c.liability],
          ['承诺日期', c.madeOn],
          ['有效期至', c.status === 'pending' && c.validUntil ? <DaysLeft dueOn={c.validUntil} today={today} /> : (c.validUntil ?? '长期')],
          ['受理单位', `${c.acceptingUnitName}（${c.acceptingUnitUscc}）`],
          ['公开类型', PUBLICITY_NAMES[c.publicity] ?? c.publicity],
          ['履约情况', <Status c={c} />],
          ['认定', c.fulfilmentOn ? `${c.fulfilmentOn}，${c.fulfilmentUnitUscc}${c.fulfilmentNote ? `：${c.fulfilmentNote}` : ''}` : '—'],
          ['违诺记录', c.recordId ? <a href={`/console/records/${c.recordId}`}>{c.recordId}</a> : '—'],
        ]}
      />
      <Section title="可以办理的事项" id="actions">
        {props.mayDecide ? (
          <form method="post" action={`/console/commitments/${c.id}/fulfilment`} class="card" aria-label="认定履约情况">
            <h3>认定履约情况</h3>
            <FormKey />
            <ErrorSummary errors={errors} labels={COMMITMENT_LABELS} />
            <Field
              name="fulfilment.status"
              label="履约情况"
              values={values}
              errors={errors}
              required
              options={optionsOf(COMMITMENT_STATUS_NAMES).filter(([k]) => k !== 'pending')}
              hint="部分履行或全部未履行的，同时登记一条失信记录"
            />
            <Field
              name="fulfilment.decidedOn"
              label="认定日期"
              type="date"
              values={{ 'fulfilment.decidedOn': today, ...values }}
              errors={errors}
              required
            />
            <Field name="fulfilment.note" label="说明" values={values} errors={errors} multiline />
            <Field name="fulfilment.documentNo" label="认定文书号" values={values} errors={errors} hint="未全部履行时必填" />
            <Field
              name="fulfilment.severity"
              label="失信程度"
              values={values}
              errors={errors}
              options={optionsOf(SEVERITY_NAMES, ['', '默认（部分履行为轻微，其余为一般）'])}
            />
            <button type="submit">认定</button>
          </form>
        ) : (
          <>
            {Object.keys(errors).length ? <ErrorSummary errors={errors} labels={COMMITMENT_LABELS} /> : null}
            <Empty>{c.status === 'pending' ? '履约情况由受理单位认定。' : '履约情况已认定，不再变更。'}</Empty>
          </>
        )}
      </Section>
    </Page>
  );
}

export function CommitmentForm(props: { actor: Actor; values: FormValues; errors: FormErrors; types: [string, string][] }) {
  const { values, errors } = props;
  return (
    <Page title="登记信用承诺" actor={props.actor} lead={`受理单位代码：${props.actor.dept ?? '—'}`}>
      <ErrorSummary errors={errors} labels={COMMITMENT_LABELS} />
      <form method="post" action="/console/commitments/new" novalidate>
        <FormKey />
        <Field name="subjectUscc" label={COMMITMENT_LABELS.subjectUscc!} values={values} errors={errors} required />
        <Field name="type" label={COMMITMENT_LABELS.type!} values={values} errors={errors} required options={props.types} />
        <Field name="reason" label={COMMITMENT_LABELS.reason!} values={values} errors={errors} required multiline />
        <Field name="content" label={COMMITMENT_LABELS.content!} values={values} errors={errors} required multiline />
        <Field name="liability" label={COMMITMENT_LABELS.liability!} values={values} errors={errors} required multiline />
        <Field name="madeOn" label={COMMITMENT_LABELS.madeOn!} values={values} errors={errors} required type="date" />
        <Field name="validUntil" label={COMMITMENT_LABELS.validUntil!} values={values} errors={errors} type="date" hint="不填为长期" />
        <Field name="acceptingUnitName" label={COMMITMENT_LABELS.acceptingUnitName!} values={values} errors={errors} required />
        <Field name="publicity" label={COMMITMENT_LABELS.publicity!} values={values} errors={errors} options={optionsOf(PUBLICITY_NAMES)} />
        <button type="submit">登记</button>
      </form>
    </Page>
  );
}
