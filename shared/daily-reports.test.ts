import { describe, expect, it } from 'vitest';
import {
  abnormalValues,
  changedValues,
  DEFAULT_FIELD_KEYS,
  DEFAULT_FORM,
  deadlineInstant,
  dueChaseStages,
  isLocked,
  isOnTime,
  rate,
  reportContent,
  submissionStatus,
  validateForm,
  validateValues,
} from './daily-reports';

const full = {
  onSiteWorkers: 120,
  returnedToday: 4,
  fromOutsideProvince: 6,
  fromKeyAreas: 0,
  underObservation: 1,
  feverOrSymptoms: 0,
  suspected: 0,
  confirmed: 0,
  capacityPct: 85,
  remarks: '一切正常',
};

const reasons = (input: Record<string, unknown>, zero = false) =>
  validateValues(DEFAULT_FORM, input, { zero }).issues.map((i) => `${i.path}:${i.reason}`);

describe('the default form', () => {
  it('has exactly the contract keys, with fever/suspected/confirmed abnormal if non-zero', () => {
    expect(DEFAULT_FORM.fields.map((f) => f.key)).toEqual([...DEFAULT_FIELD_KEYS]);
    expect(DEFAULT_FORM.fields.filter((f) => f.abnormalIfNonZero).map((f) => f.key)).toEqual([
      'feverOrSymptoms',
      'suspected',
      'confirmed',
    ]);
    expect(DEFAULT_FORM.deadline).toBe('10:00');
    expect(DEFAULT_FORM.lockAfterDays).toBe(3);
    expect(validateForm(DEFAULT_FORM)).toEqual([]);
  });
});

describe('validateValues', () => {
  it('accepts a complete report and drops empty optional fields', () => {
    const { values, issues } = validateValues(DEFAULT_FORM, { ...full, remarks: null });
    expect(issues).toEqual([]);
    expect(values).not.toHaveProperty('remarks');
    expect(values.onSiteWorkers).toBe(120);
  });

  it('checks types: whole numbers, numbers, text, booleans', () => {
    expect(reasons({ ...full, onSiteWorkers: 12.5 })).toEqual(['values.onSiteWorkers:not_an_integer']);
    expect(reasons({ ...full, onSiteWorkers: '120' })).toEqual(['values.onSiteWorkers:not_a_number']);
    expect(reasons({ ...full, capacityPct: 'lots' })).toEqual(['values.capacityPct:not_a_number']);
    expect(reasons({ ...full, remarks: 5 })).toEqual(['values.remarks:not_text']);
    const form = {
      fields: [
        {
          key: 'masks',
          labelZh: '口罩充足',
          labelEn: 'Masks',
          type: 'boolean' as const,
          required: true,
          abnormalIfNonZero: false,
        },
      ],
      rules: [],
    };
    expect(validateValues(form, { masks: 'yes' }).issues[0].reason).toBe('not_boolean');
    expect(validateValues(form, { masks: true }).issues).toEqual([]);
  });

  it('checks bounds: no negative counts, capacity 0–100', () => {
    expect(reasons({ ...full, returnedToday: -1 })).toEqual(['values.returnedToday:below_min']);
    expect(reasons({ ...full, capacityPct: 101 })).toEqual(['values.capacityPct:above_max']);
    expect(reasons({ ...full, capacityPct: 0 })).toEqual([]);
  });

  it('requires the required fields and names unknown ones', () => {
    const { onSiteWorkers: _o, ...rest } = full;
    expect(reasons(rest)).toEqual(['values.onSiteWorkers:required']);
    expect(reasons({ ...full, temperature: 36.5 })).toEqual(['values.temperature:unknown_field']);
  });

  it('applies the cross-field rules: fever, suspected and returned today ≤ on site; key areas ≤ outside province', () => {
    expect(reasons({ ...full, feverOrSymptoms: 121 })).toEqual(['values.feverOrSymptoms:exceeds']);
    expect(reasons({ ...full, suspected: 200 })).toEqual(['values.suspected:exceeds']);
    expect(reasons({ ...full, returnedToday: 121 })).toEqual(['values.returnedToday:exceeds']);
    expect(reasons({ ...full, fromKeyAreas: 7 })).toEqual(['values.fromKeyAreas:exceeds']);
    const issue = validateValues(DEFAULT_FORM, { ...full, feverOrSymptoms: 121 }).issues[0];
    expect(issue.params).toMatchObject({ field: 'onSiteWorkers' });
  });

  it('a zero report still needs the workforce figures; abnormal fields left out become 0, non-zero ones are refused', () => {
    const { feverOrSymptoms: _f, suspected: _s, confirmed: _c, ...workforce } = full;
    const ok = validateValues(DEFAULT_FORM, workforce, { zero: true });
    expect(ok.issues).toEqual([]);
    expect(ok.values).toMatchObject({ feverOrSymptoms: 0, suspected: 0, confirmed: 0 });
    expect(reasons({ ...workforce, suspected: 1 }, true)).toEqual(['values.suspected:zero_report_abnormal']);
    const { onSiteWorkers: _o, ...noWorkers } = workforce;
    expect(reasons(noWorkers, true)).toEqual(['values.onSiteWorkers:required']);
    // Without the zero flag, leaving the abnormal fields out is simply incomplete.
    expect(reasons(workforce)).toEqual([
      'values.feverOrSymptoms:required',
      'values.suspected:required',
      'values.confirmed:required',
    ]);
  });
});

