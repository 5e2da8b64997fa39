import type { Actor } from '../../../core/actor.js';
import type { getAnnouncement } from '../../../features/announcements/index.js';
import { ErrorSummary, Field, type FormErrors, FormKey, type FormValues, optional } from '../../forms.js';
import { Page } from '../../layout.js';
import { fenOfYuan, wholeNumberOf, yuanInput } from '../../text.js';
import { beijingInput, instantOfBeijingInput } from '../../time.js';
import { MODE_NAMES } from '../../words.js';
import { QUOTE_KINDS } from './text.js';

/**
 * The purchase announcement's draft form. Its field names are the API body's dot paths (the body of
 * POST /api/v1/market/announcements is the contract); money is typed in 元 and sent in fen exactly,
 * moments are typed in Beijing time and sent with +08:00, lists one item a line.
 */
export const DRAFT_LABELS: Record<string, string> = {
  projectName: '项目名称',
  projectCode: '投资项目代码',
  ownerName: '项目业主',
  ownerUscc: '项目业主统一社会信用代码',
  service: '服务事项',
  region: '项目所在地行政区划码',
  fiscal: '资金来源',
  mode: '选取方式',
  directUscc: '直接选取的中介机构（统一社会信用代码）',
  longListSize: '信用择优长名单家数',
  shortListSize: '信用择优短名单家数',
  quoteKind: '报价方式',
  priceCapFen: '最高限价（元）',
  priceFloorFen: '最低限价（元）',
  discountMin: '最低折扣率',
  discountMax: '最高折扣率',
  signupDeadline: '报名截止时间',
  selectionAt: '选取时间',
  'qualifications.match': '资质要求方式',
  'qualifications.names': '资质要求',
  minStaff: '最少专业技术人员数',
  avoid: '回避的中介机构',
  witnesses: '是否邀请见证人',
  publishWinner: '是否公示中选机构',
  complaintContact: '投诉联系方式',
  description: '项目说明',
  _form: '公告',
};

const MONEY_HINT = '以元为单位，最多两位小数，如 12000 或 12000.50';

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const bool = (value: string | undefined) => (value === 'true' ? true : value === 'false' ? false : undefined);

/** The API body from the form's fields, and what could not even be converted (money not in 元). */
export function draftBody(v: FormValues): { body: Record<string, unknown>; errors: FormErrors } {
  const errors: FormErrors = {};
  const money = (name: string) => {
    const { fen, error } = fenOfYuan(v[name], { zero: 'allowed' });
    if (error) errors[name] = error;
    return fen;
  };
  const avoid = lines(v.avoid).map((line) => {
    const [uscc = '', ...reason] = line.split(/[\s:：,，]+/);
    return { uscc: uscc.toUpperCase(), reason: reason.join(' ') };
  });
  const body: Record<string, unknown> = {
    projectCode: optional(v.projectCode),
    projectName: optional(v.projectName),
    ownerName: optional(v.ownerName),
    ownerUscc: optional(v.ownerUscc)?.toUpperCase(),
    service: optional(v.service),
    region: optional(v.region),
    fiscal: bool(v.fiscal),
    quoteKind: optional(v.quoteKind),
    priceCapFen: money('priceCapFen'),
    priceFloorFen: money('priceFloorFen'),
    discountMin: optional(v.discountMin),
    discountMax: optional(v.discountMax),
    signupDeadline: instantOfBeijingInput(v.signupDeadline),
    selectionAt: instantOfBeijingInput(v.selectionAt),
    qualifications: { match: optional(v['qualifications.match']) ?? 'any', names: lines(v['qualifications.names']) },
    minStaff: wholeNumberOf(v.minStaff),
    avoid,
    mode: optional(v.mode),
    directUscc: optional(v.directUscc)?.toUpperCase(),
    longListSize: wholeNumberOf(v.longListSize),
    shortListSize: wholeNumberOf(v.shortListSize),
    witnesses: bool(v.witnesses),
    publishWinner: bool(v.publishWinner),
    complaintContact: optional(v.complaintContact),
    description: v.description ?? '',
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return { body, errors };
}

/** Errors on an item of a list field (qualifications.names.2, avoid.0.reason) are shown on the list's field. */
export function foldErrors(errors: FormErrors): FormErrors {
  const folded: FormErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const field = key.startsWith('qualifications.names') ? 'qualifications.names' : key.startsWith('avoid') ? 'avoid' : key;
    const item = field !== key ? key.slice(field.length + 1) : '';
    folded[field] ??= item ? `第 ${Number(item.split('.')[0]) + 1} 行：${message}` : message;
  }
  return folded;
}

