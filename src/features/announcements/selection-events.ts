import type { Ctx } from '../../core/actor.js';
import type { Trx } from '../../db/types.js';
import { selectionDisclosure, selectionEventPayload } from '../../disclosure/index.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { loadSelection, selectionFacts } from './selection-view.js';

/** The audit row and the public event of a selection made or changed, in the transaction that made the change. */
export async function announceSelection(
  trx: Trx,
  ctx: Ctx,
  selectionId: string,
  type: 'market.selection_made' | 'market.selection_changed',
  action: string,
) {
  const sel = (await loadSelection(trx, selectionId))!;
  const facts = await selectionFacts(trx, sel);
  await recordPublicChange(trx, ctx, type, {
    action,
    entityType: 'selection',
    entityId: selectionId,
    subjectId: sel.winner_subject_id,
    after: selectionDisclosure(facts, { owner: true }),
    payload: selectionEventPayload(facts),
  });
  return facts;
}
