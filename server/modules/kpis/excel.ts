import { SIZE_CLASS_LABELS } from '../../../shared/enums';
import {
  KPI_COUNT_LABELS,
  KPI_COUNT_UNITS,
  KPI_KEYS,
  KPIS,
  type KpiCountKey,
  type KpiCountValues,
} from '../../../shared/kpi';
import type {
  KpiDrillPage,
  KpiDrillQuery,
  KpiExportQuery,
  KpiFigures,
  KpiSnapshot,
} from '../../../shared/schemas/kpis';
import type { Ctx } from '../../lib/context';
import { addTableSheet, newWorkbook, type SheetColumn, workbookBuffer } from '../../lib/excel';
import { drillRows } from './drill';
import { resolveDivision, rootNode } from './filter';
import { kpiSnapshot } from './service';

const COUNT_KEYS = Object.keys(KPI_COUNT_LABELS) as KpiCountKey[];
const OUTPUT_KEYS = new Set<KpiCountKey>(['normalOutput', 'releasedOutput']);
const PERCENT = '0.0%';

const T = {
  'zh-CN': {
    title: '复工复产指标',
    asOf: '截至',
    city: '全市',
    total: '合计',
    division: '区划',
    industry: '行业门类',
    size: '企业规模',
    sheet: '指标',
    defs: '指标说明',
    kpi: '指标',
    value: '数值',
    target: '目标',
    definition: '口径',
    name: '企业名称',
    uscc: '统一社会信用代码',
    industryCode: '行业代码',
    included: '计入分子',
    yes: '是',
    no: '否',
    detail: '说明',
    date: '日期',
    weight: { capacityReleaseRate: '正常日产值（万元）', onDutyRate: '正常用工（人）' },
    rowValue: {
      capacityReleaseRate: '产能（%）',
      onDutyRate: '在岗人数（人）',
      hazardRectificationRate: '超期天数',
    },
    hazardId: '隐患编号',
    numerator: '分子',
    denominator: '分母',
  },
  en: {
    title: 'Resumption KPIs',
    asOf: 'as of',
    city: 'City',
    total: 'Total',
    division: 'Division',
    industry: 'Industry section',
    size: 'Size class',
    sheet: 'KPIs',
    defs: 'Definitions',
    kpi: 'KPI',
    value: 'Value',
    target: 'Target',
    definition: 'Definition',
    name: 'Enterprise',
    uscc: 'USCC',
    industryCode: 'Industry code',
    included: 'In numerator',
    yes: 'yes',
    no: 'no',
    detail: 'Detail',
    date: 'Date',
    weight: { capacityReleaseRate: 'Normal daily output (10k yuan)', onDutyRate: 'Normal workforce' },
    rowValue: {
      capacityReleaseRate: 'Capacity (%)',
      onDutyRate: 'On-site workers',
      hazardRectificationRate: 'Days overdue',
    },
    hazardId: 'Hazard no.',
    numerator: 'numerator',
    denominator: 'denominator',
  },
} as const;

/** "本溪市" / the division's name for titles. */
function placeName(ctx: Ctx, division: string | null): string {
  const node = rootNode(ctx, division);
  return (node && ctx.tree.name(node.code, ctx.locale)) ?? T[ctx.locale].city;
}

const unit = (ctx: Ctx, k: KpiCountKey) => KPI_COUNT_UNITS[k][ctx.locale];

function kpiColumns(ctx: Ctx): SheetColumn[] {
  return [
    ...KPI_KEYS.map((k) => ({ header: KPIS[k].label[ctx.locale], key: k, width: 16, numFmt: PERCENT })),
    ...COUNT_KEYS.map((k) => ({
      header: `${KPI_COUNT_LABELS[k][ctx.locale]}（${unit(ctx, k)}）`,
      key: k,
      width: 14,
      numFmt: OUTPUT_KEYS.has(k) ? '#,##0.00' : '#,##0',
    })),
  ];
}

/** One row's cells: rates as fractions (shown as %), output values in 万元. */
function kpiCells(f: KpiFigures): Record<string, unknown> {
  const cells: Record<string, unknown> = {};
  for (const k of KPI_KEYS) cells[k] = f[k];
  for (const k of COUNT_KEYS) {
    const v = (f.counts as KpiCountValues)[k];
    cells[k] = OUTPUT_KEYS.has(k) ? v / 10_000 : v;
  }
  return cells;
}

