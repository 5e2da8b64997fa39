import { parseUscc } from '../lib/uscc.js';

/**
 * Personal data in text that leaves the regulator's own view (domain §11). What a person may be
 * identified or reached by is masked, however it is written: resident ID numbers (18- and 15-digit,
 * lower-case x), mobile numbers (with +86 / 0086 / 86), landlines (with area code, or after a word
 * like 电话), e-mail addresses and bank card numbers; in full-width digits, with spaces or dashes
 * between the digits, or glued to letters. Organisation codes stay readable: an 18-character code
 * that validates as a USCC and not as a resident ID number is a company's, and the public needs it.
 * When a string validates as both, privacy wins and it is masked. A hexadecimal digest (32+ characters,
 * a hash the registry publishes) stays readable too.
 *
 * The text is matched through a same-length "shadow" in which full-width and other look-alike
 * characters read as ASCII, so a match's position in the shadow is its position in the original.
 * Each kind of data is found by its own pattern; where two would overlap, the earlier kind in
 * DETECTORS wins (an ID number is never half-masked as a phone number), and a kept USCC blocks all.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643: 17 digits, a real birth date, and the ISO 7064 MOD 11-2 check character. */
export function isResidentIdNumber(text: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(text)) return false;
  const birth = `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < '1900-01-01') return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(text[i]), 0);
  return ID_CHECK[sum % 11] === text[17]!.toUpperCase();
}

function isCalendarDate(iso: string): boolean {
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === iso;
}

/** The first-generation (15-digit) ID number: region, a birth date as YYMMDD in the 1900s, a serial. */
function looksLikeOldIdNumber(digits: string): boolean {
  return isCalendarDate(`19${digits.slice(6, 8)}-${digits.slice(8, 10)}-${digits.slice(10, 12)}`);
}

// Spaces (including no-break, thin and zero-width ones) and dashes of every width read as separators.
const SPACE_LIKE = /[\u00A0\u2000-\u200D\u202F\u205F\u2060\u3000\uFEFF]/g;
const DASH_LIKE = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;

/** Full-width ASCII (０-９, Ａ-Ｚ, ＋, －, ＠, （ …) as ASCII, look-alike spaces and dashes as ' ' and '-'; same length. */
function shadowOf(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(SPACE_LIKE, ' ')
    .replace(DASH_LIKE, '-');
}

const digitsOf = (match: string) => match.replace(/[^\dXx]/g, '').toUpperCase();

/** Between two digits of one number: up to two spaces or dashes (138 1234 5678, 110101-1990…, 138 - 1234). */
const SEP = '[ \\-]{0,2}';
const digitsWith = (count: string) => `\\d(?:${SEP}\\d)${count}`;

/** A detector's verdict on a match: its masked text, KEEP (readable, and no other detector may take it), or NOT_MINE. */
const KEEP = Symbol('keep');
const NOT_MINE = Symbol('not mine');

type Detector = { kind: string; pattern: RegExp; mask(shadow: string): string | typeof KEEP | typeof NOT_MINE };

const DETECTORS: Detector[] = [
  {
    // A digest (a pool hash, a seed commitment, a SHA-256 of evidence) is not anyone's data, but its
    // digit runs can look like a phone number: a whole hexadecimal word of 32 characters or more stays.
    kind: 'digest',
    pattern: /(?<![0-9A-Za-z])[0-9a-f]{32,}(?![0-9A-Za-z])/g,
    mask: () => KEEP,
  },
  {
    kind: 'email',
    pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    mask: (shadow) => {
      const [local, domain] = shadow.split('@') as [string, string];
      return `${local[0]}***@${domain}`;
    },
  },
  {
    kind: 'organisation code',
    pattern: /(?<![0-9A-Za-z])[0-9A-Z]{17}[0-9A-Za-z](?![0-9A-Za-z])/g,
    mask: (shadow) => (parseUscc(shadow).ok && !isResidentIdNumber(shadow) ? KEEP : NOT_MINE),
  },
  {
    kind: 'resident ID number',
    pattern: new RegExp(`(?<!\\d)${digitsWith('{16}')}${SEP}[\\dXx](?!\\d)`, 'g'),
    mask: (shadow) => {
      const id = digitsOf(shadow);
      // Written without separators, a code that validates as a USCC and not as an ID number is an organisation's.
      if (/^\d{18}$/.test(shadow) && parseUscc(id).ok && !isResidentIdNumber(id)) return KEEP;
      return `${id.slice(0, 6)}********${id.slice(14)}`;
    },
  },
  {
    kind: 'mobile number',
    pattern: new RegExp(`(?<!\\d)(?:(?:\\+|00)?${SEP}86${SEP}|\\(\\+?86\\)${SEP})?1[3-9](?:${SEP}\\d){9}(?!\\d)`, 'g'),
    mask: (shadow) => {
      const mobile = digitsOf(shadow).slice(-11);
      return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
    },
  },
  {
    kind: 'resident ID number (15 digits)',
    pattern: new RegExp(`(?<!\\d)${digitsWith('{14}')}(?!\\d)`, 'g'),
    mask: (shadow) => {
      const id = digitsOf(shadow);
      // Other 15-digit numbers (an old 工商注册号 with no birth date in it) are organisations'.
      return looksLikeOldIdNumber(id) ? `${id.slice(0, 6)}******${id.slice(12)}` : NOT_MINE;
    },
  },
  {
    kind: 'bank card number',
    pattern: new RegExp(`(?<!\\d)${digitsWith('{15,18}')}(?!\\d)`, 'g'),
    mask: (shadow) => {
      const card = digitsOf(shadow);
      return `${card.slice(0, 6)}${'*'.repeat(card.length - 10)}${card.slice(-4)}`;
    },
  },
  {
    kind: 'landline number',
    pattern: new RegExp(
      `(?<!\\d)(?:(?:\\+|00)${SEP}86${SEP}\\(?0?\\d{2,3}\\)?|\\(0\\d{2,3}\\)|0\\d{2,3})${SEP}[2-9]\\d{2,3}${SEP}\\d{4}(?!\\d)`,
      'g',
    ),
    mask: (shadow) => {
      const digits = digitsOf(shadow);
      return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
    },
  },
  {
    kind: 'telephone number after a label',
    pattern: /(?<=(?:电话|手机|座机|固话|传真|联系方式|\b(?:tel|phone|mobile|fax))[:\s]{0,3})[+(]?\d[\d ()-]{4,}\d/gi,
    mask: (shadow) => {
      const digits = digitsOf(shadow);
      return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
    },
  },
];

type Span = { start: number; end: number; replacement: string | typeof KEEP };

/** Every span to mask (or keep) in the text, earlier detectors first, never overlapping. */
function spansOf(text: string): Span[] {
  const shadow = shadowOf(text);
  const taken: Span[] = [];
  for (const detector of DETECTORS) {
    for (const m of shadow.matchAll(detector.pattern)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (taken.some((t) => span.start < t.end && t.start < span.end)) continue;
      const replacement = detector.mask(m[0]);
      if (replacement === NOT_MINE) continue;
      taken.push({ ...span, replacement });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * Every detector needs a digit or an @ (ASCII or full-width, the shadow's only sources of them): text
 * with neither has nothing to mask, and most facts and names are such text (a snapshot of a million
 * records masks several fields of each).
 */
const MAY_HOLD_PERSONAL_DATA = /[0-9@\uFF10-\uFF19\uFF20]/;

export function maskPersonalData(text: string): string {
  if (!MAY_HOLD_PERSONAL_DATA.test(text)) return text;
  let out = '';
  let at = 0;
  for (const span of spansOf(text)) {
    if (span.replacement === KEEP) continue;
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Whether the text holds anything maskPersonalData would mask (input checks on name fields use it). */
export function containsPersonalData(text: string): boolean {
  if (!MAY_HOLD_PERSONAL_DATA.test(text)) return false;
  return spansOf(text).some((span) => span.replacement !== KEEP);
}
