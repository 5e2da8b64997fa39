import type { Child } from 'hono/jsx';
import type { Actor } from '../../core/actor.js';
import type { publicProfile } from '../../features/public/index.js';
import { Badge, Empty, Facts, Notice, Table } from '../components.js';
import { Field, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { LIST_NAMES } from '../text.js';
import { Day, Period } from './day.js';
import { GRADE_TONES, recordKindName, SUBJECT_KIND_NAMES } from './words.js';

/** The public profile as the API answers it (GET /api/v1/public/subjects/{uscc}). */
export type Profile = Awaited<ReturnType<typeof publicProfile>>['profile'];

type Line = Profile['explanation']['lines'][number];
type ProfileRecord = Profile['records'][number];

const RULE_NAMES: Record<string, string> = {
  base: '基础分',
  minor: '轻微失信记录扣分',
  general: '一般失信记录扣分',
  serious: '严重失信记录扣分',
  good: '良好信用记录加分',
  good_capped: '良好信用记录加分（已达加分上限）',
  floor: '总分不低于 0 分',
};

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

function RecordRef({ record }: { record: ProfileRecord }) {
  return (
    <>
      <a href={`#record-${record.id}`}>{record.documentNo}</a>（{record.categoryName}，{record.decidedOn} 认定，计分至 {record.shownUntil}）
    </>
  );
}

/** What a line of the explanation rests on, in words: the rule set, or the public record it counts. */
function lineBasis(line: Line, records: Map<string, ProfileRecord>, ruleVersion: string): Child {
  if (line.rule === 'base') return `评价规则 ${ruleVersion}`;
  const record = line.recordId ? records.get(line.recordId) : undefined;
  if (record) return <RecordRef record={record} />;
  if (line.rule === 'floor') return '各项相加低于 0 分时按 0 分计';
  return line.reason;
}

function Explanation({ profile }: { profile: Profile }) {
  const records = new Map(profile.records.map((r) => [r.id, r]));
  const forced = profile.explanation.forcedBottom;
  const forcingEntry = forced?.listEntryId ? profile.listEntries.find((e) => e.id === forced.listEntryId) : undefined;
  const forcingRecord = forced?.recordId ? records.get(forced.recordId) : undefined;
  return (
    <>
      <Table caption={`计分明细：按评价规则 ${profile.ruleVersion}，只计公开的信息（截至 ${profile.asOf}）`}>
        <thead>
          <tr>
            <th scope="col">规则</th>
            <th scope="col">依据</th>
            <th scope="col" class="num">
              分值
            </th>
          </tr>
        </thead>
        <tbody>
          {profile.explanation.lines.map((line) => (
            <tr>
              <td>{RULE_NAMES[line.rule] ?? line.rule}</td>
              <td>{lineBasis(line, records, profile.ruleVersion)}</td>
              <td class="num">{signed(line.effect)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan={2}>
              合计
            </th>
            <td class="num">
              <strong>{profile.score}</strong>
            </td>
          </tr>
        </tfoot>
      </Table>
      {forced ? (
        <Notice tone="error">
          等级定为 C，与分数无关：
          {forcingEntry ? (
            <>
              列入黑名单（{forcingEntry.documentNo}，{forcingEntry.validFrom} 公示）
            </>
          ) : forcingRecord ? (
            <>
              有严重失信记录 <RecordRef record={forcingRecord} />
            </>
          ) : (
            forced.reason
          )}
          。
        </Notice>
      ) : null}
    </>
  );
}

function Records({ records }: { records: ProfileRecord[] }) {
  if (records.length === 0) return <Empty>目前没有公示中的信用记录。</Empty>;
  return (
    <Table>
      <thead>
        <tr>
          <th scope="col">类别</th>
          <th scope="col">事项</th>
          <th scope="col">事实</th>
          <th scope="col">处理</th>
          <th scope="col">依据</th>
          <th scope="col">文号</th>
          <th scope="col">认定部门</th>
          <th scope="col">认定日期</th>
          <th scope="col">公示至</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr id={`record-${r.id}`}>
            <td>
              <Badge tone={r.kind === 'good' ? 'green' : r.severity === 'serious' ? 'red' : 'amber'}>
                {recordKindName(r.kind, r.severity)}
              </Badge>
            </td>
            <td>{r.categoryName}</td>
            <td>{r.facts}</td>
            <td>
              {r.penalties.length
                ? r.penalties.map((p) => (
                    <div>
                      {p.type}
                      {p.content ? `：${p.content}` : ''}
                      {p.termMonths ? `（${p.termMonths} 个月）` : ''}
                    </div>
                  ))
                : '—'}
            </td>
            <td>{r.basis}</td>
            <td>{r.documentNo}</td>
            <td>{r.departmentName ?? r.department}</td>
            <td>
              <Day date={r.decidedOn} />
            </td>
            <td>
              <Day date={r.shownUntil} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Entries({ entries }: { entries: Profile['listEntries'] }) {
  if (entries.length === 0) return <Empty>目前不在红名单、黑名单或重点关注名单上。</Empty>;
  return (
    <Table>
      <thead>
        <tr>
          <th scope="col">名单</th>
          <th scope="col">列入事由</th>
          <th scope="col">依据</th>
          <th scope="col">文号</th>
          <th scope="col">认定部门</th>
          <th scope="col">有效期</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr>
            <td>
              <Badge tone={e.list === 'red' ? 'green' : e.list === 'black' ? 'red' : 'amber'}>{LIST_NAMES[e.list] ?? e.list}</Badge>
            </td>
            <td>{e.reason}</td>
            <td>{e.basis}</td>
            <td>{e.documentNo}</td>
            <td>{e.departmentName ?? e.department}</td>
            <td>
              <Period from={e.validFrom} until={e.validUntil} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The day a signed status is asked for: a GET form, so the status page has a plain address. */
export function StatusDayForm({ uscc, values, errors }: { uscc: string; values: FormValues; errors: FormErrors }) {
  return (
    <form class="search" method="get" action={`/subjects/${uscc}/status`}>
      <Field name="on" label="日期" type="date" values={values} errors={errors} required hint="格式 YYYY-MM-DD" />
      <button type="submit">查看当日名单状态</button>
    </form>
  );
}

/** A subject's public page: who it is, its grade and every point of it, public records and list entries. */
export function SubjectPage({ actor, profile, today }: { actor?: Actor; profile: Profile; today: string }) {
  return (
    <Page title={profile.name} actor={actor} lead={`统一社会信用代码 ${profile.uscc}`}>
      <Facts
        items={[
          ['名称', profile.name],
          ['统一社会信用代码', <code>{profile.uscc}</code>],
          ['类型', SUBJECT_KIND_NAMES[profile.kind] ?? profile.kind],
          ['法定代表人', profile.legalRepresentative],
          ['曾用名', profile.previousNames.length ? profile.previousNames.join('、') : '无'],
        ]}
      />

      <section aria-labelledby="grade-title">
        <h2 id="grade-title">信用等级</h2>
        <p class="grade-line">
          <span class={`grade ${GRADE_TONES[profile.grade] ?? ''}`}>{profile.grade}</span>
          <span>
            {profile.score} 分{' '}
            <span class="muted small">
              （截至 {profile.asOf}，评价规则 {profile.ruleVersion}）
            </span>
          </span>
        </p>
        <Explanation profile={profile} />
      </section>

      <section aria-labelledby="records-title">
        <h2 id="records-title">公示中的信用记录</h2>
        <Records records={profile.records} />
      </section>

      <section aria-labelledby="entries-title">
        <h2 id="entries-title">有效的名单</h2>
        <Entries entries={profile.listEntries} />
      </section>

      <section aria-labelledby="status-title">
        <h2 id="status-title">某一天是否在名单上</h2>
        <p class="muted small">选择日期，查看当天的红名单、黑名单、重点关注名单状态及其电子签名证明，可交给他人自行验证。</p>
        <StatusDayForm uscc={profile.uscc} values={{ on: today }} errors={{}} />
      </section>
    </Page>
  );
}
