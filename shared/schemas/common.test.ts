import { describe, expect, it } from 'vitest';
import { IsoDate, isRealDate } from './common';

describe('isRealDate', () => {
  it('accepts real calendar days, including leap days', () => {
    for (const d of ['2020-02-29', '2020-03-10', '1900-01-01', '2100-12-31'])
      expect(isRealDate(d), d).toBe(true);
  });
  it('refuses impossible days, other shapes and far-off years', () => {
    for (const d of [
      '2019-02-29',
      '2020-02-30',
      '2020-13-01',
      '2020-00-10',
      '2020-3-1',
      '20200310',
      '0387-01-01',
      '7220-01-01',
    ])
      expect(isRealDate(d), d).toBe(false);
  });
  it('is what the IsoDate schema checks', () => {
    expect(IsoDate.safeParse('2020-02-30').success).toBe(false);
    expect(IsoDate.safeParse('2020-02-29').success).toBe(true);
  });
});
