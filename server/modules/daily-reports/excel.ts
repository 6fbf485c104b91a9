import ExcelJS from 'exceljs';
import type { FormField, ReportValues } from '../../../shared/daily-reports';
import type { Locale } from '../../../shared/enums';
import type { ImportRowError } from '../../../shared/schemas/enterprises';
import { addTableSheet, cellText, newWorkbook, workbookBuffer } from '../../lib/excel';
import { reason } from '../../lib/messages';
import type { FormRow } from './form';

const USCC = { zh: '统一社会信用代码', en: 'USCC', key: 'uscc' };
const NAME = { zh: '企业名称', en: 'Enterprise', key: 'name' };
const ZERO = { zh: '零报告', en: 'Zero report', key: 'zero' };
const YES = new Set(['是', 'yes', 'y', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'no', 'n', 'false', '0', '']);

const fieldHeader = (f: FormField, locale: Locale) => (locale === 'en' ? f.labelEn : f.labelZh);

/** A row of the template: an enterprise expected that day, with its report's values if filed. */
export interface TemplateRow {
  uscc: string;
  name: string;
  zero: boolean | null;
  values: ReportValues | null;
}

/**
 * The district's upload template for a day: a title naming the day and deadline, then one row per
 * enterprise in scope that must report, with the form's fields as columns (filed values pre-filled).
 */
export async function reportTemplate(
  form: FormRow,
  date: string,
  list: TemplateRow[],
  locale: Locale,
): Promise<Buffer> {
  const en = locale === 'en';
  const wb = newWorkbook();
  const yesNo = (b: boolean | null) => (b === null ? '' : en ? (b ? 'yes' : 'no') : b ? '是' : '否');
  const columns = [
    { header: en ? USCC.en : USCC.zh, key: USCC.key, width: 22 },
    { header: en ? NAME.en : NAME.zh, key: NAME.key, width: 30 },
    { header: en ? ZERO.en : ZERO.zh, key: ZERO.key, width: 10 },
    ...form.fields.map((f) => ({
      header: `${fieldHeader(f, locale)}${f.required ? ' *' : ''}`,
      key: `f_${f.key}`,
      width: f.type === 'text' ? 30 : 14,
    })),
  ];
  const title = en
    ? `Daily reports ${date} (deadline ${form.deadline}, form v${form.version}, ${list.length} enterprises)`
    : `日报告 ${date}（截止 ${form.deadline}，报表第 ${form.version} 版，共 ${list.length} 户）`;
  addTableSheet(
    wb,
    en ? 'Daily reports' : '日报告',
    title,
    columns,
    list.map((x) => ({
      uscc: x.uscc,
      name: x.name,
      zero: yesNo(x.zero),
      ...Object.fromEntries(
        form.fields.map((f) => [`f_${f.key}`, formatValue(x.values?.[f.key], f, locale)]),
      ),
    })),
  );
  const help = wb.addWorksheet(en ? 'Instructions' : '填写说明');
  help.getColumn(1).width = 110;
  const lines = en
    ? [
        `One row per enterprise that must report on ${date}. Keep the USCC column; the name is for reading only.`,
        'Zero report: "yes" when nothing abnormal happened; abnormal columns may then be left empty (they count as 0), the workforce figures are still required.',
        'Counts are whole numbers; capacity is a percentage from 0 to 100. Columns marked * are required.',
        'If any row is wrong, nothing is imported and every problem is listed (row, column, reason). Re-uploading a day files corrections as new revisions.',
      ]
    : [
        `每行一户 ${date} 应报企业。请保留“统一社会信用代码”列，企业名称仅供核对。`,
        '零报告：当日无异常填“是”，异常类数据项可留空（按 0 计），在岗人数等仍须填写。',
        '人数填整数；产能恢复率填 0–100 的百分数。带 * 的列为必填。',
        '任何一行有错时不导入任何数据，并逐行列出错误（行、列、原因）。同一天再次上传将作为更正，保留修订记录。',
      ];
  for (const l of lines) help.addRow([l]);
  return workbookBuffer(wb);
}

function formatValue(v: unknown, f: FormField, locale: Locale): unknown {
  if (v === undefined || v === null) return '';
  if (f.type === 'boolean') return locale === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否';
  return v;
}

export interface ParsedReportRow {
  row: number;
  uscc: string;
  zero: boolean;
  values: Record<string, unknown>;
}

/** Converts a cell's text to the field's type; what cannot be converted is kept for validation to report. */
function typed(f: FormField, text: string): unknown {
  if (text === '') return undefined;
  switch (f.type) {
    case 'integer':
    case 'decimal':
    case 'percent': {
      const n = Number(text.replace(/[,，%\s]/g, ''));
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (YES.has(t)) return true;
      if (NO.has(t)) return false;
      return text;
    }
    default:
      return text;
  }
}