type Announcement = Awaited<ReturnType<typeof getAnnouncement>>;

/** A draft's fields as the form shows them for editing (fen back to 元, moments in Beijing time). */
export function draftValues(a: Announcement): FormValues {
  return {
    projectCode: a.projectCode,
    projectName: a.projectName,
    ownerName: a.ownerName,
    ownerUscc: a.ownerUscc ?? '',
    service: a.service,
    region: a.region,
    fiscal: String(a.fiscal),
    quoteKind: a.quoteKind,
    priceCapFen: yuanInput(a.priceCapFen),
    priceFloorFen: yuanInput(a.priceFloorFen),
    discountMin: a.discountMin ?? '',
    discountMax: a.discountMax ?? '',
    signupDeadline: beijingInput(a.signupDeadline),
    selectionAt: beijingInput(a.selectionAt),
    'qualifications.match': a.qualifications.match,
    'qualifications.names': a.qualifications.names.join('\n'),
    minStaff: String(a.minStaff),
    avoid: a.avoid.map((x) => `${x.uscc} ${x.reason}`).join('\n'),
    mode: a.mode,
    directUscc: a.directUscc ?? '',
    longListSize: a.longListSize === null ? '' : String(a.longListSize),
    shortListSize: a.shortListSize === null ? '' : String(a.shortListSize),
    witnesses: String(a.witnesses),
    publishWinner: String(a.publishWinner),
    complaintContact: a.complaintContact,
    description: a.description,
  };
}

/** What a new form starts with: the API's defaults. */
export const NEW_DRAFT: FormValues = {
  fiscal: 'true',
  quoteKind: 'amount',
  mode: 'random',
  'qualifications.match': 'any',
  minStaff: '0',
  witnesses: 'false',
  publishWinner: 'true',
};

type FormProps = {
  actor: Actor;
  values: FormValues;
  errors: FormErrors;
  services: { code: string; name: string }[];
  /** Editing this draft; absent: a new one. */
  editing?: { id: string; projectName: string };
};

