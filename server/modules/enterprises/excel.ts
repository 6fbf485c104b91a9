import ExcelJS from 'exceljs';
import type { Locale } from '../../../shared/enums';
import { SIZE_CLASS_LABELS } from '../../../shared/enums';
import type { EnterpriseView, ImportRowError } from '../../../shared/schemas/enterprises';
import { checkUscc, describeUsccProblem } from '../../../shared/uscc';
import type { DivisionTree } from '../../access/divisions';
import { addTableSheet, cellText, newWorkbook, workbookBuffer } from '../../lib/excel';
import { reason } from '../../lib/messages';
import type { Reference } from '../../lib/reference';
import { COLUMNS, type Column, header, NO, SIZE_WORDS, YES } from './columns';

const yesNo = (b: boolean, locale: Locale) => (locale === 'en' ? (b ? 'yes' : 'no') : b ? '是' : '否');

function exportValue(c: Column, e: EnterpriseView, locale: Locale): unknown {
  switch (c.type) {
    case 'bool':
      return yesNo(e[c.key as keyof EnterpriseView] as boolean, locale);
    case 'size':
      return SIZE_CLASS_LABELS[e.sizeClass][locale];
    case 'division':
      return e.divisionName;
    case 'town':
      return e.townName ?? '';
    default:
      return e[c.key as keyof EnterpriseView];
  }
}

/** The enterprise list as a formatted .xlsx; importable again (names are accepted for codes). */
export async function exportWorkbook(items: EnterpriseView[], locale: Locale, asOf: string): Promise<Buffer> {
  const wb = newWorkbook();
  const cols = [
    ...COLUMNS.map((c) => ({
      header: header(c, locale),
      key: c.key,
      width: c.width,
      numFmt: c.type === 'money' ? '#,##0.00' : undefined,
    })),
    { header: locale === 'en' ? 'Industry' : '行业名称', key: 'industryName', width: 24 },
  ];
  const title =
    locale === 'en'
      ? `Enterprise registry (as of ${asOf}, ${items.length} enterprises)`
      : `企业名录（截至 ${asOf}，共 ${items.length} 户）`;
  addTableSheet(
    wb,
    locale === 'en' ? 'Enterprises' : '企业名录',
    title,
    cols,
    items.map((e) => ({
      ...Object.fromEntries(COLUMNS.map((c) => [c.key, exportValue(c, e, locale)])),
      industryName: e.industryName,
    })),
  );
  return workbookBuffer(wb);
}

/** The import template: headers in the user's language, one example row, and code lists. */
export async function templateWorkbook(locale: Locale, tree: DivisionTree, ref: Reference): Promise<Buffer> {
  const wb = newWorkbook();
  const en = locale === 'en';
  const ws = wb.addWorksheet(en ? 'Enterprises' : '企业名录', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: `${header(c, locale)}${c.required ? ' *' : ''}`,
    key: c.key,
    width: c.width,
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FA' } };
  const codes = wb.addWorksheet(en ? 'Codes' : '代码表');
  codes.columns = [
    { header: en ? 'District code' : '县区代码', key: 'd', width: 12 },
    { header: en ? 'District' : '县区名称', key: 'dn', width: 24 },
    { header: en ? 'Town code' : '乡镇街道代码', key: 't', width: 14 },
    { header: en ? 'Town/street' : '乡镇街道', key: 'tn', width: 20 },
    { header: en ? 'Industry code' : '行业代码', key: 'i', width: 12 },
    { header: en ? 'Industry' : '行业名称', key: 'in', width: 40 },
  ];
  codes.getRow(1).font = { bold: true };
  const districts = tree.districts();
  const towns = [...tree.byCode.values()].filter((d) => d.level === 'town');
  const inds = [...ref.industries.values()]
    .filter((i) => /^\d+$/.test(i.code))
    .sort((a, b) => a.code.localeCompare(b.code));
  const n = Math.max(districts.length, towns.length, inds.length);
  for (let i = 0; i < n; i++) {
    codes.addRow({
      d: districts[i]?.code,
      dn: districts[i] ? (en ? districts[i].nameEn : districts[i].name) : undefined,
      t: towns[i]?.code,
      tn: towns[i]?.name,
      i: inds[i]?.code,
      in: inds[i] ? (en ? inds[i].nameEn : inds[i].name) : undefined,
    });
  }
  const help = wb.addWorksheet(en ? 'Instructions' : '填写说明');
  help.getColumn(1).width = 110;
  const lines = en
    ? [
        'Fill one enterprise per row on the first sheet, from row 2. Columns marked * are required.',
        'USCC: 18 characters, GB 32100-2015 check character. District: code (e.g. 210502) or name. Town: code or name within the district.',
        'Industry: a GB/T 4754-2017 code from the Codes sheet (e.g. 3130). Size: large / medium / small / micro. Yes/no columns: yes or no.',
        'Normal daily output is in yuan. If any row is wrong, nothing is imported and every problem is listed (row, column, reason).',
        'Example: 91210502MA0U6LXX8K | 本溪示例钢材有限公司 | 210502 | | 平山区示例路1号 | 3130 | medium | yes | … | 320 | 150000',
      ]
    : [
        '在第一个工作表中每行填写一户企业，从第2行开始。带 * 的列为必填。',
        '统一社会信用代码：18位，按 GB 32100-2015 校验。所属县区：填代码（如 210502）或名称。乡镇街道：填该县区内的代码或名称。',
        '行业代码：见“代码表”中的 GB/T 4754-2017 代码（如 3130）。企业规模：大型/中型/小型/微型。是否类：填“是”或“否”。',
        '正常日产值单位为元。任何一行有错时不导入任何数据，并逐行列出错误（行、列、原因）。',
        '示例：91210502MA0U6LXX8K | 本溪示例钢材有限公司 | 210502 | | 平山区示例路1号 | 3130 | 中型 | 是 | … | 320 | 150000',
      ];
  for (const l of lines) help.addRow([l]);
  return workbookBuffer(wb);
}

/** One parsed row: the values by column key, with the sheet row number for error reports. */
export interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
}

