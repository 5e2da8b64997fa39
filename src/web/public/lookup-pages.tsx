import type { Actor } from '../../core/actor.js';
import type { searchPublicSubjects } from '../../features/public/index.js';
import { Empty, Pager, Table } from '../components.js';
import { ErrorSummary, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { SearchForm } from './search-form.js';
import { SUBJECT_KIND_NAMES } from './words.js';

const LABELS = { q: '名称、曾用名或统一社会信用代码' };

/** The home page: the search box first, what the site publishes, and where to go next. */
export function HomePage({ actor }: { actor?: Actor }) {
  return (
    <Page title="公共信用信息查询" actor={actor} lead="查询企业、中介服务机构的信用等级、公示的信用记录和红黑名单，无需登录。">
      <SearchForm values={{}} errors={{}} />
      <section aria-labelledby="about-title">
        <h2 id="about-title">这里公示什么</h2>
        <ul>
          <li>每个信用主体的名称、统一社会信用代码、法定代表人和曾用名；</li>
          <li>公示期内的失信记录和良好信用记录，以及由这些公开信息计算的信用等级和每一分的来由；</li>
          <li>有效的红名单、黑名单，以及任意一天是否在名单上的电子签名证明，任何人可以自行验证。</li>
        </ul>
        <p class="muted small">轻微失信记录不公示，也不计入公开的分数；公示期满、已修复或异议成立的信息不再公开。</p>
      </section>
      <nav aria-labelledby="more-title">
        <h2 id="more-title">更多</h2>
        <ul class="cards plain">
          <li class="card">
            <a href="/lists/red">
              <strong>红名单</strong>
            </a>
            <div class="muted small">守信激励对象，今日有效</div>
          </li>
          <li class="card">
            <a href="/lists/black">
              <strong>黑名单</strong>
            </a>
            <div class="muted small">严重失信主体，今日有效</div>
          </li>
          <li class="card">
            <a href="/market">
              <strong>中介超市</strong>
            </a>
            <div class="muted small">按服务、地区、信用等级选择中介服务机构</div>
          </li>
          <li class="card">
            <a href="/console/sign-in">
              <strong>工作人员登录</strong>
            </a>
            <div class="muted small">监管、审核、财政等部门的工作台</div>
          </li>
        </ul>
      </nav>
    </Page>
  );
}

/** A search hit as the verb answers it (GET /api/v1/public/subjects). */
export type SubjectHit = Awaited<ReturnType<typeof searchPublicSubjects>>['items'][number];

/**
 * The search page: the form keeps what was typed; a refused query names the field; the hits each link
 * to the subject's page, with former names shown (a hit may be found by one).
 */
export function SearchPage(props: {
  actor?: Actor;
  values: FormValues;
  errors: FormErrors;
  result: { items: SubjectHit[]; nextCursor: string | null } | null;
  url: string;
}) {
  const { values, errors, result } = props;
  const q = values.q ?? '';
  return (
    <Page title={result && q ? `“${q}”的查询结果` : '信用查询'} actor={props.actor}>
      <ErrorSummary errors={errors} labels={LABELS} />
      <SearchForm values={values} errors={errors} />
      {result === null ? null : result.items.length === 0 ? (
        <Empty>没有找到名称、曾用名或代码包含“{q}”的信用主体。请检查输入，或换一个关键词。</Empty>
      ) : (
        <>
          <Table caption="点击名称查看信用信息">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">统一社会信用代码</th>
                <th scope="col">类型</th>
                <th scope="col">法定代表人</th>
                <th scope="col">曾用名</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((s) => (
                <tr>
                  <td>
                    <a href={`/subjects/${s.uscc}`}>{s.name}</a>
                  </td>
                  <td>
                    <code>{s.uscc}</code>
                  </td>
                  <td>{SUBJECT_KIND_NAMES[s.kind] ?? s.kind}</td>
                  <td>{s.legalRepresentative}</td>
                  <td>{s.previousNames.length ? s.previousNames.join('、') : <span class="muted">无</span>}</td>
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
