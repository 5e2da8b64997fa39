import { parseUscc } from '../lib/uscc.js';

/**
 * Personal data in text that leaves the regulator's own view (domain §11): ID numbers of natural
 * persons become 110101********1234, mobile numbers 138****1234. Organisation codes stay readable:
 * an 18-character code that validates as a USCC and not as a resident ID number is a company's, and
 * the public needs it. When a string validates as both, privacy wins and it is masked.
 */
const EIGHTEEN = /(?<![0-9A-Za-z])[0-9A-Z]{17}[0-9A-Za-z](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643: 17 digits, a real birth date, and the ISO 7064 MOD 11-2 check character. */
export function isResidentIdNumber(text: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(text)) return false;
  const birth = `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`;
  const day = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== birth || birth < '1900-01-01') return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(text[i]), 0);
  return ID_CHECK[sum % 11] === text[17]!.toUpperCase();
}

function maskEighteen(code: string): string {
  if (!/^\d{17}[\dXx]$/.test(code)) return code; // letters inside: an organisation code, never an ID number
  if (parseUscc(code).ok && !isResidentIdNumber(code)) return code;
  return `${code.slice(0, 6)}********${code.slice(14)}`;
}

export function maskPersonalData(text: string): string {
  return text.replace(EIGHTEEN, maskEighteen).replace(MOBILE, '$1****$2');
}
