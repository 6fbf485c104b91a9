import { z } from 'zod';
import type { Locale } from '../../shared/enums';
import { describeUsccProblem, type UsccProblem } from '../../shared/uscc';
import type { FieldIssue } from './errors';
import { reason } from './messages';

const zodLocales = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() };

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

/** Turns the type provider's zod issues into field issues with messages in the user's language. */
export function localizeValidation(
  items: ValidationItem[],
  context: string | undefined,
  locale: Locale,
): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const v of items) {
    const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (v.keyword === 'unrecognized_keys') {
      for (const key of (v.params.keys as string[]) ?? []) {
        const path = base ? `${base}.${key}` : key;
        out.push({
          path,
          reason: 'unknown_field',
          message: locale === 'zh-CN' ? `不认识的字段“${key}”` : `unknown field "${key}"`,
        });
      }
      continue;
    }
    const custom = v.params.params as { uscc?: UsccProblem; date?: boolean } | undefined;
    if (v.keyword === 'custom' && custom?.date) {
      out.push({
        path: base || context || '',
        reason: 'invalid_date',
        message: reason('invalid_date', locale),
      });
      continue;
    }
    if (v.keyword === 'custom' && custom?.uscc) {
      out.push({ path: base, reason: 'invalid_uscc', message: describeUsccProblem(custom.uscc, locale) });
      continue;
    }
    if (v.keyword === 'invalid_format' && v.params.format === 'regex' && v.message === 'phone') {
      out.push({ path: base, reason: 'invalid_phone', message: reason('invalid_phone', locale) });
      continue;
    }
    let msg = v.message;
    try {
      const m = zodLocales[locale].localeError({ code: v.keyword, ...v.params, path: [] } as never);
      if (typeof m === 'string') msg = m;
      else if (m && typeof m === 'object' && 'message' in m) msg = String((m as { message: string }).message);
    } catch {
      // keep zod's own message
    }
    out.push({ path: base || context || '', reason: v.keyword, message: msg });
  }
  return out;
}
