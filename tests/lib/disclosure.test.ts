import { describe, expect, it } from 'vitest';
import { isResidentIdNumber, maskPersonalData } from '../../src/disclosure/index.js';
import { completeUscc } from '../../src/lib/uscc.js';

describe("masking what leaves the regulator's view", () => {
  it('masks resident ID numbers and mobile numbers in free text', () => {
    expect(maskPersonalData('身份证 110101199003071234，手机 13812345678')).toBe('身份证 110101********1234，手机 138****5678');
    expect(maskPersonalData('身份证11010119900307123X')).toBe('身份证110101********123X');
  });

  it("leaves an organisation's code readable, even one made of digits only", () => {
    const allDigits = completeUscc('91210102', '00000001');
    expect(allDigits).toMatch(/^\d{18}$/);
    expect(isResidentIdNumber(allDigits)).toBe(false);
    expect(maskPersonalData(`统一社会信用代码 ${allDigits}`)).toBe(`统一社会信用代码 ${allDigits}`);
    expect(maskPersonalData('91210113QY90000778 的检测报告')).toBe('91210113QY90000778 的检测报告');
  });

  it('masks an 18-digit string that is no valid code of either kind (privacy first when unsure)', () => {
    expect(maskPersonalData('证件号 110101199013071234')).toBe('证件号 110101********1234');
  });

  it("checks the ID number's own check digit and birth date", () => {
    expect(isResidentIdNumber('110101199003071234')).toBe(false); // check digit does not match
    expect(isResidentIdNumber('11010119900307123X')).toBe(false);
    expect(isResidentIdNumber('11010519491231002X')).toBe(true); // the standard's own example
  });
});
