import { describe, expect, it } from 'vitest';
import { containsPersonalData, maskPersonalData } from '../../src/disclosure/index.js';

/** What the wider masking must leave alone: the facts of a decision stay readable around what it hides. */
describe('masking keeps what the public needs', () => {
  it.each([
    ['a code whose first 17 characters are digits', '统一社会信用代码 91110000600037341L'],
    ['a code with letters inside', '91350100M000100Y43 的检测报告'],
    ['dates, amounts and document numbers', '2026-06-01 决定罚款 20000 元，文号 沈人防罚〔2026〕38765-3号'],
    ['an old 工商注册号 with no birth date in it', '注册号 210102000012345'],
    ['a word that merely ends in "tel"', 'Hotel 12345678'],
    // Its digit runs 0598420 and 13812345678 would otherwise read as a landline and a mobile number.
    [
      'a published pool hash',
      'the pool is fixed: 3 of 4 sign-ups eligible, poolHash 9c1e0598420ab13812345678fe21c0d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0',
    ],
  ])('leaves %s as it is', (_what, text) => {
    expect(maskPersonalData(text)).toBe(text);
    expect(containsPersonalData(text)).toBe(false);
  });

  it('still masks a phone number glued to a shorter hexadecimal-looking word', () => {
    expect(maskPersonalData('ref abc13812345678def')).not.toContain('13812345678');
  });

  it('masks a number and keeps the date beside it', () => {
    expect(maskPersonalData('于2026-06-01 13812345678 电话通知')).toBe('于2026-06-01 138****5678 电话通知');
    expect(maskPersonalData('证件 110101 19900307 1234，卡号 6222 0212 3456 7890')).toBe('证件 110101********1234，卡号 622202******7890');
    expect(maskPersonalData('邮箱 zhang.san@example.com，座机 (024) 2345 6789')).toBe('邮箱 z***@example.com，座机 *******6789');
  });
});
