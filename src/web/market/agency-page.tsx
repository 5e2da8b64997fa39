import type { Actor } from '../../core/actor.js';
import type { agencyProfile } from '../../features/agencies/index.js';
import type { listAgencyRatings } from '../../features/ratings/index.js';
import { Badge, Empty, Facts, Notice, Pager, Table } from '../components.js';
import { Page } from '../layout.js';
import { beijingDay } from '../time.js';
import { EXCLUSION_NAMES, RATING_DIMENSIONS } from '../words.js';
import { MarketLinks } from './directory-page.js';
import { feeText, SUSPENSION_REASONS } from './words.js';

export type AgencyProfile = Awaited<ReturnType<typeof agencyProfile>>;
export type AgencyRatings = Awaited<ReturnType<typeof listAgencyRatings>>;

const FEE_KINDS: Record<string, string> = { fixed: '固定收费', range: '区间收费', discount: '按收费标准折扣' };
const PARTS: Record<string, string> = { regulator: '监管评价（70 分）', public: '公共信用（10 分）', social: '社会评价（20 分）' };
const SEVERITY: Record<string, string> = { minor: '轻微', general: '一般', serious: '严重' };

/** Whether the agency may be chosen today, and every public reason why not. */
function Standing({ profile }: { profile: AgencyProfile }) {
  if (profile.selectable)
    return (
      <Notice tone="ok">
        <strong>今天（{profile.asOf}）可被选取。</strong>
        未被列入黑名单，无在效的严重失信记录，未被暂停承接业务。
      </Notice>
    );
  return (
    <Notice tone="error">
      <strong>今天（{profile.asOf}）不可被选取</strong>，原因：
      <ul>
        {profile.notSelectableReasons.map((r) => (
          <li>
            {EXCLUSION_NAMES[r.code] ?? r.code}
            {r.detail ? `：${r.detail}` : ''}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

/** /market/agencies/<USCC>: the agency's public profile, as GET /api/v1/market/agencies/{uscc} gives it. */
export function AgencyPage({
  actor,
  url,
  profile,
  ratings,
}: {
  actor?: Actor;
  url: string;
  profile: AgencyProfile;
  ratings: AgencyRatings;
}) {
  const score = profile.agencyScore;
  return (
    <Page title={profile.name} actor={actor} lead={`统一社会信用代码 ${profile.uscc} · 中介超市入驻机构`}>
      <MarketLinks />
      <Standing profile={profile} />

      <h2>基本信息</h2>
      <Facts
        items={[
          ['统一社会信用代码', profile.uscc],
          ['法定代表人', profile.legalRepresentative],
          ['曾用名', profile.previousNames.length ? profile.previousNames.join('、') : '无'],
          ['入驻时间', beijingDay(profile.admittedAt)],
          ['执业人员', `${profile.staffCount} 人`],
          ['服务区域', profile.regions.join('、')],
          ['业务联系人', profile.contact.name],
          ['联系电话', profile.contact.phone],
          ['电子邮箱', profile.contact.email ?? '未公布'],
        ]}
      />
      {profile.introduction ? <p>{profile.introduction}</p> : null}

      <h2 id="grade">信用等级</h2>
      <p>
        中介综合评分 <strong>{score.score} 分</strong>，等级 <strong>{score.grade}</strong>
        <span class="muted small">
          （按 {score.asOf} 计算，规则版本 {score.ruleVersion}；监管评价 {score.parts.regulator} + 公共信用 {score.parts.public} + 社会评价{' '}
          {score.parts.social}）
        </span>
      </p>
      {score.forcedBottom ? <Notice tone="error">{score.forcedBottom}</Notice> : null}
      <details>
        <summary>评分明细</summary>
        <Table caption="每一项加减分及其依据（依据为规则原文）">
          <thead>
            <tr>
              <th>部分</th>
              <th class="num">分值</th>
              <th>依据</th>
            </tr>
          </thead>
          <tbody>
            {score.lines.map((line) => (
              <tr>
                <td>{PARTS[line.part] ?? line.part}</td>
                <td class="num">{line.effect > 0 ? `+${line.effect}` : line.effect}</td>
                <td>{line.reason}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </details>
      <h3>等级历史</h3>
      {profile.creditGrades.length === 0 ? (
        <Empty>暂无公共信用综合评价等级。</Empty>
      ) : (
        <Table caption="公共信用综合评价：今天及以往各年末的等级（只按公开信息计算）">
          <thead>
            <tr>
              <th>日期</th>
              <th>等级</th>
              <th class="num">分数</th>
              <th>规则版本</th>
            </tr>
          </thead>
          <tbody>
            {profile.creditGrades.map((g) => (
              <tr>
                <td>
                  {g.asOf}
                  {g.asOf === profile.asOf ? <span class="muted small">（今天）</span> : null}
                </td>
                <td>{g.grade}</td>
                <td class="num">{g.score}</td>
                <td>{g.ruleVersion}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2 id="services">服务与收费</h2>
      <Table>
        <thead>
          <tr>
            <th>服务</th>
            <th>收费方式</th>
            <th>收费</th>
            <th>收费依据</th>
          </tr>
        </thead>
        <tbody>
          {profile.services.map((o) => (
            <tr>
              <td>{o.serviceName}</td>
              <td>{FEE_KINDS[o.feeKind] ?? o.feeKind}</td>
              <td>{feeText(o)}</td>
              <td>{o.feeBasis}</td>
            </tr>
          ))}
        </tbody>
      </Table>

      <h2 id="qualifications">资质</h2>
      {profile.qualifications.length === 0 ? (
        <Empty>未登记资质。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th>资质名称</th>
              <th>等级</th>
              <th>证书编号</th>
              <th>有效期至</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {profile.qualifications.map((q) => (
              <tr>
                <td>{q.name}</td>
                <td>{q.level}</td>
                <td>{q.certificateNo}</td>
                <td>{q.validUntil}</td>
                <td>{q.valid ? <Badge tone="green">有效</Badge> : <Badge tone="red">已过期</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2 id="ratings">服务评价</h2>
      {profile.ratings.count === 0 ? (
        <p class="muted">尚无计入的评价。</p>
      ) : (
        <p>
          平均 <strong>{profile.ratings.average} 分</strong>（5 分制，{profile.ratings.count} 条评价）：
          {RATING_DIMENSIONS.map(([key, label]) => `${label} ${profile.ratings[key] ?? '—'}`).join('，')}
        </p>
      )}
      {ratings.items.length === 0 ? null : (
        <>
          <Table caption="项目业主对已完成服务的评价，最新的在前">
            <thead>
              <tr>
                <th>日期</th>
                <th>项目业主</th>
                {RATING_DIMENSIONS.map(([, label]) => (
                  <th class="num">{label}</th>
                ))}
                <th class="num">综合</th>
                <th>评语</th>
              </tr>
            </thead>
            <tbody>
              {ratings.items.map((r) => (
                <tr>
                  <td>{r.ratedOn}</td>
                  <td>{r.ownerName}</td>
                  {RATING_DIMENSIONS.map(([key]) => (
                    <td class="num">{r[key]}</td>
                  ))}
                  <td class="num">{r.overall}</td>
                  <td>
                    {r.comment || <span class="muted">—</span>}
                    {r.setAside ? (
                      <div>
                        <Badge tone="amber">异议成立，不计入平均分</Badge>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager url={url} nextCursor={ratings.nextCursor} />
        </>
      )}

      <h2 id="records">公示期内的信用记录</h2>
      {profile.records.length === 0 ? (
        <Empty>没有在公示期内的公开信用记录。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th>决定日期</th>
              <th>类型</th>
              <th>类别</th>
              <th>程度</th>
              <th>事实</th>
              <th>决定文书号</th>
              <th>认定部门</th>
              <th>公示至</th>
            </tr>
          </thead>
          <tbody>
            {profile.records.map((r) => (
              <tr>
                <td>{r.decidedOn}</td>
                <td>{r.kind === 'good' ? <Badge tone="green">守信</Badge> : <Badge tone="red">失信</Badge>}</td>
                <td>{r.categoryName}</td>
                <td>{r.severity ? (SEVERITY[r.severity] ?? r.severity) : '—'}</td>
                <td>{r.facts}</td>
                <td>{r.documentNo}</td>
                <td>{r.departmentName ?? r.department}</td>
                <td>{r.shownUntil}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2 id="suspensions">暂停承接业务记录</h2>
      {profile.suspensions.length === 0 ? (
        <Empty>没有暂停记录。</Empty>
      ) : (
        <Table>
          <thead>
            <tr>
              <th>原因</th>
              <th>说明</th>
              <th>开始</th>
              <th>结束</th>
              <th>解除</th>
            </tr>
          </thead>
          <tbody>
            {profile.suspensions.map((s) => (
              <tr>
                <td>{SUSPENSION_REASONS[s.reason] ?? s.reason}</td>
                <td>{s.detail}</td>
                <td>{s.startsOn}</td>
                <td>{s.endsOn ?? '至解除为止'}</td>
                <td>{s.liftedOn ? `${s.liftedOn}：${s.liftReason ?? ''}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <p class="actions">
        <a class="button secondary" href={`/market/report?agencyUscc=${profile.uscc}`}>
          举报该机构违规
        </a>
        <a href={`/subjects/${profile.uscc}`}>信用查询页</a>
        <a href={`/api/v1/market/agencies/${profile.uscc}`}>接口数据（JSON）</a>
      </p>
    </Page>
  );
}
