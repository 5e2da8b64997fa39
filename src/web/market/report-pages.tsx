import type { Actor } from '../../core/actor.js';
import type { trackReport } from '../../features/reports/index.js';
import { Badge, Facts, Notice } from '../components.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { MarketLinks } from './directory-page.js';
import { REPORT_STATES } from './words.js';

export type ReportTracking = Awaited<ReturnType<typeof trackReport>>;

/** The form's fields are the API body's paths (POST /api/v1/market/reports). */
export const REPORT_LABELS: Record<string, string> = {
  agencyUscc: '被举报机构的统一社会信用代码',
  facts: '违规事实',
  'contact.name': '您的姓名',
  'contact.phone': '您的电话',
};

/** The lookup by tracking number, on the report form's page. */
function Lookup({ values, errors }: { values: FormValues; errors: FormErrors }) {
  return (
    <section aria-labelledby="lookup-title">
      <h2 id="lookup-title">查询举报进度</h2>
      <form method="get" action="/market/report/lookup" class="search">
        <Field name="trackingNo" label="受理编号" values={values} errors={errors} placeholder="JB…" />
        <button type="submit" class="secondary">
          查询
        </button>
      </form>
    </section>
  );
}

/** /market/report: report an agency's misconduct (no sign-in). */
export function ReportFormPage(props: {
  actor?: Actor;
  values: FormValues;
  errors: FormErrors;
  lookup?: { values: FormValues; errors: FormErrors };
}) {
  const { actor, values, errors } = props;
  return (
    <Page
      title="举报中介机构违规"
      actor={actor}
      lead="任何人都可以举报中介超市中机构的违规行为，无需登录。提交后会得到一个受理编号，凭它查询处理进度。"
    >
      <MarketLinks />
      <ErrorSummary errors={errors} labels={REPORT_LABELS} />
      <form method="post" action="/market/report" novalidate>
        <FormKey />
        <Field
          name="agencyUscc"
          label={REPORT_LABELS.agencyUscc!}
          values={values}
          errors={errors}
          required
          hint="18 位，可在机构的名录页面找到"
        />
        <Field
          name="facts"
          label={REPORT_LABELS.facts!}
          values={values}
          errors={errors}
          multiline
          required
          hint="什么时间、在什么项目中、机构做了什么；请只写事实，不要写他人的身份证号等个人信息"
        />
        <fieldset>
          <legend>您的联系方式</legend>
          <p class="muted small">只有处理举报的监管人员能看到，不会公开，也不会告诉被举报的机构。</p>
          <Field name="contact.name" label={REPORT_LABELS['contact.name']!} values={values} errors={errors} required />
          <Field name="contact.phone" label={REPORT_LABELS['contact.phone']!} values={values} errors={errors} type="tel" required />
        </fieldset>
        <button type="submit">提交举报</button>
      </form>
      <Lookup values={props.lookup?.values ?? {}} errors={props.lookup?.errors ?? {}} />
    </Page>
  );
}

/** After filing: the tracking number, to keep. */
export function ReportReceivedPage({ actor, report }: { actor?: Actor; report: ReportTracking }) {
  return (
    <Page title="举报已受理" actor={actor}>
      <Notice tone="ok">
        您对 {report.agency.name} 的举报已于 {report.receivedOn} 受理。受理编号：
        <strong class="tracking" id="tracking-no">
          {report.trackingNo}
        </strong>
      </Notice>
      <p>请记下或保存这个编号：它是查询处理进度的唯一凭证，我们不会再次提供。</p>
      <p class="actions">
        <a class="button" href={`/market/report/${report.trackingNo}`}>
          查看处理进度
        </a>
        <a href="/market">返回中介超市</a>
      </p>
    </Page>
  );
}

/** /market/report/<tracking>: the report's public status, as its reporter may follow it. */
export function ReportStatusPage({ actor, report }: { actor?: Actor; report: ReportTracking }) {
  const tone = report.state === 'verified' ? 'red' : report.state === 'dismissed' ? undefined : 'blue';
  const d = report.decision;
  return (
    <Page title={`举报 ${report.trackingNo}`} actor={actor} lead="凭受理编号查看举报的处理进度；举报内容和联系方式不在此显示。">
      <MarketLinks />
      <p>
        <Badge tone={tone}>{REPORT_STATES[report.state] ?? report.state}</Badge>
      </p>
      <Facts
        items={[
          ['受理编号', report.trackingNo],
          ['被举报机构', <a href={`/market/agencies/${report.agency.uscc}`}>{`${report.agency.name}（${report.agency.uscc}）`}</a>],
          ['受理日期', report.receivedOn],
          ['处理结果', d ? (d.outcome === 'verified' ? '举报属实' : '举报不成立') : '正在核查'],
          ['处理日期', d?.decidedOn ?? '—'],
          ['处理部门', d ? (d.department.name ?? d.department.code) : '—'],
          ['理由', d?.reason ?? '—'],
          ['形成的失信记录', d?.recordId ?? '—'],
        ]}
      />
    </Page>
  );
}
