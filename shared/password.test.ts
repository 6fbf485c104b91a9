import { describe, expect, it } from 'vitest';
import { isStrongPassword, passwordProblems } from './password';

describe('password policy', () => {
  it.each(['Tongchou@2020', 'short1A!', 'abcdefG1', 'ABCDEFG!1', 'abcdefg!1', '密码Abc1234'])(
    'accepts %s',
    (pw) => {
      expect(isStrongPassword(pw)).toBe(true);
    },
  );

  it.each([
    ['abcdefgh', 'one class'],
    ['abcdefg1', 'two classes'],
    ['ABCDEFG!', 'two classes'],
    ['12345678', 'one class'],
    ['Ab1!', 'too short'],
    ['Ab1!xyz', 'seven characters'],
    ['', 'empty'],
  ])('refuses %s (%s)', (pw) => {
    expect(isStrongPassword(pw)).toBe(false);
  });

  it('reports length and classes', () => {
    expect(passwordProblems('Ab1!')).toEqual({ tooShort: true, classes: 4 });
    expect(passwordProblems('abcdefg1')).toEqual({ tooShort: false, classes: 2 });
    expect(passwordProblems('short1A!')).toEqual({ tooShort: false, classes: 4 });
    expect(passwordProblems('abcdefG1')).toEqual({ tooShort: false, classes: 3 });
  });
});
