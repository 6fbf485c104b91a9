import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isIndustrial } from './data/industries';
import {
  defaultTargets,
  INDUSTRIAL_DIVISIONS,
  KPI_COUNT_LABELS,
  KPI_COUNT_UNITS,
  KPI_KEYS,
  KPI_PARTS,
  KPIS,
  type KpiCountValues,
  rate,
  ratesOf,
} from './kpi';
import { KpiCounts } from './schemas/kpis';

const zero = (): KpiCountValues =>
  Object.fromEntries(Object.keys(KPI_COUNT_LABELS).map((k) => [k, 0])) as KpiCountValues;

describe('shared/kpi.ts', () => {
  it('a rate over nothing is null, not 0', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 0)).toBeNull();
    expect(rate(0, 4)).toBe(0);
    expect(rate(3, 4)).toBe(0.75);
    for (const v of Object.values(ratesOf(zero()))) expect(v).toBeNull();
  });

  it('derives every KPI from its own numerator and denominator', () => {
    const counts = zero();
    counts.aboveScaleIndustrial = 245;
    counts.aboveScaleIndustrialResumed = 224;
    counts.normalOutput = 100;
    counts.releasedOutput = 87;
    counts.reportsExpected = 10;
    counts.reportsReceived = 9;
    counts.reportsOnTime = 7;
    const r = ratesOf(counts);
    expect(r.resumptionRate).toBeCloseTo(0.9143, 4);
    expect(r.capacityReleaseRate).toBe(0.87);
    expect(r.reportCompleteness).toBe(0.9);
    expect(r.reportTimeliness).toBe(0.7);
    expect(r.smeResumptionRate).toBeNull();
    expect(r.hazardRectificationRate).toBeNull();
    // Every numerator and denominator is a count on the wire, with a label and a unit.
    for (const k of KPI_KEYS) {
      for (const part of [KPI_PARTS[k].numerator, KPI_PARTS[k].denominator]) {
        expect(Object.keys(KpiCounts.shape)).toContain(part);
        expect(KPI_COUNT_UNITS[part]).toBeDefined();
      }
    }
    expect(Object.keys(KPI_COUNT_LABELS).sort()).toEqual(Object.keys(KpiCounts.shape).sort());
  });

  it('industrial = GB/T 4754 sections B, C, D: divisions 06–46', () => {
    expect(INDUSTRIAL_DIVISIONS[0]).toBe('06');
    expect(INDUSTRIAL_DIVISIONS.at(-1)).toBe('46');
    expect(INDUSTRIAL_DIVISIONS.every((d) => isIndustrial(d))).toBe(true);
    expect(isIndustrial('05')).toBe(false);
    expect(isIndustrial('47')).toBe(false);
    expect(INDUSTRIAL_DIVISIONS).toHaveLength(41);
  });

  it('default targets: resumption 90%, capacity release 80%', () => {
    expect(defaultTargets()).toMatchObject({ resumptionRate: 0.9, capacityReleaseRate: 0.8 });
    expect(Object.keys(defaultTargets())).toEqual([...KPI_KEYS]);
  });

  it('docs/kpis.md carries each definition word for word', () => {
    const doc = fs.readFileSync(new URL('../docs/kpis.md', import.meta.url), 'utf8');
    for (const k of KPI_KEYS) {
      expect(doc).toContain(KPIS[k].definition['zh-CN']);
      expect(doc).toContain(KPIS[k].definition.en);
      expect(doc).toContain(`\`${k}\``);
    }
  });
});
