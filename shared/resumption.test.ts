import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, RESUMPTION_STATUSES } from './enums';
import {
  type ApplicationAction,
  applicationNext,
  type DatedStatus,
  daysBetween,
  missingItems,
  nextStatus,
  resumedOn,
  STATUS_TRANSITIONS,
  type StatusEvent,
  statusOn,
} from './resumption';

describe('the status machine', () => {
  it('allows exactly the transitions of the issue', () => {
    const legal: string[] = [];
    for (const from of RESUMPTION_STATUSES)
      for (const event of Object.keys(STATUS_TRANSITIONS) as StatusEvent[]) {
        const to = nextStatus(from, event);
        if (to) legal.push(`${from} -${event}-> ${to}`);
      }
    expect(legal.sort()).toEqual(
      [
        'not_applied -submit-> applied',
        'returned -submit-> applied',
        'suspended -submit-> applied',
        'applied -return-> returned',
        'applied -approve-> approved',
        'approved -resume-> resumed',
        'suspended -resume-> resumed',
        'resumed -suspend-> suspended',
        'not_applied -close-> closed',
        'applied -close-> closed',
        'returned -close-> closed',
        'approved -close-> closed',
        'resumed -close-> closed',
        'suspended -close-> closed',
      ].sort(),
    );
  });

  it('refuses the rest, e.g. resuming without approval and anything after closing', () => {
    expect(nextStatus('not_applied', 'resume')).toBeNull();
    expect(nextStatus('applied', 'resume')).toBeNull();
    expect(nextStatus('approved', 'approve')).toBeNull();
    expect(nextStatus('resumed', 'submit')).toBeNull();
    for (const e of Object.keys(STATUS_TRANSITIONS) as StatusEvent[])
      expect(nextStatus('closed', e)).toBeNull();
  });
});

describe('the application machine', () => {
  it('edit and submit from draft or returned; review and verify only while submitted', () => {
    const table: string[] = [];
    const actions: ApplicationAction[] = ['edit', 'submit', 'return', 'approve', 'verify'];
    for (const s of APPLICATION_STATUSES)
      for (const a of actions) {
        const to = applicationNext(s, a);
        if (to) table.push(`${s} -${a}-> ${to}`);
      }
    expect(table.sort()).toEqual(
      [
        'draft -edit-> draft',
        'draft -submit-> submitted',
        'returned -edit-> returned',
        'returned -submit-> submitted',
        'submitted -return-> returned',
        'submitted -approve-> approved',
        'submitted -verify-> submitted',
      ].sort(),
    );
  });
});

describe('statusOn', () => {
  const events: DatedStatus[] = [
    { status: 'applied', effectiveDate: '2020-02-05', seq: 1 },
    { status: 'approved', effectiveDate: '2020-02-10', seq: 2 },
    { status: 'resumed', effectiveDate: '2020-02-12', seq: 3 },
    { status: 'suspended', effectiveDate: '2020-02-20', seq: 4 },
    { status: 'resumed', effectiveDate: '2020-02-20', seq: 5 },
    { status: 'suspended', effectiveDate: '2020-03-01', seq: 6 },
  ];

  it('answers "what was the status on D" for any past D, in any input order', () => {
    const shuffled = [events[3], events[0], events[5], events[2], events[4], events[1]];
    for (const list of [events, shuffled]) {
      expect(statusOn(list, '2020-01-31')).toBe('not_applied');
      expect(statusOn(list, '2020-02-05')).toBe('applied');
      expect(statusOn(list, '2020-02-11')).toBe('approved');
      expect(statusOn(list, '2020-02-12')).toBe('resumed');
      // Same day: the later change (higher seq) wins.
      expect(statusOn(list, '2020-02-20')).toBe('resumed');
      expect(statusOn(list, '2020-03-01')).toBe('suspended');
      expect(statusOn(list, '2020-03-10')).toBe('suspended');
    }
  });

  it('resumedOn is true only while resumed and not suspended since', () => {
    expect(resumedOn(events, '2020-02-11')).toBe(false);
    expect(resumedOn(events, '2020-02-15')).toBe(true);
    expect(resumedOn(events, '2020-02-25')).toBe(true);
    expect(resumedOn(events, '2020-03-05')).toBe(false);
    expect(resumedOn([], '2020-03-05')).toBe(false);
  });
});

describe('missingItems', () => {
  const complete = {
    plannedDate: '2020-03-12',
    workforce: {
      normalWorkforce: 100,
      returningWorkers: 80,
      fromOutsideProvince: 5,
      fromKeyAreas: 0,
      underObservation: 2,
    },
    prevention: {
      maskStockDays: 14,
      disinfectantStockDays: 30,
      temperatureCheckpoints: 2,
      isolationRoom: true,
      canteenArrangement: '分餐、错峰',
      shuttleDormitoryArrangement: '班车每日消毒，宿舍每间不超过4人',
      emergencyPlan: true,
      preventionOfficer: { name: '刘晓东', phone: '13804145210' },
    },
    safety: { equipmentChecked: true, safetyTrainingDone: true, emergencyDrillDone: true },
  };

  it('a complete application has nothing missing', () => {
    expect(missingItems(complete, { hazardousChemicals: false }, '2020-03-10')).toEqual([]);
  });

  it('an empty draft lists every required item', () => {
    const paths = missingItems({}, { hazardousChemicals: true }, '2020-03-10').map((m) => m.path);
    expect(paths).toEqual([
      'plannedDate',
      'workforce.normalWorkforce',
      'workforce.returningWorkers',
      'workforce.fromOutsideProvince',
      'workforce.fromKeyAreas',
      'workforce.underObservation',
      'prevention.maskStockDays',
      'prevention.disinfectantStockDays',
      'prevention.temperatureCheckpoints',
      'prevention.isolationRoom',
      'prevention.canteenArrangement',
      'prevention.shuttleDormitoryArrangement',
      'prevention.emergencyPlan',
      'prevention.preventionOfficer.name',
      'prevention.preventionOfficer.phone',
      'safety.equipmentChecked',
      'safety.safetyTrainingDone',
      'safety.emergencyDrillDone',
      'safety.hazardousMaterialsInspected',
    ]);
  });

  it('checks dates, consistent counts, confirmations and the hazardous-chemicals item', () => {
    const bad = missingItems(
      {
        ...complete,
        plannedDate: '2020-03-01',
        workforce: { ...complete.workforce, returningWorkers: 120, fromKeyAreas: 200 },
        prevention: { ...complete.prevention, isolationRoom: false, maskStockDays: 0 },
      },
      { hazardousChemicals: true },
      '2020-03-10',
    );
    expect(bad.map((m) => `${m.path}:${m.reason}`)).toEqual([
      'plannedDate:date_in_past',
      'workforce.returningWorkers:exceeds',
      'workforce.fromKeyAreas:exceeds',
      'prevention.maskStockDays:required',
      'prevention.isolationRoom:must_be_confirmed',
      'safety.hazardousMaterialsInspected:must_be_confirmed',
    ]);
  });
});

describe('daysBetween', () => {
  it('counts calendar days across months and backwards', () => {
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2020-03-10', '2020-03-03')).toBe(-7);
  });
});
