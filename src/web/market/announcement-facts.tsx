import type { getAnnouncement, selectionView } from '../../features/announcements/index.js';
import { Badge, Table } from '../components.js';
import { ratePercent, yuan } from '../text.js';
import { beijingTime } from '../time.js';
import { ANNOUNCEMENT_STATES, ANNOUNCEMENT_TONES, EXCLUSION_NAMES } from '../words.js';

/**
 * The announcement's facts as both the public announcement page and the owner's console page render
 * them. Each takes what the verb already returned to that page (the public page gets the disclosed
 * view), so sharing the rendering shows nothing more than the page was given.
 */

export type AnnouncementView = Awaited<ReturnType<typeof getAnnouncement>>;
export type SelectionView = Awaited<ReturnType<typeof selectionView>>;

export const OBJECTION_STATES: Record<string, string> = { filed: '待处理', upheld: '异议成立', rejected: '异议不成立' };

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={ANNOUNCEMENT_TONES[state]}>{ANNOUNCEMENT_STATES[state] ?? state}</Badge>;
}

/** The price limits: the cap (and the floor when there is one), or the range of discount rates. */
export function priceText(a: AnnouncementView): string {
  if (a.quoteKind === 'discount') {
    const range = [a.discountMin, a.discountMax].map((r) => (r === null ? '—' : `${r}（${ratePercent(r)}）`));
    return `按收费标准折扣报价，折扣率 ${range[0]} 至 ${range[1]}`;
  }
  return `最高限价 ${yuan(a.priceCapFen)}${a.priceFloorFen ? `，最低限价 ${yuan(a.priceFloorFen)}` : ''}`;
}

export function qualificationsText(a: AnnouncementView): string {
  const q = a.qualifications;
  return q.names.length ? `${q.match === 'all' ? '须同时具备' : '具备其一即可'}：${q.names.join('、')}` : '无';
}

export function avoidText(a: AnnouncementView): string {
  return a.avoid.length ? a.avoid.map((x) => `${x.uscc}（${x.reason}）`).join('；') : '无';
}

/** An agency's cell in a table: its name linking to its public profile, its code below. */
export function AgencyCell({ uscc, name }: { uscc: string; name: string }) {
  return (
    <td>
      <a href={`/market/agencies/${uscc}`}>{name}</a>
      <div class="muted small">{uscc}</div>
    </td>
  );
}

/** A name for an agency code among the selection's sign-ups (the code itself when it is not there). */
export const poolNames = (sel: SelectionView) => (uscc: string) => sel.pool.find((p) => p.uscc === uscc)?.name ?? uscc;

/** The winner's changes: who dropped out, who came next, why. */
export function ChangesTable({ changes, nameOf }: { changes: SelectionView['changes']; nameOf: (uscc: string) => string }) {
  return (
    <Table>
      <thead>
        <tr>
          <th>时间</th>
          <th>退出的机构</th>
          <th>递补的机构</th>
          <th>理由</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((ch) => (
          <tr>
            <td>{beijingTime(ch.at)}</td>
            <td>{nameOf(ch.droppedUscc)}</td>
            <td>{ch.nextUscc ? nameOf(ch.nextUscc) : '无（选取失败）'}</td>
            <td class="small">
              {EXCLUSION_NAMES[ch.reason.code] ? `${EXCLUSION_NAMES[ch.reason.code]}：${ch.reason.detail}` : ch.reason.detail}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The objections filed during the publicity period and how each was decided. */
export function ObjectionsTable({ objections, nameOf }: { objections: SelectionView['objections']; nameOf: (uscc: string) => string }) {
  return (
    <Table>
      <thead>
        <tr>
          <th>提出时间</th>
          <th>提出机构</th>
          <th>理由</th>
          <th>处理</th>
        </tr>
      </thead>
      <tbody>
        {objections.map((o) => (
          <tr>
            <td>{beijingTime(o.filedAt)}</td>
            <td>{nameOf(o.uscc)}</td>
            <td class="small">{o.reason}</td>
            <td>
              {OBJECTION_STATES[o.state] ?? o.state}
              {o.decisionNote ? <div class="muted small">{o.decisionNote}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The announcement's history: each change of state, when, and the note given. */
export function StepsTable({ steps }: { steps: AnnouncementView['steps'] }) {
  return (
    <Table>
      <thead>
        <tr>
          <th>时间</th>
          <th>状态变化</th>
          <th>说明</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr>
            <td>{beijingTime(s.at)}</td>
            <td>
              {s.from ? `${ANNOUNCEMENT_STATES[s.from] ?? s.from} → ` : ''}
              {ANNOUNCEMENT_STATES[s.to] ?? s.to}
            </td>
            <td class="small">{s.note ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