export interface ParseResult {
  rows: ParsedRow[];
  errors: ImportRowError[];
}

const MAX_ROWS = 50_000;
/** Columns an export adds for reading that an import ignores. */
const EXTRA_EXPORT_HEADERS = new Set(['行业名称', 'Industry']);

/**
 * Reads an import file and converts each cell to its typed value. Every problem it can see
 * without the database is reported (row, column, reason); references and duplicates against
 * the registry are checked by the caller.
 */
export async function parseImport(
  buf: Buffer,
  locale: Locale,
  tree: DivisionTree,
  ref: Reference,
): Promise<ParseResult> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const errors: ImportRowError[] = [];
  const rowsOut: ParsedRow[] = [];
  if (!ws) return { rows: [], errors: [{ row: 0, column: '', reason: reason('no_rows', locale) }] };

  const byHeader = new Map<string, Column>();
  for (const c of COLUMNS) {
    byHeader.set(c.zh, c);
    byHeader.set(c.en.toLowerCase(), c);
    byHeader.set(c.key.toLowerCase(), c);
  }
  // The header is row 1 of the template, row 2 of an export (under its title): take the better match.
  const matches = (r: number) => {
    let n = 0;
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell) => {
      const text = cellText(cell.value)
        .replace(/\s*\*$/, '')
        .trim();
      if (byHeader.has(text) || byHeader.has(text.toLowerCase())) n++;
    });
    return n;
  };
  const headerRow = matches(2) > matches(1) ? 2 : 1;
  const colAt = new Map<number, Column>();
  ws.getRow(headerRow).eachCell({ includeEmpty: false }, (cell, colNumber) => {
    const text = cellText(cell.value)
      .replace(/\s*\*$/, '')
      .trim();
    if (!text) return;
    const c = byHeader.get(text) ?? byHeader.get(text.toLowerCase());
    if (c) colAt.set(colNumber, c);
    else if (!EXTRA_EXPORT_HEADERS.has(text)) {
      errors.push({
        row: headerRow,
        column: text,
        reason: reason('unknown_column', locale, { value: text }),
      });
    }
  });
  const present = new Set([...colAt.values()].map((c) => c.key));
  for (const c of COLUMNS) {
    if (c.required && !present.has(c.key)) {
      errors.push({
        row: 1,
        column: header(c, locale),
        reason: reason('missing_column', locale, { value: header(c, locale) }),
      });
    }
  }
  if (errors.length) return { rows: [], errors };

  const divisionByName = new Map<string, string>();
  for (const d of tree.districts()) {
    divisionByName.set(d.name, d.code);
    divisionByName.set(d.nameEn.toLowerCase(), d.code);
  }
  const townByName = new Map<string, string>();
  for (const d of tree.byCode.values())
    if (d.level === 'town') townByName.set(`${d.parentCode}|${d.name}`, d.code);

  const last = ws.actualRowCount > 0 ? ws.rowCount : 0;
  for (let r = headerRow + 1; r <= last; r++) {
    const row = ws.getRow(r);
    const raw = new Map<string, string>();
    for (const [colNumber, c] of colAt) raw.set(c.key, cellText(row.getCell(colNumber).value));
    if ([...raw.values()].every((v) => v === '')) continue;
    if (rowsOut.length >= MAX_ROWS) {
      errors.push({ row: r, column: '', reason: reason('too_many_rows', locale, { max: MAX_ROWS }) });
      break;
    }
    const values: Record<string, unknown> = {};
    const fail = (c: Column, code: string, params?: Record<string, unknown>) =>
      errors.push({ row: r, column: header(c, locale), reason: reason(code, locale, params) });
    for (const c of COLUMNS) {
      if (!present.has(c.key)) continue;
      const text = raw.get(c.key) ?? '';
      if (text === '') {
        if (c.required) fail(c, 'required');
        continue;
      }
      switch (c.type) {
        case 'uscc': {
          const p = checkUscc(text);
          if (p) errors.push({ row: r, column: header(c, locale), reason: describeUsccProblem(p, locale) });
          else values[c.key] = text.toUpperCase();
          break;
        }
        case 'text':
          if (c.max && text.length > c.max) fail(c, 'too_long', { max: c.max });
          else if (c.key === 'name' && text.length < 2) fail(c, 'too_short', { min: 2 });
          else if (c.key === 'contactPhone' && !/^[0-9+\-() ]{5,20}$/.test(text)) fail(c, 'invalid_phone');
          else values[c.key] = text;
          break;
        case 'int': {
          const n = Number(text);
          if (!Number.isFinite(n)) fail(c, 'not_a_number', { value: text });
          else if (!Number.isInteger(n)) fail(c, 'not_an_integer', { value: text });
          else if (n < 0) fail(c, 'negative');
          else values[c.key] = n;
          break;
        }
        case 'money': {
          const n = Number(text.replace(/,/g, ''));
          if (!Number.isFinite(n)) fail(c, 'not_a_number', { value: text });
          else if (n < 0) fail(c, 'negative');
          else values[c.key] = Math.round(n * 100) / 100;
          break;
        }
        case 'bool': {
          const t = text.toLowerCase();
          if (YES.has(t)) values[c.key] = true;
          else if (NO.has(t)) values[c.key] = false;
          else fail(c, 'not_boolean');
          break;
        }
        case 'size': {
          const s = SIZE_WORDS[text.toLowerCase()] ?? SIZE_WORDS[text];
          if (s) values[c.key] = s;
          else fail(c, 'unknown_size_class');
          break;
        }
        case 'division': {
          const code =
            tree.get(text)?.level === 'district'
              ? text
              : (divisionByName.get(text) ?? divisionByName.get(text.toLowerCase()));
          if (code) values[c.key] = code;
          else fail(c, tree.get(text) ? 'division_not_district' : 'unknown_division', { value: text });
          break;
        }
        case 'town':
          values[c.key] = text;
          break;
        case 'industry':
          if (ref.industries.has(text) && /^\d+$/.test(text)) values[c.key] = text;
          else fail(c, 'unknown_industry', { value: text });
          break;
      }
    }
    // Towns may be given by name within the row's district.
    const town = values.townCode as string | undefined;
    if (town && values.divisionCode) {
      const byCode = tree.get(town);
      const code = byCode ? town : townByName.get(`${values.divisionCode}|${town}`);
      const col = COLUMNS.find((c) => c.key === 'townCode')!;
      if (!code || tree.get(code)?.parentCode !== values.divisionCode)
        fail(col, 'unknown_town', { value: town });
      else values.townCode = code;
    }
    rowsOut.push({ row: r, values });
  }
  if (rowsOut.length === 0 && errors.length === 0)
    errors.push({ row: 0, column: '', reason: reason('no_rows', locale) });
  return { rows: rowsOut, errors };
}
