import { sql } from 'kysely';
import type { Clock } from '../core/clock.js';
import { DomainError } from '../core/errors.js';
import type { Db, Trx } from '../db/types.js';
import { EVENTS, type EventType } from './catalogue.js';

/**
 * Consumers inside the registry read the outbox (today: the credit side turning a justified arrears
 * complaint into the debtor body's dishonesty record). Each event is handled in one transaction that
 * also writes its `sync.consumed` row, so the effect and the mark commit together: a crash before the
 * commit leaves neither (the next run retries), a crash after leaves both (the next run skips it), and
 * two runners racing for one event queue on the mark's primary key, so exactly one does the work.
 * A handler that refuses the event with a DomainError (a rule) marks it failed with the reason and,
 * in the same transaction, lets the consumer answer the refusal (so the sender can reopen what it
 * closed); a payload that no longer matches the catalogue is set aside as failed too, never retried
 * for ever. Any other error (the database, a bug) leaves that event unmarked for the next run, and
 * the batch goes on with the others.
 */
export type OutboxEvent<T extends EventType> = {
  id: string;
  type: T;
  at: Date;
  payload: ReturnType<(typeof EVENTS)[T]['schema']['parse']>;
};

export type Consumer<T extends EventType = EventType> = {
  name: string;
  type: T;
  handle(trx: Trx, event: OutboxEvent<T>, clock: Clock): Promise<void>;
  /** Runs when the handler refused the event by a rule, in the transaction that marks it failed. */
  onRefused?(trx: Trx, event: OutboxEvent<T>, reason: string, clock: Clock): Promise<void>;
};

export type ConsumeReport = {
  done: number;
  /** Refused by a rule, or unreadable: marked failed, with the reason. */
  failed: { eventId: string; reason: string }[];
  /** Anything else: left unmarked, to be tried again. */
  errors: { eventId: string; reason: string }[];
};

/** The events of a consumer's type it has not taken yet, oldest first (the metrics read the first one's age). */
export function openEvents(db: Db, consumer: { name: string; type: string }) {
  return db
    .selectFrom('sync.events as e')
    .select('e.at')
    .where('e.type', '=', consumer.type)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sync.consumed as c')
            .select(sql`1`.as('one'))
            .whereRef('c.event_id', '=', 'e.id')
            .where('c.consumer', '=', consumer.name),
        ),
      ),
    )
    .orderBy('e.id');
}

export async function runConsumer<T extends EventType>(db: Db, consumer: Consumer<T>, clock: Clock, batch = 100): Promise<ConsumeReport> {
  const report: ConsumeReport = { done: 0, failed: [], errors: [] };
  const pending = await openEvents(db, consumer).select(['e.id', 'e.type', 'e.payload']).limit(batch).execute();
  for (const row of pending) {
    const parsed = EVENTS[consumer.type].schema.safeParse(row.payload);
    if (!parsed.success) {
      const reason = `the payload does not match the catalogue: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
      if (await db.transaction().execute((trx) => claim(trx, consumer.name, row.id, 'failed', reason))) {
        report.failed.push({ eventId: row.id, reason });
      }
      continue;
    }
    const event = { id: row.id, type: consumer.type, at: row.at, payload: parsed.data } as OutboxEvent<T>;
    try {
      const handled = await db.transaction().execute(async (trx) => {
        if (!(await claim(trx, consumer.name, row.id, 'done', null))) return false;
        await consumer.handle(trx, event, clock);
        return true;
      });
      if (handled) report.done += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) {
        report.errors.push({ eventId: row.id, reason: (error as Error).message });
        continue;
      }
      const marked = await db.transaction().execute(async (trx) => {
        if (!(await claim(trx, consumer.name, row.id, 'failed', error.message))) return false;
        await consumer.onRefused?.(trx, event, error.message, clock);
        return true;
      });
      if (marked) report.failed.push({ eventId: row.id, reason: error.message });
    }
  }
  return report;
}

/** Marks the event handled by this consumer; false when another run already has (or is doing it now). */
async function claim(trx: Trx, consumer: string, eventId: string, outcome: 'done' | 'failed', detail: string | null) {
  const row = await trx
    .insertInto('sync.consumed')
    .values({ consumer, event_id: eventId, outcome, detail })
    .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}
