import type { Child } from 'hono/jsx';
import type { Actor } from '../../../core/actor.js';
import type { getRecord, RecordActions } from '../../../features/records/index.js';
import { Badge, DaysLeft, Empty, Facts, Table } from '../../components.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues } from '../../forms.js';
import { Page } from '../../layout.js';
import { LIST_NAMES, yuan } from '../../text.js';
import { beijingDay } from '../../time.js';
import { SEVERITY_NAMES } from '../../words.js';
import { Filter, FilterForm, Listing, Section } from './common.js';
import { END_REASON_NAMES, ENTRY_STATE_NAMES, KIND_NAMES, SECTOR_NAMES } from './words.js';

/** A record as the verbs answer it (GET /api/v1/records/{id} without its revisions, and the listings). */
export type RecordShown = Omit<Awaited<ReturnType<typeof getRecord>>, 'history'>;
export type Category = { code: string; name: string; kind: string };
type EntryShown = { id: string; list: string; state: string; documentNo: string; recordIds: string[] };

/** How many penalty rows the form offers (a decision rarely has more; the API takes up to 20). */
export const PENALTY_ROWS = 2;

const ROW_NAMES = ['一', '二', '三'];

export const RECORD_LABELS: Record<string, string> = {
  subjectUscc: '主体统一社会信用代码',
  kind: '信息类别',
  category: '行为类别',
  severity: '失信程度',
  sector: '适用行业',
  documentNo: '决定文书号',
  decidedOn: '决定日期',
  basis: '依据',
  facts: '事实',
  obligationsUnmet: '义务履行情况',
  penalties: '处罚',
  evidence: '证据材料',
  'evidence.0.name': '证据材料名称',
  'evidence.0.sha256': '证据材料 SHA-256',
  ...Object.fromEntries(
    Array.from({ length: PENALTY_ROWS }, (_, i) => [
      [`penalties.${i}`, `处罚（${ROW_NAMES[i]}）`],
      [`penalties.${i}.type`, `处罚种类（${ROW_NAMES[i]}）`],
      [`penalties.${i}.content`, `处罚内容（${ROW_NAMES[i]}）`],
      [`penalties.${i}.amountFen`, `罚没金额（${ROW_NAMES[i]}，元）`],
      [`penalties.${i}.termMonths`, `期限（${ROW_NAMES[i]}，月）`],
    ]).flat(),
  ),
};

const SEVERITY_OPTIONS: [string, string][] = [
  ['', '（良好信息不填）'],
  ['minor', '轻微'],
  ['general', '一般'],
  ['serious', '严重'],
];

