/**
 * The one source of "now". Legal dates are dates in Asia/Shanghai, whatever the server's TZ,
 * so "today" is derived here and nowhere else; tests inject a fixed clock to stand on any day.
 */
export interface Clock {
  now(): Date;
  /** Today's date in Asia/Shanghai as YYYY-MM-DD. */
  today(): string;
}

const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function dateInShanghai(moment: Date): string {
  return shanghaiDate.format(moment);
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => dateInShanghai(new Date()),
};

/** A clock standing still at the given instant (tests, replays). */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`fixedClock: not an instant: ${iso}`);
  return { now: () => new Date(at), today: () => dateInShanghai(at) };
}