/**
 * Reads an uploaded day sheet: finds the header row (row 1 or under the title), maps columns to
 * form fields by Chinese label, English label or key, and returns typed rows plus the problems
 * visible without the database. The day is read from the title when the upload does not name it.
 */
export async function parseReportSheet(
  buf: Buffer,
  form: FormRow,
  locale: Locale,
): Promise<{ date: string | null; rows: ParsedReportRow[]; errors: ImportRowError[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const errors: ImportRowError[] = [];
  const out: ParsedReportRow[] = [];
  if (!ws)
    return { date: null, rows: [], errors: [{ row: 0, column: '', reason: reason('no_rows', locale) }] };

  type Col = { kind: 'uscc' | 'name' | 'zero' } | { kind: 'field'; field: FormField };
  const byHeader = new Map<string, Col>();
  for (const [c, kind] of [
    [USCC, 'uscc'],
    [NAME, 'name'],
    [ZERO, 'zero'],
  ] as const) {
    for (const h of [c.zh, c.en.toLowerCase(), c.key.toLowerCase()]) byHeader.set(h, { kind });
  }
  for (const f of form.fields) {
    for (const h of [f.labelZh, f.labelEn.toLowerCase(), f.key.toLowerCase()])
      byHeader.set(h, { kind: 'field', field: f });
  }
  const clean = (v: ExcelJS.CellValue) =>
    cellText(v)
      .replace(/\s*\*$/, '')
      .trim();
  const lookup = (text: string) => byHeader.get(text) ?? byHeader.get(text.toLowerCase());
  const matches = (r: number) => {
    let n = 0;
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
      if (lookup(clean(cell.value))) n++;
    });
    return n;
  };
  const headerRow = matches(2) > matches(1) ? 2 : 1;
  const title = headerRow === 2 ? cellText(ws.getRow(1).getCell(1).value) : '';
  const date = /\d{4}-\d{2}-\d{2}/.exec(title)?.[0] ?? null;

  const colAt = new Map<number, Col>();
  const headerOf = new Map<string, string>();
  ws.getRow(headerRow).eachCell({ includeEmpty: false }, (cell, colNumber) => {
    const text = clean(cell.value);
    if (!text) return;
    const c = lookup(text);
    if (!c) {
      errors.push({
        row: headerRow,
        column: text,
        reason: reason('unknown_column', locale, { value: text }),
      });
      return;
    }
    colAt.set(colNumber, c);
    headerOf.set(c.kind === 'field' ? c.field.key : c.kind, text);
  });
  if (![...colAt.values()].some((c) => c.kind === 'uscc')) {
    const h = locale === 'en' ? USCC.en : USCC.zh;
    errors.push({ row: headerRow, column: h, reason: reason('missing_column', locale, { value: h }) });
  }
  for (const f of form.fields) {
    if (f.required && !headerOf.has(f.key)) {
      const h = fieldHeader(f, locale);
      errors.push({ row: headerRow, column: h, reason: reason('missing_column', locale, { value: h }) });
    }
  }
  if (errors.length) return { date, rows: [], errors };

  const last = ws.actualRowCount > 0 ? ws.rowCount : 0;
  for (let r = headerRow + 1; r <= last; r++) {
    const row = ws.getRow(r);
    let uscc = '';
    let zeroText = '';
    const values: Record<string, unknown> = {};
    let anyValue = false;
    for (const [colNumber, c] of colAt) {
      const text = cellText(row.getCell(colNumber).value);
      if (c.kind === 'uscc') uscc = text.toUpperCase();
      else if (c.kind === 'zero') zeroText = text.toLowerCase();
      else if (c.kind === 'field') {
        const v = typed(c.field, text);
        if (v !== undefined) {
          values[c.field.key] = v;
          anyValue = true;
        }
      }
    }
    if (!uscc && !anyValue && !zeroText) continue;
    const zeroCol = headerOf.get('zero') ?? ZERO.zh;
    if (!YES.has(zeroText) && !NO.has(zeroText)) {
      errors.push({ row: r, column: zeroCol, reason: reason('not_boolean', locale) });
      continue;
    }
    if (!uscc) {
      errors.push({ row: r, column: headerOf.get('uscc') ?? USCC.zh, reason: reason('required', locale) });
      continue;
    }
    out.push({ row: r, uscc, zero: YES.has(zeroText), values });
  }
  if (!out.length && !errors.length) errors.push({ row: 0, column: '', reason: reason('no_rows', locale) });
  return { date, rows: out, errors };
}

/** The column header a field's errors are reported under. */
export function headerFor(form: FormRow, key: string, locale: Locale): string {
  const f = form.fields.find((x) => x.key === key);
  return f ? fieldHeader(f, locale) : key;
}
