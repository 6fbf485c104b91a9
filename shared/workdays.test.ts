import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkdays, isWorkday, workdaysBetween } from './workdays';

describe('isWorkday', () => {
  it('knows the 2020 Spring Festival, extended to 2020-02-02 by the State Council', () => {
    expect(isWorkday('2020-01-23')).toBe(true);
    for (const d of ['2020-01-24', '2020-01-27', '2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02']) {
      expect(isWorkday(d), d).toBe(false);
    }
    expect(isWorkday('2020-02-03')).toBe(true);
  });

  it('counts adjusted working weekends (调休) as working days', () => {
    // Sunday before the Spring Festival, and the Labour Day swaps of 2020.
    expect(isWorkday('2020-01-19')).toBe(true);
    expect(isWorkday('2020-04-26')).toBe(true);
    expect(isWorkday('2020-05-09')).toBe(true);
    // 2020-02-01 was to be a working Saturday; the extension cancelled it.
    expect(isWorkday('2020-02-01')).toBe(false);
  });

  it('ordinary weekdays and weekends', () => {
    expect(isWorkday('2020-03-10')).toBe(true);
    expect(isWorkday('2020-03-07')).toBe(false);
    expect(isWorkday('2020-03-08')).toBe(false);
    expect(isWorkday('2020-05-05')).toBe(false);
  });

  it('refuses malformed dates', () => {
    expect(() => isWorkday('2020/03/10')).toThrow(/YYYY-MM-DD/);
    expect(() => isWorkday('2020-13-01')).toThrow();
  });
});

describe('addWorkdays', () => {
  it('skips the weekend', () => {
    expect(addWorkdays('2020-03-06', 1)).toBe('2020-03-09');
    expect(addWorkdays('2020-03-06', 3)).toBe('2020-03-11');
    expect(addWorkdays('2020-03-10', 0)).toBe('2020-03-10');
  });

  it('skips the whole extended Spring Festival', () => {
    expect(addWorkdays('2020-01-23', 1)).toBe('2020-02-03');
    expect(addWorkdays('2020-01-22', 3)).toBe('2020-02-04');
  });

  it('lands on an adjusted working Sunday', () => {
    expect(addWorkdays('2020-01-17', 1)).toBe('2020-01-19');
    expect(addWorkdays('2020-04-24', 1)).toBe('2020-04-26');
  });

  it('goes backwards for negative n', () => {
    expect(addWorkdays('2020-02-03', -1)).toBe('2020-01-23');
    expect(addWorkdays('2020-03-09', -1)).toBe('2020-03-06');
  });
});

describe('workdaysBetween', () => {
  it('counts working days after a, up to and including b', () => {
    expect(workdaysBetween('2020-03-06', '2020-03-09')).toBe(1);
    expect(workdaysBetween('2020-03-09', '2020-03-13')).toBe(4);
    expect(workdaysBetween('2020-03-10', '2020-03-10')).toBe(0);
    expect(workdaysBetween('2020-03-13', '2020-03-09')).toBe(-4);
  });

  it('counts no working day during the extended holiday and counts the working Sunday', () => {
    expect(workdaysBetween('2020-01-23', '2020-02-02')).toBe(0);
    expect(workdaysBetween('2020-01-17', '2020-01-20')).toBe(2);
  });

  it('is the inverse of addWorkdays', () => {
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => {
      const d = new Date(Date.UTC(2019, 0, 1 + n));
      return d.toISOString().slice(0, 10);
    });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 40 }), (d, n) => {
        expect(workdaysBetween(d, addWorkdays(d, n))).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});
