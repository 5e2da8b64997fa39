import type { Actor } from '../../core/actor.js';
import type { publishedEntries } from '../../features/public/index.js';
import { Empty, Pager, Table } from '../components.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { LIST_NAMES } from '../text.js';
import { Period } from './day.js';

/** A line of a published list as the API answers it (GET /api/v1/public/list-entries). */
/** A published entry as the verb answers it (GET /api/v1/public/list-entries). */
export type PublishedLine = Awaited<ReturnType<typeof publishedEntries>>['items'][number];

const LABELS = { q: '关键词', department: '认定部门' };

const ABOUT: Record<string, string> = {
  red: '守信激励对象：由监管部门认定并公示，在有效期内享受相应激励措施。',
  black: '严重失信主体：由监管部门认定、告知并公示，在有效期内依法受到联合惩戒；信用修复或异议成立后移出。',
};

/** A published list: filter by keyword and department (plain GET form), a table, pages. */
export function ListPage(props: {
  actor?: Actor;
  list: 'red' | 'black';
  today: string;
  values: FormValues;
  errors: FormErrors;
  departments: { code: string; name: string | null }[];
  result: { items: PublishedLine[]; nextCursor: string | null } | null;
  url: string;
}) {
  const { list, values, errors, result } = props;
  const filtered = Boolean(values.q || values.department);
  const options: [string, string][] = [['', '全部部门'], ...props.departments.map((d): [string, string] => [d.code, d.name ?? d.code])];
  // A department typed into the address that has no entry today still shows as chosen.
  if (values.department && !props.departments.some((d) => d.code === values.department))
    options.push([values.department, values.department]);
  return (
    <Page title={LIST_NAMES[list]!} actor={props.actor} lead={`${props.today} 有效的公示条目，按公示日期从新到旧排列。`}>
      <p class="muted small">{ABOUT[list]}</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form class="search" method="get" action={`/lists/${list}`} aria-label={`筛选${LIST_NAMES[list]}`}>
        <Field name="q" label="关键词" type="search" values={values} errors={errors} hint="名称、曾用名或统一社会信用代码" />
        <Field name="department" label="认定部门" values={values} errors={errors} options={options} />
        <button type="submit">筛选</button>
        {filtered ? (
          <a class="button secondary" href={`/lists/${list}`}>
            清除筛选
          </a>
        ) : null}
      </form>
      {result === null ? null : result.items.length === 0 ? (
        <Empty>{filtered ? '没有符合筛选条件的条目。' : `今日${LIST_NAMES[list]}上没有条目。`}</Empty>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <th scope="col">主体名称</th>
                <th scope="col">统一社会信用代码</th>
                <th scope="col">法定代表人</th>
                <th scope="col">列入事由</th>
                <th scope="col">依据</th>
                <th scope="col">文号</th>
                <th scope="col">认定部门</th>
                <th scope="col">有效期</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((e) => (
                <tr>
                  <td>
                    <a href={`/subjects/${e.subjectUscc}`}>{e.subjectName}</a>
                  </td>
                  <td>
                    <code>{e.subjectUscc}</code>
                  </td>
                  <td>{e.legalRepresentative}</td>
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
          <Pager url={props.url} nextCursor={result.nextCursor} />
        </>
      )}
    </Page>
  );
}
