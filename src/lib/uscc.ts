/**
 * 统一社会信用代码 (GB 32100-2015) validation, with the embedded 组织机构代码 (GB 11714) check.
 * Pure: no I/O. Errors name the 1-based position that failed and the rule it broke, because a clerk
 * retyping a code from paper needs to know which character to look at.
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** 登记管理部门码 + 机构类别码 pairs allowed at positions 1–2. */
export const REGISTRATION_CATEGORIES = new Set([
  '11',
  '12',
  '13',
  '19',
  '21',
  '29',
  '31',
  '32',
  '33',
  '34',
  '35',
  '39',
  '41',
  '49',
  '51',
  '52',
  '53',
  '59',
  '61',
  '62',
  '69',
  '71',
  '72',
  '79',
  '81',
  '89',
  '91',
  '92',
  '93',
  'A1',
  'A9',
  'N1',
  'N2',
  'N3',
  'N9',
  'Y1',
]);

export type UsccProblem = { position: number; rule: string; message: string };
export type UsccResult = { ok: true; value: string } | ({ ok: false } & UsccProblem);

function problem(position: number, rule: string, message: string): UsccResult {
  return { ok: false, position, rule, message: `position ${position}: ${message}` };
}

/** GB 11714 value of a character: digits are themselves, letters A=10 … Z=35. */
function orgCodeValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

/** The 组织机构代码 check character for its first 8 characters. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCodeValue(body8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The USCC check character (position 18) for its first 17 characters. */
export function usccCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function parseUscc(input: string): UsccResult {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) {
    return problem(code.length < 18 ? code.length + 1 : 19, 'length', `a USCC has 18 characters, this has ${code.length}`);
  }
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(code[i]!)) {
      return problem(i + 1, 'alphabet', `'${code[i]}' is not allowed (digits and ${USCC_ALPHABET.slice(10)}; never I, O, Z, S, V)`);
    }
  }
  if (!REGISTRATION_CATEGORIES.has(code.slice(0, 2))) {
    return problem(1, 'registration-category', `'${code.slice(0, 2)}' is not a 登记管理部门码 + 机构类别码 pair`);
  }
  for (let i = 2; i < 8; i++) {
    if (!/[0-9]/.test(code[i]!)) {
      return problem(i + 1, 'region-code', `行政区划码 (positions 3–8) must be digits, found '${code[i]}'`);
    }
  }
  const orgCheck = orgCodeCheckChar(code.slice(8, 16));
  if (code[16] !== orgCheck) {
    return problem(17, 'org-code-check', `组织机构代码 check character should be '${orgCheck}', found '${code[16]}'`);
  }
  const check = usccCheckChar(code.slice(0, 17));
  if (code[17] !== check) {
    return problem(18, 'uscc-check', `USCC check character should be '${check}', found '${code[17]}'`);
  }
  return { ok: true, value: code };
}

/** Completes a 17-character body with valid check characters at 17 and 18 (seeds, tests, benchmarks). */
export function completeUscc(prefix8: string, orgBody8: string): string {
  const body17 = prefix8 + orgBody8 + orgCodeCheckChar(orgBody8);
  return body17 + usccCheckChar(body17);
}
