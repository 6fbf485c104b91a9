import dayjs from 'dayjs';
import { GaugeChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { KPI_KEYS, KPI_PARTS, KPI_START, type KpiKey } from '../../../../shared/kpi';
import { KPI_SERIES_MAX_DAYS } from '../../../../shared/schemas/kpis';
import type { KpiCounts, KpiFigures } from '../../api/kpis';
import { formatNumber, formatYuan } from '../../lib/format';

// The KPI pages add gauges and target lines to the parts EChart.tsx registers.
echarts.use([GaugeChart, MarkLineComponent]);

export type { KpiKey };
export { KPI_KEYS };

export const isKpiKey = (v: string | undefined): v is KpiKey =>
  !!v && (KPI_KEYS as readonly string[]).includes(v);

/** How a KPI's numerator and denominator read: yuan (万元/亿元) for output value, plain counts otherwise. */
export type CountUnit = 'yuan' | 'count';

/**
 * A rate as a percentage with a fixed number of decimals (24.0 %, not 24 %, so that figures side by
 * side on a card, the ranking and the wall read alike); null (nothing counted) is "—", never 0%.
 */
export const pct = (r: number | null | undefined, locale: string, digits = 1) =>
  r === null || r === undefined
    ? '—'
    : `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(r * 100)}%`;

/** A rate as a number of percent for a chart (one decimal), null kept. */
export const asPct = (r: number | null | undefined) =>
  r === null || r === undefined ? null : Math.round(r * 1000) / 10;

/** Change of a rate in percentage points, or null when either side is missing. */
export const deltaPoints = (now: number | null, before: number | null | undefined) =>
  now === null || before === null || before === undefined ? null : (now - before) * 100;

/** A count of the given unit, formatted (yuan as 万元/亿元). */
export function formatCount(n: number, unit: CountUnit, locale: string): string {
  return unit === 'yuan' ? formatYuan(n, locale) : formatNumber(n, locale);
}

/** The numerator and denominator of one KPI in a figure set (which counts: shared/kpi.ts). */
export function partsOf(f: KpiFigures | { counts: KpiCounts }, key: KpiKey) {
  const p = KPI_PARTS[key];
  const unit: CountUnit = key === 'capacityReleaseRate' ? 'yuan' : 'count';
  return { numerator: f.counts[p.numerator], denominator: f.counts[p.denominator], unit };
}

/** The drill-down page of a figure (same date and division, optionally one section or size class). */
export function drillHref(q: {
  metric: KpiKey;
  asOf: string;
  division?: string | null;
  part?: 'numerator' | 'denominator';
  section?: string;
  sizeClass?: string;
}): string {
  const qs = new URLSearchParams();
  qs.set('metric', q.metric);
  qs.set('asOf', q.asOf);
  if (q.division) qs.set('division', q.division);
  qs.set('part', q.part ?? 'denominator');
  if (q.section) qs.set('section', q.section);
  if (q.sizeClass) qs.set('sizeClass', q.sizeClass);
  return `/kpis/drill?${qs.toString()}`;
}

/** Whether a figure meets its target; null when there is no target or no figure. */
export function meetsTarget(value: number | null, target: number | null | undefined): boolean | null {
  if (value === null || target === null || target === undefined) return null;
  return value >= target;
}

/** Green when the target is met, red when missed, nothing when there is no target or no figure. */
export function targetColor(value: number | null, target: number | null | undefined): string | undefined {
  const met = meetsTarget(value, target);
  return met === null ? undefined : met ? '#389e0d' : '#cf1322';
}

/** The trend window ending on `to`: from the campaign start, at most the series limit. */
export function trendFrom(to: string): string {
  const earliest = dayjs(to)
    .subtract(KPI_SERIES_MAX_DAYS - 1, 'day')
    .format('YYYY-MM-DD');
  if (earliest < KPI_START) return KPI_START;
  return earliest;
}