/** GET /api/kpis/export.xlsx: the KPI table by division, industry section or size, with a total row. */
export async function exportKpis(ctx: Ctx, q: KpiExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  const snap: KpiSnapshot = await kpiSnapshot(ctx, q);
  const t = T[ctx.locale];
  const place = placeName(ctx, snap.division);
  const groupHeader = q.groupBy === 'industry' ? t.industry : q.groupBy === 'size' ? t.size : t.division;
  const groups: { label: string; figures: KpiFigures }[] =
    q.groupBy === 'industry'
      ? snap.byIndustrySection.map((x) => ({
          label: `${x.section} ${ctx.locale === 'en' ? x.sectionNameEn : x.sectionName}`,
          figures: x,
        }))
      : q.groupBy === 'size'
        ? snap.bySize.map((x) => ({ label: SIZE_CLASS_LABELS[x.sizeClass][ctx.locale], figures: x }))
        : snap.byDivision.map((x) => ({ label: x.divisionName, figures: x }));
  const wb = newWorkbook();
  const title = `${place} ${t.title}（${groupHeader}）${t.asOf} ${snap.asOf}`;
  const sheet = addTableSheet(
    wb,
    t.sheet,
    title,
    [{ header: groupHeader, key: 'group', width: 24 }, ...kpiColumns(ctx)],
    [
      ...groups.map((g) => ({ group: g.label, ...kpiCells(g.figures) })),
      { group: t.total, ...kpiCells(snap) },
    ],
  );
  sheet.lastRow!.font = { bold: true };
  addTableSheet(
    wb,
    t.defs,
    `${t.defs} — ${place} ${t.asOf} ${snap.asOf}`,
    [
      { header: t.kpi, key: 'kpi', width: 28 },
      { header: t.value, key: 'value', width: 12, numFmt: PERCENT },
      { header: t.target, key: 'target', width: 12, numFmt: PERCENT },
      { header: t.definition, key: 'definition', width: 100 },
    ],
    KPI_KEYS.map((k) => ({
      kpi: KPIS[k].label[ctx.locale],
      value: snap[k],
      target: snap.targets[k],
      definition: KPIS[k].definition[ctx.locale],
    })),
  );
  const base = ctx.locale === 'en' ? 'kpis' : '复工复产指标';
  return { buffer: await workbookBuffer(wb), filename: `${base}-${place}-${snap.asOf}.xlsx` };
}

/** GET /api/kpis/drill/export.xlsx: every row behind a figure (up to the export cap). */
export async function exportDrill(ctx: Ctx, q: KpiDrillQuery): Promise<{ buffer: Buffer; filename: string }> {
  const page: KpiDrillPage = await drillRows(ctx, q, true);
  const t = T[ctx.locale];
  const def = KPIS[q.metric];
  const asOf = q.asOf ?? ctx.clock.today();
  const place = placeName(ctx, resolveDivision(ctx, q.division));
  const part = q.part === 'numerator' ? def.numerator[ctx.locale] : def.denominator[ctx.locale];
  const hazards = q.metric === 'hazardRectificationRate';
  const valueHeader = (t.rowValue as Record<string, string>)[q.metric];
  const weightHeader = (t.weight as Record<string, string>)[q.metric];
  const columns: SheetColumn[] = [
    ...(hazards ? [{ header: t.hazardId, key: 'id', width: 10 }] : []),
    { header: t.name, key: 'enterpriseName', width: 32 },
    { header: t.uscc, key: 'uscc', width: 22 },
    { header: t.division, key: 'divisionName', width: 22 },
    { header: t.industryCode, key: 'industryCode', width: 10 },
    { header: t.size, key: 'size', width: 8 },
    { header: t.included, key: 'included', width: 10 },
    ...(valueHeader ? [{ header: valueHeader, key: 'value', width: 14, numFmt: '#,##0.##' }] : []),
    ...(weightHeader ? [{ header: weightHeader, key: 'weight', width: 18, numFmt: '#,##0.00' }] : []),
    { header: t.detail, key: 'detail', width: 40 },
    { header: t.date, key: 'date', width: 12 },
  ];
  const data = page.items.map((x) => ({
    ...x,
    size: SIZE_CLASS_LABELS[x.sizeClass][ctx.locale],
    included: x.included ? t.yes : t.no,
    weight: x.weight !== null && q.metric === 'capacityReleaseRate' ? x.weight / 10_000 : x.weight,
  }));
  const wb = newWorkbook();
  addTableSheet(
    wb,
    def.label[ctx.locale],
    `${def.label[ctx.locale]} — ${part} — ${place} ${t.asOf} ${asOf}`,
    columns,
    data,
  );
  const base = ctx.locale === 'en' ? q.metric : def.label['zh-CN'];
  return { buffer: await workbookBuffer(wb), filename: `${base}-${place}-${asOf}.xlsx` };
}