describe('classification and revisions', () => {
  it('abnormal when any abnormal field is non-zero; zero only when declared; else normal', () => {
    expect(reportContent(DEFAULT_FORM, { ...full, feverOrSymptoms: 1 }, false)).toBe('abnormal');
    expect(reportContent(DEFAULT_FORM, { ...full, confirmed: 1 }, true)).toBe('abnormal');
    expect(reportContent(DEFAULT_FORM, full, true)).toBe('zero');
    expect(reportContent(DEFAULT_FORM, full, false)).toBe('normal');
    expect(abnormalValues(DEFAULT_FORM, { ...full, suspected: 2 })).toEqual({ suspected: 2 });
  });

  it('lists what changed between revisions', () => {
    expect(changedValues(full, { ...full, onSiteWorkers: 118, remarks: '更正' })).toEqual({
      onSiteWorkers: { from: 120, to: 118 },
      remarks: { from: '一切正常', to: '更正' },
    });
    expect(changedValues(null, { a: 1 })).toEqual({ a: { from: null, to: 1 } });
  });
});

describe('deadline, lock and status', () => {
  it('on time up to the deadline in Asia/Shanghai', () => {
    expect(deadlineInstant('2020-03-10', '10:00').toISOString()).toBe('2020-03-10T02:00:00.000Z');
    expect(isOnTime('2020-03-10', '10:00', new Date('2020-03-10T10:00:00+08:00'))).toBe(true);
    expect(isOnTime('2020-03-10', '10:00', new Date('2020-03-10T10:00:01+08:00'))).toBe(false);
    expect(isOnTime('2020-03-09', '10:00', new Date('2020-03-10T08:00:00+08:00'))).toBe(false);
  });

  it('locks a day after lockAfterDays', () => {
    expect(isLocked('2020-03-07', '2020-03-10', 3)).toBe(false);
    expect(isLocked('2020-03-06', '2020-03-10', 3)).toBe(true);
    expect(isLocked('2020-03-10', '2020-03-10', 0)).toBe(false);
  });

  it('status per enterprise per day', () => {
    expect(submissionStatus(false, null)).toBe('not_expected');
    expect(submissionStatus(false, { onTime: true })).toBe('not_expected');
    expect(submissionStatus(true, null)).toBe('missing');
    expect(submissionStatus(true, { onTime: true })).toBe('on_time');
    expect(submissionStatus(true, { onTime: false })).toBe('late');
  });

  it('rates never exceed 100% and are null when nothing was expected', () => {
    expect(rate(97, 100)).toBeCloseTo(0.97);
    expect(rate(5, 4)).toBe(1);
    expect(rate(0, 0)).toBeNull();
  });

  it('chase stages come due at the deadline, +1 h and +2 h', () => {
    const at = (t: string) => dueChaseStages('2020-03-10', '10:00', new Date(`2020-03-10T${t}+08:00`));
    expect(at('09:59:59')).toEqual([]);
    expect(at('10:00:00')).toEqual(['enterprise']);
    expect(at('11:00:00')).toEqual(['enterprise', 'liaison']);
    expect(at('12:30:00')).toEqual(['enterprise', 'liaison', 'district']);
  });
});

describe('validateForm', () => {
  it('refuses duplicate keys, rules over unknown or text fields, bad bounds and times', () => {
    const bad = {
      ...DEFAULT_FORM,
      deadline: '25:00',
      fields: [
        ...DEFAULT_FORM.fields,
        { ...DEFAULT_FORM.fields[0] },
        {
          key: 'x',
          labelZh: 'x',
          labelEn: 'x',
          type: 'integer' as const,
          required: false,
          min: 5,
          max: 1,
          abnormalIfNonZero: false,
        },
      ],
      rules: [
        { field: 'nope', lte: 'onSiteWorkers' },
        { field: 'remarks', lte: 'onSiteWorkers' },
        { field: 'suspected', lte: 'suspected' },
      ],
    };
    expect(validateForm(bad).map((i) => i.reason)).toEqual([
      'duplicate_key',
      'max_below_min',
      'unknown_field_ref',
      'rule_not_numeric',
      'rule_self',
      'invalid_time',
    ]);
  });

  it('keeps the fields the KPIs read, with their types; other fields may go', () => {
    const without = (key: string) => DEFAULT_FORM.fields.filter((f) => f.key !== key);
    expect(validateForm({ ...DEFAULT_FORM, fields: without('remarks') })).toEqual([]);
    expect(validateForm({ ...DEFAULT_FORM, fields: without('capacityPct') })).toEqual([
      { path: 'fields', reason: 'kpi_field_removed', params: { value: 'capacityPct' } },
    ]);
    const retyped = DEFAULT_FORM.fields.map((f) =>
      f.key === 'onSiteWorkers' ? { ...f, type: 'decimal' as const } : f,
    );
    expect(validateForm({ ...DEFAULT_FORM, fields: retyped })).toEqual([
      {
        path: 'fields.0.type',
        reason: 'kpi_field_type',
        params: { value: 'onSiteWorkers', type: 'integer' },
      },
    ]);
  });
});
