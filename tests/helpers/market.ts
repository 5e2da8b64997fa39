import { newId } from '../../src/lib/ids.js';
import type { Harness } from './harness.js';

/**
 * A selection whose service is completed, for the ratings tests: written straight into the tables (an
 * announcement in state completed with its steps, and its confirmed selection naming the winner), so
 * the ratings tests do not depend on running a whole purchase through the announcements API.
 */
let serial = 0;

export async function completedSelection(
  h: Harness,
  input: { ownerSub: string; winnerUscc: string; completedOn: string | null; ownerName?: string },
) {
  serial += 1;
  const winner = await h.db.selectFrom('credit.subjects').select('id').where('uscc', '=', input.winnerUscc).executeTakeFirstOrThrow();
  const now = h.clock.now();
  const announcementId = newId('announcement', now);
  const selectionId = newId('selection', now);
  await h.db
    .insertInto('market.announcements')
    .values({
      id: announcementId,
      owner_sub: input.ownerSub,
      owner_name: input.ownerName ?? '沈阳市某某建设有限公司',
      owner_uscc: null,
      project_code: `2026-210102-48-01-${String(100000 + serial)}`,
      project_name: `人防工程施工图审查 ${serial}`,
      service: 'cd_drawing_review',
      region: '210100',
      fiscal: false,
      quote_kind: 'amount',
      price_cap_fen: '1000000',
      price_floor_fen: null,
      discount_min: null,
      discount_max: null,
      signup_deadline: new Date('2026-01-10T02:00:00Z'),
      selection_at: new Date('2026-01-11T02:00:00Z'),
      qualification_match: 'any',
      qualifications: [],
      avoid: JSON.stringify([]),
      mode: 'direct',
      direct_uscc: input.winnerUscc,
      long_list_size: null,
      short_list_size: null,
      complaint_contact: '024-12345678',
      state: input.completedOn ? 'completed' : 'in_service',
      failure_reason: null,
      draw_rule: null,
      draw_rule_hash: null,
      randomness_source: null,
      sealed_seed: null,
      published_at: new Date('2026-01-02T02:00:00Z'),
      created_at: new Date('2026-01-01T02:00:00Z'),
      updated_at: now,
    })
    .execute();
  await h.db
    .insertInto('market.announcement_steps')
    .values([
      {
        announcement_id: announcementId,
        from_state: 'draft',
        to_state: 'published',
        actor: input.ownerSub,
        role: 'applicant',
        at: now,
        note: null,
      },
      ...(input.completedOn
        ? [
            {
              announcement_id: announcementId,
              from_state: 'in_service' as const,
              to_state: 'completed' as const,
              actor: input.ownerSub,
              role: 'applicant',
              at: now,
              note: null,
            },
          ]
        : []),
    ])
    .execute();
  await h.db
    .insertInto('market.selections')
    .values({
      id: selectionId,
      announcement_id: announcementId,
      mode: 'direct',
      state: 'confirmed',
      pool_hash: null,
      proof: null,
      ordered: [input.winnerUscc],
      shortlist: [],
      winner_subject_id: winner.id,
      winner_bid_fen: null,
      winner_discount_rate: null,
      publicity_ends_on: null,
      confirmed_at: new Date('2026-01-15T02:00:00Z'),
      completed_on: input.completedOn,
      made_by: input.ownerSub,
      made_at: new Date('2026-01-11T02:00:00Z'),
    })
    .execute();
  return { announcementId, selectionId };
}
