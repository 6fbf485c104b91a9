import { describe, expect, it } from 'vitest';
import { checkUscc, describeUsccProblem, USCC_ALPHABET, usccCheckChar } from './uscc';

/** Real codes as published on the national enterprise credit information system. */
const PUBLISHED = [
  '914403001922038216',
  '9144030071526726XG',
  '91330100799655058B',
  '91350100M000100Y43',
  '91110000802100433B',
  '91110108551385082Q',
  '91440300708461136T',
];

const withCharAt = (code: string, position: number, ch: string) =>
  code.slice(0, position - 1) + ch + code.slice(position);

describe('checkUscc', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(checkUscc(code)).toBeNull();
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('accepts lower-case input and surrounding spaces', () => {
    expect(checkUscc('9144030071526726xg')).toBeNull();
    expect(checkUscc('91350100m000100y43')).toBeNull();
    expect(checkUscc('  91110108551385082Q ')).toBeNull();
  });

  it('reports a wrong length', () => {
    expect(checkUscc('91440300192203821')).toEqual({ reason: 'length', length: 17 });
    expect(checkUscc('9144030019220382160')).toEqual({ reason: 'length', length: 19 });
    expect(checkUscc('')).toEqual({ reason: 'length', length: 0 });
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('reports the forbidden letter %s at position 10', (letter) => {
    const code = withCharAt(PUBLISHED[0], 10, letter);
    expect(checkUscc(code)).toEqual({ reason: 'character', position: 10, char: letter });
    expect(USCC_ALPHABET).not.toContain(letter);
  });

  it('reports a letter among characters 3–8 as a division problem', () => {
    for (let position = 3; position <= 8; position++) {
      const code = withCharAt(PUBLISHED[0], position, 'A');
      expect(checkUscc(code)).toEqual({ reason: 'division', position, char: 'A' });
    }
  });

  it('reports a wrong check character with the expected one', () => {
    for (const good of PUBLISHED) {
      const wrong = good[17] === '0' ? '1' : '0';
      expect(checkUscc(good.slice(0, 17) + wrong)).toEqual({
        reason: 'check',
        position: 18,
        char: wrong,
        expected: good[17],
      });
    }
  });

  it('catches any single changed character among the first 17', () => {
    const good = PUBLISHED[1];
    for (let i = 0; i < 17; i++) {
      const ch = good[i] === '1' ? '2' : '1';
      expect(checkUscc(withCharAt(good, i + 1, ch))).not.toBeNull();
    }
  });
});

describe('describeUsccProblem', () => {
  it('names the position in both languages', () => {
    const character = checkUscc(withCharAt(PUBLISHED[0], 10, 'O'))!;
    expect(describeUsccProblem(character, 'en')).toMatch(/character 10 "O"/);
    expect(describeUsccProblem(character, 'zh-CN')).toMatch(/第10位字符“O”/);

    const division = checkUscc(withCharAt(PUBLISHED[0], 4, 'B'))!;
    expect(describeUsccProblem(division, 'en')).toMatch(/character 4 "B"/);
    expect(describeUsccProblem(division, 'zh-CN')).toMatch(/第4位“B”/);

    const check = checkUscc(`${PUBLISHED[0].slice(0, 17)}7`)!;
    expect(describeUsccProblem(check, 'en')).toMatch(/character 18 "7".*"6"/);
    expect(describeUsccProblem(check, 'zh-CN')).toMatch(/第18位校验码“7”.*“6”/);
  });

  it('gives the actual length', () => {
    const p = checkUscc('123')!;
    expect(describeUsccProblem(p, 'en')).toMatch(/got 3/);
    expect(describeUsccProblem(p, 'zh-CN')).toMatch(/实际为3位/);
  });
});
