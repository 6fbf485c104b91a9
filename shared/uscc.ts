/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z); characters 3–8 are the registering division's code; the 18th is a
 * check character over the first 17 with weights 3^i mod 31.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem =
  | { reason: 'length'; length: number }
  | { reason: 'character'; position: number; char: string }
  | { reason: 'division'; position: number; char: string }
  | { reason: 'check'; position: 18; char: string; expected: string };

/** The check character for the first 17 characters (assumed valid). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  const c = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[c];
}

/** Returns what is wrong with a code, or null if it is valid. Positions are 1-based. */
export function checkUscc(raw: string): UsccProblem | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { reason: 'length', length: code.length };
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(code[i])) return { reason: 'character', position: i + 1, char: code[i] };
  }
  for (let i = 2; i < 8; i++) {
    if (!/[0-9]/.test(code[i])) return { reason: 'division', position: i + 1, char: code[i] };
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return { reason: 'check', position: 18, char: code[17], expected };
  return null;
}

/** A human sentence for a problem, in either UI language. */
export function describeUsccProblem(p: UsccProblem, locale: 'zh-CN' | 'en'): string {
  const zh = locale === 'zh-CN';
  switch (p.reason) {
    case 'length':
      return zh ? `统一社会信用代码应为18位，实际为${p.length}位` : `must be 18 characters, got ${p.length}`;
    case 'character':
      return zh
        ? `第${p.position}位字符“${p.char}”不是有效字符（不使用I、O、S、V、Z）`
        : `character ${p.position} "${p.char}" is not allowed (I, O, S, V, Z are never used)`;
    case 'division':
      return zh
        ? `第${p.position}位“${p.char}”应为数字（第3–8位是登记管理机关行政区划码）`
        : `character ${p.position} "${p.char}" must be a digit (characters 3–8 are the division code)`;
    case 'check':
      return zh
        ? `第18位校验码“${p.char}”错误，按GB 32100-2015应为“${p.expected}”`
        : `check character 18 "${p.char}" is wrong; GB 32100-2015 gives "${p.expected}"`;
  }
}
