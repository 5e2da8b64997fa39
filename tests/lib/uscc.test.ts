import { describe, expect, it } from 'vitest';
import { completeUscc, orgCodeCheckChar, parseUscc, usccCheckChar } from '../../src/lib/uscc.js';

const failure = (code: string) => {
  const result = parseUscc(code);
  if (result.ok) throw new Error(`${code} was accepted`);
  return result;
};

describe('USCC validation', () => {
  it('accepts the public examples of the domain file', () => {
    expect(parseUscc('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(parseUscc('91110000600037341L')).toEqual({ ok: true, value: '91110000600037341L' });
  });

  it('normalises lower case and surrounding blanks', () => {
    expect(parseUscc(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('rejects a changed check character at position 18, naming the expected one', () => {
    const result = failure('91350100M000100Y44');
    expect(result).toMatchObject({ position: 18, rule: 'uscc-check' });
    expect(result.message).toContain("should be '3'");
  });

  it('rejects a bad 组织机构代码 check at position 17', () => {
    // Position 18 recomputed so only the embedded organisation-code check is wrong.
    const body = '91350100M000100Y5';
    expect(failure(body + usccCheckChar(body))).toMatchObject({ position: 17, rule: 'org-code-check' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the letter %s, naming its position', (letter) => {
    const code = `91350100M${letter}00100Y43`;
    expect(failure(code)).toMatchObject({ position: 10, rule: 'alphabet' });
  });

  it('rejects wrong lengths, unknown registration categories and letters in the region code', () => {
    expect(failure('91350100M000100Y4')).toMatchObject({ rule: 'length' });
    expect(failure('91350100M000100Y433')).toMatchObject({ rule: 'length' });
    expect(failure('95350100M000100Y43')).toMatchObject({ position: 1, rule: 'registration-category' });
    expect(failure('9135A100M000100Y43')).toMatchObject({ position: 5, rule: 'region-code' });
  });

  it('computes the organisation-code check with X and 0 for 10 and 11', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    const checks = new Set<string>();
    for (let i = 0; i < 200; i++) checks.add(orgCodeCheckChar(`QY9${String(i).padStart(5, '0')}`));
    expect(checks.has('X')).toBe(true);
    expect(checks.has('0')).toBe(true);
  });

  it('completes generated codes that validate', () => {
    for (let i = 0; i < 50; i++) {
      const code = completeUscc('91210102', `QY9${String(i).padStart(5, '0')}`);
      expect(parseUscc(code).ok, code).toBe(true);
    }
  });
});
