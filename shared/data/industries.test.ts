import { describe, expect, it } from 'vitest';
import { INDUSTRIES, industryByCode, industrySectionOf, isIndustrial } from './industries';

const byLevel = (level: string) => INDUSTRIES.filter((i) => i.level === level);

describe('GB/T 4754-2017 industries', () => {
  it('has the 20 sections A–T', () => {
    expect(byLevel('section').map((s) => s.code)).toEqual('ABCDEFGHIJKLMNOPQRST'.split(''));
  });

  it('has all 97 divisions 01–97, once each', () => {
    const codes = byLevel('division').map((d) => d.code);
    expect(codes).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it('puts divisions in the right sections', () => {
    const expected: [string, string][] = [
      ['01', 'A'],
      ['05', 'A'],
      ['06', 'B'],
      ['12', 'B'],
      ['13', 'C'],
      ['43', 'C'],
      ['44', 'D'],
      ['46', 'D'],
      ['47', 'E'],
      ['50', 'E'],
      ['51', 'F'],
      ['52', 'F'],
      ['53', 'G'],
      ['60', 'G'],
      ['61', 'H'],
      ['62', 'H'],
      ['63', 'I'],
      ['65', 'I'],
      ['66', 'J'],
      ['69', 'J'],
      ['70', 'K'],
      ['71', 'L'],
      ['72', 'L'],
      ['73', 'M'],
      ['75', 'M'],
      ['76', 'N'],
      ['79', 'N'],
      ['80', 'O'],
      ['82', 'O'],
      ['83', 'P'],
      ['84', 'Q'],
      ['85', 'Q'],
      ['86', 'R'],
      ['90', 'R'],
      ['91', 'S'],
      ['96', 'S'],
      ['97', 'T'],
    ];
    for (const [code, section] of expected) expect(industryByCode(code)?.section, code).toBe(section);
  });

  it('names divisions officially', () => {
    expect(industryByCode('08')?.name).toBe('黑色金属矿采选业');
    expect(industryByCode('13')?.name).toBe('农副食品加工业');
    expect(industryByCode('27')?.name).toBe('医药制造业');
    expect(industryByCode('30')?.name).toBe('非金属矿物制品业');
    expect(industryByCode('31')?.name).toBe('黑色金属冶炼和压延加工业');
    expect(industryByCode('44')?.name).toBe('电力、热力生产和供应业');
  });

  it('gives every class an existing division and the same section', () => {
    const classes = byLevel('class');
    expect(classes.length).toBeGreaterThanOrEqual(40);
    for (const c of classes) {
      expect(c.code, c.name).toMatch(/^\d{4}$/);
      const division = industryByCode(c.code.slice(0, 2));
      expect(division?.level, c.code).toBe('division');
      expect(c.section, c.code).toBe(division?.section);
    }
  });

  it('has unique codes and non-empty names in both languages', () => {
    expect(new Set(INDUSTRIES.map((i) => i.code)).size).toBe(INDUSTRIES.length);
    for (const i of INDUSTRIES) {
      expect(i.name.length, i.code).toBeGreaterThan(0);
      expect(i.nameEn.length, i.code).toBeGreaterThan(0);
    }
  });

  it('uses 2017 class codes, not 2011 ones', () => {
    expect(industryByCode('3130')?.name).toBe('钢压延加工');
    expect(industryByCode('4511')?.name).toBe('天然气生产和供应业');
    expect(industryByCode('9011')?.name).toBe('歌舞厅娱乐活动');
    expect(industryByCode('9013')?.name).toBe('网吧活动');
    expect(industryByCode('1310')).toBeUndefined();
    expect(industryByCode('4500')).toBeUndefined();
  });

  it('finds the section of any code through its division', () => {
    expect(industrySectionOf('C')).toBe('C');
    expect(industrySectionOf('3130')).toBe('C');
    expect(industrySectionOf('313')).toBe('C');
    expect(industrySectionOf('0810')).toBe('B');
    expect(industrySectionOf('4430')).toBe('D');
    expect(industrySectionOf('9011')).toBe('R');
    expect(industrySectionOf('98')).toBeUndefined();
    expect(industrySectionOf('00')).toBeUndefined();
    expect(industrySectionOf('X')).toBeUndefined();
    expect(industrySectionOf('31a0')).toBeUndefined();
    expect(industrySectionOf('')).toBeUndefined();
  });

  it('counts sections B, C and D as industrial', () => {
    expect(isIndustrial('0810')).toBe(true);
    expect(isIndustrial('2720')).toBe(true);
    expect(isIndustrial('4610')).toBe(true);
    expect(isIndustrial('D')).toBe(true);
    expect(isIndustrial('0171')).toBe(false);
    expect(isIndustrial('4710')).toBe(false);
    expect(isIndustrial('5212')).toBe(false);
    expect(isIndustrial('9011')).toBe(false);
    expect(isIndustrial('nope')).toBe(false);
  });
});