/** /console/announcements/new and /console/announcements/{id}/edit. */
export function DraftForm({ actor, values, errors, services, editing }: FormProps) {
  const f = { values, errors };
  const action = editing ? `/console/announcements/${editing.id}/edit` : '/console/announcements/new';
  return (
    <Page
      title={editing ? `修改草稿：${editing.projectName}` : '新建采购公告'}
      actor={actor}
      lead="保存后为草稿，只有本单位可见；发布时公开选取规则的哈希和随机数来源，报名随即开始。"
    >
      <p>
        <a href={editing ? `/console/announcements/${editing.id}` : '/console/announcements'}>← 返回</a>
      </p>
      <ErrorSummary errors={errors} labels={DRAFT_LABELS} />
      <form method="post" action={action} novalidate>
        <FormKey />
        <fieldset>
          <legend>项目</legend>
          <Field name="projectName" label={DRAFT_LABELS.projectName!} required {...f} />
          <Field
            name="projectCode"
            label={DRAFT_LABELS.projectCode!}
            required
            hint="项目全生命周期唯一代码，如 2026-210102-47-01-123456"
            {...f}
          />
          <Field name="ownerName" label={DRAFT_LABELS.ownerName!} required {...f} />
          <Field name="ownerUscc" label={DRAFT_LABELS.ownerUscc!} hint="选填，18 位" {...f} />
          <Field
            name="service"
            label={DRAFT_LABELS.service!}
            required
            options={[['', '请选择'], ...services.map((s): [string, string] => [s.code, s.name])]}
            {...f}
          />
          <Field
            name="region"
            label={DRAFT_LABELS.region!}
            required
            hint="6 位行政区划码，如 210102（和平区）"
            inputmode="numeric"
            {...f}
          />
          <Field
            name="fiscal"
            label={DRAFT_LABELS.fiscal!}
            required
            options={[
              ['true', '财政资金'],
              ['false', '非财政资金'],
            ]}
            {...f}
          />
          <Field name="description" label={DRAFT_LABELS.description!} multiline {...f} />
        </fieldset>
        <fieldset>
          <legend>选取方式与报价</legend>
          <Field
            name="mode"
            label={DRAFT_LABELS.mode!}
            required
            options={Object.entries(MODE_NAMES) as [string, string][]}
            hint="财政资金项目不得直接选取"
            {...f}
          />
          <Field name="directUscc" label={DRAFT_LABELS.directUscc!} hint="仅直接选取时填写" {...f} />
          <Field name="longListSize" label={DRAFT_LABELS.longListSize!} type="number" hint="仅信用择优时填写，可不填" {...f} />
          <Field name="shortListSize" label={DRAFT_LABELS.shortListSize!} type="number" hint="仅信用择优时填写，可不填" {...f} />
          <Field
            name="quoteKind"
            label={DRAFT_LABELS.quoteKind!}
            required
            options={Object.entries(QUOTE_KINDS) as [string, string][]}
            {...f}
          />
          <Field name="priceCapFen" label={DRAFT_LABELS.priceCapFen!} hint={`报价金额方式必填；${MONEY_HINT}`} inputmode="decimal" {...f} />
          <Field name="priceFloorFen" label={DRAFT_LABELS.priceFloorFen!} hint="选填" inputmode="decimal" {...f} />
          <Field
            name="discountMin"
            label={DRAFT_LABELS.discountMin!}
            hint="折扣报价方式必填：按收费标准支付的比例，0 到 1 之间的小数，最多 4 位，如 0.7000 即按标准的七折"
            {...f}
          />
          <Field name="discountMax" label={DRAFT_LABELS.discountMax!} hint="折扣报价方式必填，如 0.9500" {...f} />
        </fieldset>
        <fieldset>
          <legend>时间（北京时间）</legend>
          <Field name="signupDeadline" label={DRAFT_LABELS.signupDeadline!} type="datetime-local" required {...f} />
          <Field name="selectionAt" label={DRAFT_LABELS.selectionAt!} type="datetime-local" required hint="不得早于报名截止时间" {...f} />
        </fieldset>
        <fieldset>
          <legend>报名条件</legend>
          <Field
            name="qualifications.match"
            label={DRAFT_LABELS['qualifications.match']!}
            options={[
              ['any', '具备其中任一资质'],
              ['all', '须具备全部资质'],
            ]}
            {...f}
          />
          <Field
            name="qualifications.names"
            label={DRAFT_LABELS['qualifications.names']!}
            multiline
            hint="每行一项资质名称，最多 20 项"
            {...f}
          />
          <Field name="minStaff" label={DRAFT_LABELS.minStaff!} type="number" {...f} />
          <Field name="avoid" label={DRAFT_LABELS.avoid!} multiline hint="每行一家：统一社会信用代码、空格、回避理由" {...f} />
        </fieldset>
        <fieldset>
          <legend>公示与监督</legend>
          <Field
            name="witnesses"
            label={DRAFT_LABELS.witnesses!}
            options={[
              ['false', '否'],
              ['true', '是'],
            ]}
            {...f}
          />
          <Field
            name="publishWinner"
            label={DRAFT_LABELS.publishWinner!}
            options={[
              ['true', '公示'],
              ['false', '不公示'],
            ]}
            {...f}
          />
          <Field
            name="complaintContact"
            label={DRAFT_LABELS.complaintContact!}
            required
            hint="随公告公开，如 024-22851234（监督科）"
            {...f}
          />
        </fieldset>
        <div class="actions">
          <button type="submit">{editing ? '保存草稿' : '保存为草稿'}</button>
        </div>
      </form>
    </Page>
  );
}