/** The form of a new case: every field of the records API's create body, amounts typed in 元. */
export function RecordForm(props: {
  actor: Actor;
  values: FormValues;
  errors: FormErrors;
  categories: Category[];
  penaltyTypes: readonly string[];
  sectors: readonly string[];
}) {
  const { values, errors } = props;
  return (
    <Page title="登记失信案件" actor={props.actor} lead={`登记部门：${props.actor.dept ?? '—'}。带 * 的为必填项。`}>
      <ErrorSummary errors={errors} labels={RECORD_LABELS} />
      <form method="post" action="/console/records/new" novalidate>
        <FormKey />
        <fieldset class="group">
          <legend>主体与决定</legend>
          <Field
            name="subjectUscc"
            label={RECORD_LABELS.subjectUscc!}
            values={values}
            errors={errors}
            required
            hint="18 位，已在本系统登记的主体"
            placeholder="91210102QY90000187"
          />
          <Field
            name="kind"
            label={RECORD_LABELS.kind!}
            values={values}
            errors={errors}
            required
            options={[
              ['dishonesty', '失信信息'],
              ['good', '良好信息'],
            ]}
          />
          <Field
            name="category"
            label={RECORD_LABELS.category!}
            values={values}
            errors={errors}
            required
            options={[['', '请选择'], ...props.categories.map((c): [string, string] => [c.code, `${KIND_NAMES[c.kind]}：${c.name}`])]}
          />
          <Field
            name="severity"
            label={RECORD_LABELS.severity!}
            values={values}
            errors={errors}
            options={SEVERITY_OPTIONS}
            hint="失信信息必填：轻微、一般或严重（严重：公示 1 至 3 年）"
          />
          <Field
            name="sector"
            label={RECORD_LABELS.sector!}
            values={values}
            errors={errors}
            options={[['', '按行为类别'], ...props.sectors.map((s): [string, string] => [s, SECTOR_NAMES[s] ?? s])]}
          />
          <Field
            name="documentNo"
            label={RECORD_LABELS.documentNo!}
            values={values}
            errors={errors}
            required
            placeholder="沈人防罚〔2026〕1号"
          />
          <Field
            name="decidedOn"
            label={RECORD_LABELS.decidedOn!}
            values={values}
            errors={errors}
            required
            type="date"
            hint="不能晚于今天"
          />
          <Field name="basis" label={RECORD_LABELS.basis!} values={values} errors={errors} required multiline />
          <Field name="facts" label={RECORD_LABELS.facts!} values={values} errors={errors} required multiline />
          <Field
            name="obligationsUnmet"
            label={RECORD_LABELS.obligationsUnmet!}
            values={values}
            errors={errors}
            options={[
              ['false', '已纠正失信行为、履行义务'],
              ['true', '尚未履行（期满后仍公示，待决定）'],
            ]}
          />
        </fieldset>
        {Array.from({ length: PENALTY_ROWS }, (_, i) => (
          <fieldset class="group">
            <legend>处罚（{ROW_NAMES[i]}）</legend>
            <Field
              name={`penalties.${i}.type`}
              label={RECORD_LABELS[`penalties.${i}.type`]!}
              values={values}
              errors={errors}
              options={[['', '无'], ...props.penaltyTypes.map((t): [string, string] => [t, t])]}
            />
            <Field name={`penalties.${i}.content`} label={RECORD_LABELS[`penalties.${i}.content`]!} values={values} errors={errors} />
            <Field
              name={`penalties.${i}.amountFen`}
              label={RECORD_LABELS[`penalties.${i}.amountFen`]!}
              values={values}
              errors={errors}
              inputmode="decimal"
              hint="罚款、没收违法所得或没收非法财物的金额，以元为单位，如 20000 或 12500.50"
            />
            <Field
              name={`penalties.${i}.termMonths`}
              label={RECORD_LABELS[`penalties.${i}.termMonths`]!}
              values={values}
              errors={errors}
              inputmode="numeric"
              hint="有自身期限的处罚（如限制从业 24 个月）"
            />
          </fieldset>
        ))}
        <fieldset class="group">
          <legend>证据材料（可选）</legend>
          <Field name="evidence.0.name" label={RECORD_LABELS['evidence.0.name']!} values={values} errors={errors} />
          <Field
            name="evidence.0.sha256"
            label={RECORD_LABELS['evidence.0.sha256']!}
            values={values}
            errors={errors}
            hint="材料文件的 SHA-256（64 位小写十六进制）"
          />
        </fieldset>
        <button type="submit">登记</button>
      </form>
    </Page>
  );
}

/** Where a record stands today, in words. */
export function recordStanding(r: RecordShown, today: string): { text: string; tone?: 'red' | 'green' | 'amber' } {
  if (r.voidedOn) return { text: `已撤销（${r.voidedOn}）` };
  if (r.endReason) return { text: `${END_REASON_NAMES[r.endReason] ?? r.endReason}（${r.endedOn ?? '—'}）`, tone: 'green' };
  if (r.shownUntil < today) return { text: '公示期满，义务未履行，待决定', tone: 'amber' };
  return { text: '在效', tone: 'red' };
}

function Penalties({ items }: { items: RecordShown['penalties'] }) {
  if (!items.length) return <span class="muted">无</span>;
  return (
    <ul>
      {items.map((p) => (
        <li>
          {p.type}
          {p.content ? `：${p.content}` : ''}
          {p.amountFen ? `，金额 ${yuan(p.amountFen)}` : ''}
          {p.termMonths ? `，期限 ${p.termMonths} 个月` : ''}
        </li>
      ))}
    </ul>
  );
}

export function recordFacts(r: RecordShown, categoryName: string, today: string): [string, Child][] {
  const standing = recordStanding(r, today);
  return [
    ['主体', `${r.subjectName}（${r.subjectUscc}）`],
    ['登记部门', r.department],
    ['类别', `${KIND_NAMES[r.kind] ?? r.kind}：${categoryName}`],
    ['失信程度', r.severity ? SEVERITY_NAMES[r.severity] : '—'],
    ['适用行业', SECTOR_NAMES[r.sector] ?? r.sector],
    ['决定文书号', r.documentNo],
    ['决定日期', r.decidedOn],
    ['依据', r.basis],
    ['事实', r.facts],
    ['处罚', <Penalties items={r.penalties} />],
    ['证据材料', r.evidence.length ? r.evidence.map((e) => `${e.name}（SHA-256 ${e.sha256.slice(0, 12)}…）`).join('；') : '无'],
    ['状态', <Badge tone={standing.tone}>{standing.text}</Badge>],
    ['是否公开', r.public ? '公开' : '不公开'],
    ['公示期', `${r.displayFrom} 至 ${r.displayUntil}`],
    ['公示至', r.endReason || r.voidedOn ? r.shownUntil : <DaysLeft dueOn={r.shownUntil} today={today} />],
    ['可申请修复', r.repairableFrom ?? '—'],
    [
      '义务履行',
      r.obligationsUnmet ? '尚未履行' : r.obligationsMetOn ? `${r.obligationsMetOn} 履行（${r.obligationsMetDocumentNo}）` : '已履行',
    ],
    ['修复限制', r.repairBlockedUntil ? `提供虚假材料，${r.repairBlockedUntil} 前不得修复` : '—'],
    ['规则版本', r.ruleVersion],
    ['登记', `${r.recordedBy}，${beijingDay(r.recordedAt)}（第 ${r.revision} 版）`],
  ];
}

