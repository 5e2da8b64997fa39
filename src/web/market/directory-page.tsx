import type { Actor } from '../../core/actor.js';
import { AGENCY_GRADES, type directory, type listServices, type publicOffersOf } from '../../features/agencies/index.js';
import { Badge, Empty, Notice, Pager, Table } from '../components.js';
import { ErrorSummary, Field, type FormErrors, type FormValues } from '../forms.js';
import { Page } from '../layout.js';
import { EXCLUSION_NAMES } from '../words.js';
import { AgencyCell } from './announcement-facts.js';
import { feeText, SORT_NAMES } from './words.js';

const GRADE_OPTIONS = AGENCY_GRADES.map((g, i): [string, string] => [g, i === 0 ? g : `${g} 及以上`]);

export type DirectoryRows = Awaited<ReturnType<typeof directory>>;
export type Services = Awaited<ReturnType<typeof listServices>>;
export type OffersByAgency = Awaited<ReturnType<typeof publicOffersOf>>;

export const DIRECTORY_LABELS: Record<string, string> = {
  service: '服务',
  region: '服务区域',
  minGrade: '信用等级',
  q: '名称或代码',
  sort: '排序',
  cursor: '翻页位置',
  limit: '每页条数',
  _form: '查询',
};

type Props = {
  actor?: Actor;
  url: string;
  values: FormValues;
  errors: FormErrors;
  services: Services;
  today: string;
  page: DirectoryRows | null;
  offers: OffersByAgency;
  /** The same query for the JSON API (the filled-in filters only). */
  apiSearch: string;
};

/** The market's links: the directory, the announcements and the report form. */
export function MarketLinks() {
  return (
    <nav class="actions" aria-label="中介超市">
      <a href="/market">中介机构名录</a>
      <a href="/market/announcements">采购公告与选取结果</a>
      <a href="/market/report">举报中介机构违规</a>
    </nav>
  );
}

/** /market: the directory of admitted agencies, filtered and sorted as the API's directory is. */
export function DirectoryPage({ actor, url, values, errors, services, today, page, offers, apiSearch }: Props) {
  const restricted = values.includeRestricted === 'true';
  const chosen = values.service;
  return (
    <Page title="中介超市" actor={actor} lead="已入驻中介服务机构的名录：按服务、区域、信用等级和名称查找，按信用分、评价或收费排序。">
      <MarketLinks />
      <Notice>
        {restricted
          ? `本页列出已入驻中介超市的机构，包括今天（${today}）不可被选取的机构：被列入黑名单、有在效的严重失信记录或被暂停承接业务的机构也列出，并标明不可选取的原因。`
          : `本页只列出已入驻中介超市、今天（${today}）可被选取的机构。被列入黑名单、有在效的严重失信记录或被暂停承接业务的机构不在名录中。`}
        信用等级和信用分每日计算，评价为项目业主对已完成服务的评分。
      </Notice>
      <ErrorSummary errors={errors} labels={DIRECTORY_LABELS} />
      <form method="get" action="/market" class="search" aria-label="查找中介机构">
        <Field
          name="service"
          label="服务"
          values={values}
          errors={errors}
          options={[['', '全部服务'], ...services.map((s): [string, string] => [s.code, s.name])]}
        />
        <Field
          name="region"
          label="服务区域"
          values={values}
          errors={errors}
          inputmode="numeric"
          placeholder="如 210102"
          hint="6 位行政区划代码"
        />
        <Field name="minGrade" label="信用等级" values={values} errors={errors} options={[['', '不限'], ...GRADE_OPTIONS]} />
        <Field name="q" label="名称或代码" values={values} errors={errors} type="search" />
        <Field
          name="sort"
          label="排序"
          values={values}
          errors={errors}
          options={Object.entries(SORT_NAMES).map(([v, text]): [string, string] => [v, text])}
        />
        <div class="field check">
          <label>
            <input type="checkbox" name="includeRestricted" value="true" checked={restricted} /> 同时列出不可选取的机构
          </label>
        </div>
        <button type="submit">查询</button>
      </form>
      {page === null ? null : page.items.length === 0 ? (
        <Empty>没有符合条件的中介机构。</Empty>
      ) : (
        <>
          <Table caption={chosen ? `提供“${services.find((s) => s.code === chosen)?.name ?? chosen}”服务的机构` : '中介机构'}>
            <thead>
              <tr>
                <th>机构</th>
                <th>信用等级</th>
                <th>服务与收费</th>
                <th>评价</th>
                <th>能否选取</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((row) => (
                <tr>
                  <AgencyCell uscc={row.uscc} name={row.name} />
                  <td>
                    {row.grade ?? '—'}
                    {row.score === null ? null : <div class="muted small">{row.score} 分</div>}
                  </td>
                  <td>
                    <ul class="offers">
                      {(offers.get(row.uscc) ?? []).map((o) => (
                        <li class={o.service === chosen ? 'chosen' : undefined}>
                          {o.serviceName}：{feeText(o)}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {row.averageRating === null ? <span class="muted">暂无评价</span> : `${row.averageRating} 分（${row.ratingCount} 条）`}
                  </td>
                  <td>
                    {row.selectable ? (
                      <Badge tone="green">可选取</Badge>
                    ) : (
                      <>
                        <Badge tone="red">不可选取</Badge>
                        <ul class="plain small">
                          {row.notSelectableReasons.map((r) => (
                            <li>{EXCLUSION_NAMES[r.code] ?? r.code}</li>
                          ))}
                        </ul>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager url={url} nextCursor={page.nextCursor} />
        </>
      )}
      <p class="muted small">
        同样的数据可从接口读取：<a href={`/api/v1/market/agencies${apiSearch}`}>/api/v1/market/agencies</a>
      </p>
    </Page>
  );
}
