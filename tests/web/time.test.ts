import { describe, expect, it } from 'vitest';
import { beijingDay, beijingInput, beijingTime, instantOfBeijingInput } from '../../src/web/time.js';

describe('beijingTime and beijingDay: instants as Beijing time', () => {
  it('turns the day at 16:00 UTC, midnight in Shanghai', () => {
    expect(beijingTime('2026-11-26T15:59:59Z')).toBe('2026-11-26 23:59');
    expect(beijingDay('2026-11-26T15:59:59Z')).toBe('2026-11-26');
    expect(beijingTime('2026-11-26T16:00:00Z')).toBe('2026-11-27 00:00');
    expect(beijingDay('2026-11-26T16:00:00Z')).toBe('2026-11-27');
  });

  it('is already the next day at midnight UTC, 08:00 in Shanghai', () => {
    expect(beijingTime('2026-11-27T00:00:00Z')).toBe('2026-11-27 08:00');
    expect(beijingTime('2026-11-26T23:59:59.999Z')).toBe('2026-11-27 07:59');
  });

  it('reads an instant given with an offset, and turns the year', () => {
    expect(beijingTime('2026-11-27T10:00:00+08:00')).toBe('2026-11-27 10:00');
    expect(beijingTime('2026-12-31T23:30:00+08:00')).toBe('2026-12-31 23:30');
    expect(beijingTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
    expect(beijingDay('2026-12-31T16:00:00Z')).toBe('2027-01-01');
  });

  it('is a dash for none and the text itself for what is no instant', () => {
    expect(beijingTime(null)).toBe('—');
    expect(beijingTime(undefined)).toBe('—');
    expect(beijingDay('')).toBe('—');
    expect(beijingTime('not a time')).toBe('not a time');
  });
});

describe('datetime-local fields in Beijing time', () => {
  it('shows an instant for editing and reads it back with +08:00', () => {
    expect(beijingInput('2026-11-26T16:00:00Z')).toBe('2026-11-27T00:00');
    expect(beijingInput(null)).toBe('');
    expect(instantOfBeijingInput('2026-11-27T00:00')).toBe('2026-11-27T00:00:00+08:00');
    expect(instantOfBeijingInput('2026-11-27T09:30:15')).toBe('2026-11-27T09:30:15+08:00');
    expect(instantOfBeijingInput('')).toBeUndefined();
    expect(instantOfBeijingInput('tomorrow')).toBe('tomorrow');
  });

  it('round-trips an instant to the minute', () => {
    const iso = '2026-11-26T16:05:00Z';
    expect(Date.parse(instantOfBeijingInput(beijingInput(iso))!)).toBe(Date.parse(iso));
  });
});