export type RecordForms = {
  correction?: { values: FormValues; errors: FormErrors };
  obligations?: { values: FormValues; errors: FormErrors };
  displayEnd?: { values: FormValues; errors: FormErrors };
};

const CORRECTION_LABELS: Record<string, string> = {
  'correction.severity': '失信程度',
  'correction.documentNo': '决定文书号',
  'correction.decidedOn': '决定日期',
  'correction.basis': '依据',
  'correction.facts': '事实',
  'correction.reason': '更正理由',
  'obligations.documentNo': '履行义务的文书号',
  'obligations.metOn': '履行日期',
  'displayEnd.reason': '停止公示的理由',
};

/** One record, its revisions, the entries resting on it, and only the steps its state and the actor allow. */
export function RecordPage(props: {
  actor: Actor;
  record: RecordShown & { history: RecordShown[] };
  categoryName: string;
  today: string;
  entries: EntryShown[];
  actions: RecordActions;
  forms: RecordForms;
}) {
  const { record: r, today, actions, forms } = props;
  const correction = forms.correction ?? {
    values: {
      'correction.severity': r.severity ?? '',
      'correction.documentNo': r.documentNo,
      'correction.decidedOn': r.decidedOn,
      'correction.basis': r.basis,
      'correction.facts': r.facts,
    },
    errors: {},
  };
  const obligations = forms.obligations ?? { values: { 'obligations.metOn': today }, errors: {} };
  const displayEnd = forms.displayEnd ?? { values: {}, errors: {} };
  const nothingToDo = !actions.propose.length && !actions.correct && !actions.obligations && !actions.displayEnd;
  return (
    <Page title={`信用记录 ${r.documentNo}`} actor={props.actor} lead={`${r.subjectName} · ${r.id}`}>
      <Facts items={recordFacts(r, props.categoryName, today)} />

      <Section title="可以办理的事项" id="actions">
        {nothingToDo ? <Empty>当前状态下，你没有可以办理的事项。</Empty> : null}
        {actions.propose.length ? (
          <div class="actions">
            {actions.propose.map((list) => (
              <a class="button" href={`/console/entries/new?record=${r.id}&list=${list}`}>
                据此拟列入{LIST_NAMES[list]}
              </a>
            ))}
          </div>
        ) : null}
        {actions.correct ? (
          <details open={Object.keys(correction.errors).length > 0}>
            <summary>更正记录（保留原版本）</summary>
            <ErrorSummary errors={correction.errors} labels={CORRECTION_LABELS} />
            <form method="post" action={`/console/records/${r.id}/correction`}>
              <FormKey />
              {r.kind === 'dishonesty' ? (
                <Field
                  name="correction.severity"
                  label="失信程度"
                  values={correction.values}
                  errors={correction.errors}
                  options={SEVERITY_OPTIONS.slice(1)}
                />
              ) : null}
              <Field name="correction.documentNo" label="决定文书号" values={correction.values} errors={correction.errors} />
              <Field name="correction.decidedOn" label="决定日期" type="date" values={correction.values} errors={correction.errors} />
              <Field name="correction.basis" label="依据" multiline values={correction.values} errors={correction.errors} />
              <Field name="correction.facts" label="事实" multiline values={correction.values} errors={correction.errors} />
              <Field name="correction.reason" label="更正理由" multiline required values={correction.values} errors={correction.errors} />
              <button type="submit">提交更正</button>
            </form>
          </details>
        ) : null}
        {actions.obligations ? (
          <details open={Object.keys(obligations.errors).length > 0}>
            <summary>登记已履行义务</summary>
            <ErrorSummary errors={obligations.errors} labels={CORRECTION_LABELS} />
            <form method="post" action={`/console/records/${r.id}/obligations-met`}>
              <FormKey />
              <Field
                name="obligations.documentNo"
                label="履行义务的文书号"
                required
                values={obligations.values}
                errors={obligations.errors}
              />
              <Field
                name="obligations.metOn"
                label="履行日期"
                type="date"
                required
                values={obligations.values}
                errors={obligations.errors}
              />
              <button type="submit">登记</button>
            </form>
          </details>
        ) : null}
        {actions.displayEnd ? (
          <details open>
            <summary>公示期满、义务未履行：决定停止公示</summary>
            <ErrorSummary errors={displayEnd.errors} labels={CORRECTION_LABELS} />
            <form method="post" action={`/console/records/${r.id}/display-end`}>
              <FormKey />
              <Field
                name="displayEnd.reason"
                label="停止公示的理由"
                multiline
                required
                values={displayEnd.values}
                errors={displayEnd.errors}
              />
              <button type="submit">停止公示</button>
            </form>
          </details>
        ) : null}
      </Section>

      <Section title="依据此记录的名单" id="entries">
        {props.entries.length ? (
          <Table>
            <thead>
              <tr>
                <th>名单</th>
                <th>文号</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <tr>
                  <td>{LIST_NAMES[e.list]}</td>
                  <td>
                    <a href={`/console/entries/${e.id}`}>{e.documentNo}</a>
                  </td>
                  <td>{ENTRY_STATE_NAMES[e.state]}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <Empty>没有依据此记录的名单。</Empty>
        )}
      </Section>

      <Section title="版本记录" id="history">
        <Table>
          <thead>
            <tr>
              <th class="num">版本</th>
              <th>登记时间</th>
              <th>登记人</th>
              <th>失信程度</th>
              <th>决定日期</th>
              <th>更正理由</th>
            </tr>
          </thead>
          <tbody>
            {props.record.history.map((v) => (
              <tr>
                <td class="num">{v.revision}</td>
                <td>{beijingDay(v.recordedAt)}</td>
                <td>{v.recordedBy}</td>
                <td>{v.severity ? SEVERITY_NAMES[v.severity] : '—'}</td>
                <td>{v.decidedOn}</td>
                <td>{v.correctionReason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Section>
    </Page>
  );
}

/** A department's records, newest first, filterable, a page at a time. */
export function RecordList(props: {
  actor: Actor;
  url: string;
  filter: FormValues;
  items: RecordShown[];
  nextCursor: string | null;
  today: string;
  /** Records past their display period, held because obligations are unmet: waiting for a person's decision. */
  held: RecordShown[];
}) {
  const { filter, today } = props;
  return (
    <Page
      title="信用记录"
      actor={props.actor}
      lead={props.actor.role === 'regulator' ? `本部门（${props.actor.dept}）登记的记录，最新的在前` : '各部门登记的记录，最新的在前'}
    >
      {props.actor.role === 'regulator' ? (
        <p>
          <a class="button" href="/console/records/new">
            登记失信案件
          </a>
        </p>
      ) : null}
      {props.held.length ? (
        <div class="notice" role="status">
          <strong>公示期满、义务尚未履行的记录（待决定是否停止公示）：</strong>
          <ul>
            {props.held.map((r) => (
              <li>
                <a href={`/console/records/${r.id}`}>{r.documentNo}</a>，{r.subjectName}，公示期至 {r.shownUntil}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <FilterForm action="/console/records">
        <Filter name="subject" label="主体代码" filter={filter} />
        <Filter
          name="kind"
          label="信息类别"
          filter={filter}
          options={[
            ['', '全部'],
            ['dishonesty', '失信'],
            ['good', '良好'],
          ]}
        />
        <Filter name="severity" label="失信程度" filter={filter} options={[['', '全部'], ...SEVERITY_OPTIONS.slice(1)]} />
      </FilterForm>
      <Listing
        head={['决定文书号', '主体', '类别', '决定日期', '状态', '公示至']}
        count={props.items.length}
        empty="没有符合条件的记录。"
        url={props.url}
        nextCursor={props.nextCursor}
      >
        {props.items.map((r) => {
          const standing = recordStanding(r, today);
          return (
            <tr>
              <td>
                <a href={`/console/records/${r.id}`}>{r.documentNo}</a>
              </td>
              <td>
                {r.subjectName}
                <div class="muted small">{r.subjectUscc}</div>
              </td>
              <td>
                {KIND_NAMES[r.kind]}
                {r.severity ? ` · ${SEVERITY_NAMES[r.severity]}` : ''}
              </td>
              <td>{r.decidedOn}</td>
              <td>
                <Badge tone={standing.tone}>{standing.text}</Badge>
              </td>
              <td>{r.endReason || r.voidedOn ? '—' : <DaysLeft dueOn={r.shownUntil} today={today} />}</td>
            </tr>
          );
        })}
      </Listing>
    </Page>
  );
}
