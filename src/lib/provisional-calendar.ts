import { Lunar, Solar } from 'lunar-javascript';
import { addDays, type IsoDate } from './dates.js';

/**
 * The provisional working-day table of a year whose official table is not published yet (domain §7),
 * built from the rules so that December never stops the registry:
 * - statutory days (全国年节及纪念日放假办法, 2025 revision): 元旦 1/1; 春节 除夕 and 初一–初三; 清明 (the
 *   solar term's day); 劳动节 5/1–5/2; 端午 五月初五; 中秋 八月十五; 国庆 10/1–10/3;
 * - the usual blocks: 春节 8 days from 除夕, 劳动节 5 days from 5/1, 国庆 7 days from 10/1 (one more when
 *   中秋 falls inside it, as in 2020 and 2025), the single days joined to a weekend (a Tuesday or a
 *   Thursday bridged to it, a Wednesday alone);
 * - a statutory day on a Saturday or Sunday gets a weekday off in lieu (第六条), right after its run of
 *   rest days unless the run already has enough weekdays off;
 * - no make-up working days, so a provisional table rests at least as much as the official one will,
 *   and a deadline counted on it is never earlier than the official table would make it.
 * Lunar dates and the solar term come from lunar-javascript. Pure and deterministic (memoised).
 */
export type ProvisionalTable = { year: number; holidays: IsoDate[] };

type Festival = { statutory: IsoDate[]; block: IsoDate[] };

const span = (from: IsoDate, days: number): IsoDate[] => Array.from({ length: days }, (_, i) => addDays(from, i));
const ymd = (year: number, month: number, day: number): IsoDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
const weekday = (day: IsoDate) => new Date(`${day}T00:00:00Z`).getUTCDay();
const isWeekend = (day: IsoDate) => weekday(day) === 0 || weekday(day) === 6;

/** A single statutory day with the weekend next to it (Mon → Sat–Mon, Tue → Sat–Tue, Thu → Thu–Sun, Fri → Fri–Sun). */
function joinedToWeekend(day: IsoDate): Festival {
  const before: Record<number, number> = { 0: 1, 1: 2, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0 };
  const after: Record<number, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 3, 5: 2, 6: 1 };
  const w = weekday(day);
  return { statutory: [day], block: span(addDays(day, -before[w]!), before[w]! + 1 + after[w]!) };
}

/** The festivals whose rest days fall in this Gregorian year, 元旦 of the next one included (it may start on 12/30). */
function festivalsOf(year: number): Festival[] {
  const chuxi = Lunar.fromYmd(year, 1, 1).getSolar().next(-1).toYmd();
  const qingming = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable().清明!.toYmd();
  const duanwu = Lunar.fromYmd(year, 5, 5).getSolar().toYmd();
  const zhongqiu = Lunar.fromYmd(year, 8, 15).getSolar().toYmd();
  const national = ymd(year, 10, 1);
  const zhongqiuInNational = zhongqiu >= national && zhongqiu <= ymd(year, 10, 7);
  return [
    joinedToWeekend(ymd(year, 1, 1)),
    { statutory: span(chuxi, 4), block: span(chuxi, 8) },
    joinedToWeekend(qingming),
    { statutory: span(ymd(year, 5, 1), 2), block: span(ymd(year, 5, 1), 5) },
    joinedToWeekend(duanwu),
    joinedToWeekend(zhongqiu),
    { statutory: span(national, 3), block: span(national, zhongqiuInNational ? 8 : 7) },
    joinedToWeekend(ymd(year + 1, 1, 1)),
  ];
}

function build(year: number): ProvisionalTable {
  const festivals = festivalsOf(year);
  const off = new Set(festivals.flatMap((f) => f.block));
  // A day that is two festivals at once (中秋 on 10/1) counts twice.
  const statutory = festivals.flatMap((f) => f.statutory);
  const rest = (day: IsoDate) => off.has(day) || isWeekend(day);
  // Walk each run of rest days: it must hold at least as many weekdays off as statutory days (第六条).
  let day = ymd(year - 1, 12, 20);
  const end = ymd(year + 1, 1, 15);
  while (day <= end) {
    if (!rest(day)) {
      day = addDays(day, 1);
      continue;
    }
    const run: IsoDate[] = [];
    while (rest(day)) {
      run.push(day);
      day = addDays(day, 1);
    }
    let owed = statutory.filter((d) => run.includes(d)).length - run.filter((d) => !isWeekend(d)).length;
    // `day` is the weekday after the run: days in lieu follow it until the run is square.
    while (owed > 0) {
      if (!isWeekend(day)) {
        off.add(day);
        owed -= 1;
      }
      day = addDays(day, 1);
    }
  }
  return { year, holidays: [...off].filter((d) => d.startsWith(`${year}-`)).sort() };
}

const built = new Map<number, ProvisionalTable>();

export function provisionalTable(year: number): ProvisionalTable {
  let table = built.get(year);
  if (!table) {
    table = build(year);
    built.set(year, table);
  }
  return table;
}
