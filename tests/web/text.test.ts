import { describe, expect, it } from 'vitest';
import { EXCLUSION_CODES } from '../../src/features/agencies/index.js';
import { MODES, PUBLIC_STATES } from '../../src/features/announcements/index.js';
import { EXIT_REASONS } from '../../src/features/lists/machine.js';
import { bidText, fenOfYuan, ratePercent, wholeNumberOf, yuan, yuanInput } from '../../src/web/text.js';
import {
  ANNOUNCEMENT_STATES,
  EXCLUSION_NAMES,
  EXIT_REASON_NAMES,
  MODE_NAMES,
  SELECTION_STATES,
  SEVERITY_NAMES,
} from '../../src/web/words.js';

describe('fenOfYuan: 元 as typed, to exact fen', () => {
  it('reads separators, a currency sign, a trailing 元 and up to two decimals', () => {
    expect(fenOfYuan('12000')).toEqual({ fen: '1200000' });
    expect(fenOfYuan('12,000.50')).toEqual({ fen: '1200050' });
    expect(fenOfYuan('1，234，567.8')).toEqual({ fen: '123456780' });
    expect(fenOfYuan(' ¥3 000 ')).toEqual({ fen: '300000' });
    expect(fenOfYuan('￥0.05')).toEqual({ fen: '5' });
    expect(fenOfYuan('500元')).toEqual({ fen: '50000' });
    expect(fenOfYuan('2,800.5 元')).toEqual({ fen: '280050' });
  });

  it('refuses three decimals, a sign, words and a lone separator, naming the format', () => {
    for (const typed of ['12.345', '0.001', '-5', '+5', '-0.01', '五百', '12.', '.5', '1e3', ',', '元', '¥', '1.2.3'])
      expect(fenOfYuan(typed), typed).toEqual({ error: expect.stringContaining('金额格式不正确') });
  });

  it('is nothing when nothing was typed', () => {
    expect(fenOfYuan(undefined)).toEqual({});
    expect(fenOfYuan('')).toEqual({});
    expect(fenOfYuan('   ')).toEqual({});
  });

  it('refuses zero unless zero is allowed', () => {
    expect(fenOfYuan('0')).toEqual({ error: '金额必须大于零' });
    expect(fenOfYuan('0.00元')).toEqual({ error: '金额必须大于零' });
    expect(fenOfYuan('0', { zero: 'refused' })).toEqual({ error: '金额必须大于零' });
    expect(fenOfYuan('0', { zero: 'allowed' })).toEqual({ fen: '0' });
    expect(fenOfYuan('0.00', { zero: 'allowed' })).toEqual({ fen: '0' });
  });

  it('stays exact beyond 2^53 fen, up to fourteen digits of 元', () => {
    // 2^53 + 1 fen: a float would round it to 2^53.
    expect(fenOfYuan('90,071,992,547,409.93')).toEqual({ fen: '9007199254740993' });
    expect(fenOfYuan('99999999999999.99')).toEqual({ fen: '9999999999999999' });
    expect(fenOfYuan('100000000000000')).toEqual({ error: expect.stringContaining('金额格式不正确') });
  });

  it('reads back what yuan() and yuanInput() show', () => {
    for (const fen of ['1', '10', '100', '280050', '9007199254740993']) {
      expect(fenOfYuan(yuan(fen))).toEqual({ fen });
      expect(fenOfYuan(yuanInput(fen))).toEqual({ fen });
    }
  });
});

describe('yuanInput: fen as the 元 a form shows for editing', () => {
  it('drops zero cents and keeps two decimals otherwise, without separators', () => {
    expect(yuanInput('300000')).toBe('3000');
    expect(yuanInput('280050')).toBe('2800.50');
    expect(yuanInput('5')).toBe('0.05');
    expect(yuanInput('0')).toBe('0');
    expect(yuanInput('9007199254740993')).toBe('90071992547409.93');
    expect(yuanInput(-150n)).toBe('-1.50');
  });

  it('is empty for no amount', () => {
    expect(yuanInput(null)).toBe('');
    expect(yuanInput(undefined)).toBe('');
    expect(yuanInput('')).toBe('');
  });
});

describe('wholeNumberOf: a whole number typed in a form', () => {
  it('is the number for up to nine digits, nothing for an empty field, the text otherwise', () => {
    expect(wholeNumberOf('24')).toBe(24);
    expect(wholeNumberOf(' 7 ')).toBe(7);
    expect(wholeNumberOf('0')).toBe(0);
    expect(wholeNumberOf('999999999')).toBe(999_999_999);
    expect(wholeNumberOf(undefined)).toBeUndefined();
    expect(wholeNumberOf('')).toBeUndefined();
    for (const typed of ['1.5', '-3', '十二', '1234567890', '1e3']) expect(wholeNumberOf(typed)).toBe(typed);
  });
});

describe('ratePercent: a decimal rate as a percentage, exact', () => {
  it('moves the decimal point, dropping trailing zeros', () => {
    expect(ratePercent('0.8500')).toBe('85%');
    expect(ratePercent('0.855')).toBe('85.5%');
    expect(ratePercent('0.8555')).toBe('85.55%');
    expect(ratePercent('0.0005')).toBe('0.05%');
    expect(ratePercent('0.05')).toBe('5%');
    expect(ratePercent('1')).toBe('100%');
    expect(ratePercent('1.0000')).toBe('100%');
    expect(ratePercent('0.12345')).toBe('12.345%');
  });

  it('is a dash for no rate and the text itself for what is no rate', () => {
    expect(ratePercent(null)).toBe('—');
    expect(ratePercent('')).toBe('—');
    expect(ratePercent('abc')).toBe('abc');
  });
});

describe('bidText: a bid as it reads', () => {
  it('shows an amount in yuan, a discount rate with its percentage, a dash for none', () => {
    expect(bidText({ amountFen: '1500050', discountRate: null })).toBe('¥15,000.50');
    expect(bidText({ amountFen: null, discountRate: '0.8500' })).toBe('0.8500（85%）');
    expect(bidText({ discountRate: '0.855' })).toBe('0.855（85.5%）');
    expect(bidText({ amountFen: null, discountRate: null })).toBe('—');
    expect(bidText(null)).toBe('—');
    expect(bidText(undefined)).toBe('—');
  });
});

describe('the shared word tables name every code', () => {
  const missing = (table: Record<string, string>, codes: readonly string[]) => codes.filter((c) => !table[c]);
  it('covers the market’s and the lists’ codes', () => {
    expect(missing(MODE_NAMES, MODES)).toEqual([]);
    expect(missing(ANNOUNCEMENT_STATES, ['draft', ...PUBLIC_STATES])).toEqual([]);
    expect(missing(SELECTION_STATES, ['publicised', 'awaiting_pick', 'confirmed', 'failed'])).toEqual([]);
    expect(missing(EXCLUSION_NAMES, EXCLUSION_CODES)).toEqual([]);
    expect(missing(EXIT_REASON_NAMES, EXIT_REASONS)).toEqual([]);
    expect(missing(SEVERITY_NAMES, ['minor', 'general', 'serious'])).toEqual([]);
  });

  it('uses the regulation’s terms', () => {
    expect(ANNOUNCEMENT_STATES.under_contract).toBe('合同已备案');
    expect(EXIT_REASON_NAMES.revoked).toBe('撤销认定');
    expect(MODE_NAMES.bid_lowest).toBe('竞价（最低价）');
  });
});
