import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/disclosure/index.js';

describe('a public CSV line', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvLine([2025, '沈阳市某区, 人防办', 'say "hi"', 'a\nb'])).toBe('2025,"沈阳市某区, 人防办","say ""hi""","a\nb"');
  });

  it('keeps a cell a spreadsheet would run as a formula as text', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '沈阳'])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),沈阳`);
  });

  it('keeps a cell starting with a tab or a carriage return as text too', () => {
    expect(csvLine(['\t=1+1', '\r=1+1', 'a\tb', '沈阳\r'])).toBe(`'\t=1+1,"'\r=1+1",a\tb,"沈阳\r"`);
  });
});
