import { INDUSTRIES } from './data/industries';
import type { Label, SizeClass } from './enums';

/**
 * The KPIs of DOMAIN.md §4, defined once: the server computes them, the web labels and explains
 * them, and docs/kpis.md is written from the same text. Rates are fractions in [0, 1]; a rate
 * whose denominator is zero is null, never 0.
 */
export const KPI_KEYS = [
  'resumptionRate',
  'capacityReleaseRate',
  'smeResumptionRate',
  'onDutyRate',
  'reportCompleteness',
  'reportTimeliness',
  'hazardRectificationRate',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export interface KpiDefinition {
  key: KpiKey;
  label: Label;
  /** What is counted, in words a command office uses. */
  definition: Label;
  numerator: Label;
  denominator: Label;
  /** Default target (fraction); the commander may change it. */
  target: number | null;
}

/** GB/T 4754-2017 sections counted as industrial: mining (B), manufacturing (C), utilities (D). */
export const INDUSTRIAL_SECTIONS = ['B', 'C', 'D'] as const;

/** The two-digit industry divisions (大类) of the industrial sections (06–46): what SQL matches on. */
export const INDUSTRIAL_DIVISIONS: readonly string[] = INDUSTRIES.filter(
  (i) => i.level === 'division' && (INDUSTRIAL_SECTIONS as readonly string[]).includes(i.section),
).map((i) => i.code);

/** SME (中小企业) = medium, small and micro enterprises. */
export const SME_SIZE_CLASSES: readonly SizeClass[] = ['medium', 'small', 'micro'];

/** The first day the KPIs look at: the campaign (crisis) start, and the default hazard window start. */
export const KPI_START = '2020-02-01';

/** The counts every figure is made of (see KpiCounts in shared/schemas/kpis.ts). */
export type KpiCountKey =
  | 'aboveScaleIndustrial'
  | 'aboveScaleIndustrialResumed'
  | 'normalOutput'
  | 'releasedOutput'
  | 'sme'
  | 'smeResumed'
  | 'normalWorkforce'
  | 'onSiteWorkers'
  | 'reportsExpected'
  | 'reportsReceived'
  | 'reportsOnTime'
  | 'hazardsFound'
  | 'hazardsClosed'
  | 'hazardsOverdue';

export type KpiCountValues = Record<KpiCountKey, number>;

/** Which count is each KPI's numerator and denominator. */
export const KPI_PARTS: Record<KpiKey, { numerator: KpiCountKey; denominator: KpiCountKey }> = {
  resumptionRate: { numerator: 'aboveScaleIndustrialResumed', denominator: 'aboveScaleIndustrial' },
  capacityReleaseRate: { numerator: 'releasedOutput', denominator: 'normalOutput' },
  smeResumptionRate: { numerator: 'smeResumed', denominator: 'sme' },
  onDutyRate: { numerator: 'onSiteWorkers', denominator: 'normalWorkforce' },
  reportCompleteness: { numerator: 'reportsReceived', denominator: 'reportsExpected' },
  reportTimeliness: { numerator: 'reportsOnTime', denominator: 'reportsExpected' },
  hazardRectificationRate: { numerator: 'hazardsClosed', denominator: 'hazardsFound' },
};

/** Units of the counts (for tables and exports). Output values are yuan per day. */
export const KPI_COUNT_UNITS: Record<KpiCountKey, Label> = {
  aboveScaleIndustrial: { 'zh-CN': '家', en: 'enterprises' },
  aboveScaleIndustrialResumed: { 'zh-CN': '家', en: 'enterprises' },
  normalOutput: { 'zh-CN': '万元/日', en: '10k yuan/day' },
  releasedOutput: { 'zh-CN': '万元/日', en: '10k yuan/day' },
  sme: { 'zh-CN': '家', en: 'enterprises' },
  smeResumed: { 'zh-CN': '家', en: 'enterprises' },
  normalWorkforce: { 'zh-CN': '人', en: 'people' },
  onSiteWorkers: { 'zh-CN': '人', en: 'people' },
  reportsExpected: { 'zh-CN': '份', en: 'reports' },
  reportsReceived: { 'zh-CN': '份', en: 'reports' },
  reportsOnTime: { 'zh-CN': '份', en: 'reports' },
  hazardsFound: { 'zh-CN': '条', en: 'hazards' },
  hazardsClosed: { 'zh-CN': '条', en: 'hazards' },
  hazardsOverdue: { 'zh-CN': '条', en: 'hazards' },
};

export const KPI_COUNT_LABELS: Record<KpiCountKey, Label> = {
  aboveScaleIndustrial: { 'zh-CN': '在册规上工业企业', en: 'Active above-scale industrial' },
  aboveScaleIndustrialResumed: { 'zh-CN': '已复工规上工业企业', en: 'Resumed above-scale industrial' },
  normalOutput: { 'zh-CN': '正常日产值', en: 'Normal daily output' },
  releasedOutput: { 'zh-CN': '释放日产值', en: 'Released daily output' },
  sme: { 'zh-CN': '在册中小企业', en: 'Active SMEs' },
  smeResumed: { 'zh-CN': '已复工中小企业', en: 'Resumed SMEs' },
  normalWorkforce: { 'zh-CN': '正常用工', en: 'Normal workforce' },
  onSiteWorkers: { 'zh-CN': '在岗人数', en: 'On-site workers' },
  reportsExpected: { 'zh-CN': '应报', en: 'Reports expected' },
  reportsReceived: { 'zh-CN': '已报', en: 'Reports received' },
  reportsOnTime: { 'zh-CN': '按时报', en: 'Reports on time' },
  hazardsFound: { 'zh-CN': '发现隐患', en: 'Hazards found' },
  hazardsClosed: { 'zh-CN': '已销号', en: 'Hazards closed' },
  hazardsOverdue: { 'zh-CN': '超期未改', en: 'Hazards overdue' },
};

export const KPIS: Record<KpiKey, KpiDefinition> = {
  resumptionRate: {
    key: 'resumptionRate',
    label: { 'zh-CN': '规上工业企业复工率', en: 'Resumption rate (above-scale industrial)' },
    definition: {
      'zh-CN':
        '截至D日已复工且当日未停工的规上工业企业数 ÷ D日在册规上工业企业数（不含疫情前已长期停产企业）',
      en: 'Above-scale industrial enterprises resumed on or before D and not suspended on D ÷ active above-scale industrial enterprises on D (excluding long-term shutdowns before the crisis)',
    },
    numerator: { 'zh-CN': '已复工规上工业企业', en: 'resumed above-scale industrial enterprises' },
    denominator: { 'zh-CN': '在册规上工业企业', en: 'active above-scale industrial enterprises' },
    target: 0.9,
  },
  capacityReleaseRate: {
    key: 'capacityReleaseRate',
    label: { 'zh-CN': '工业产能释放率', en: 'Industrial capacity release rate' },
    definition: {
      'zh-CN': 'Σ（D日及之前最近一次日报的产能% × 正常日产值）÷ Σ 正常日产值，范围同复工率分母；未复工按0计',
      en: 'Σ (capacity % in the latest daily report on or before D × normal daily output value) ÷ Σ normal daily output value, over the resumption-rate denominator; not resumed counts as 0',
    },
    numerator: { 'zh-CN': '释放产值', en: 'released output value' },
    denominator: { 'zh-CN': '正常日产值合计', en: 'total normal daily output value' },
    target: 0.8,
  },
  smeResumptionRate: {
    key: 'smeResumptionRate',
    label: { 'zh-CN': '中小企业复工率', en: 'SME resumption rate' },
    definition: {
      'zh-CN': '截至D日已复工且未停工的中型、小型、微型企业（全部行业）÷ 在册中小微企业',
      en: 'Medium, small and micro enterprises of all sectors resumed on D ÷ active medium, small and micro enterprises',
    },
    numerator: { 'zh-CN': '已复工中小企业', en: 'resumed SMEs' },
    denominator: { 'zh-CN': '在册中小企业', en: 'active SMEs' },
    target: null,
  },
  onDutyRate: {
    key: 'onDutyRate',
    label: { 'zh-CN': '到岗率', en: 'On-duty rate' },
    definition: {
      'zh-CN': 'Σ 在岗人数（D日及之前最近一次日报）÷ Σ 正常用工人数，范围为D日已复工企业',
      en: 'Σ on-site workers (latest report on or before D) ÷ Σ normal workforce, over enterprises resumed on D',
    },
    numerator: { 'zh-CN': '在岗人数', en: 'on-site workers' },
    denominator: { 'zh-CN': '正常用工人数', en: 'normal workforce' },
    target: null,
  },
  reportCompleteness: {
    key: 'reportCompleteness',
    label: { 'zh-CN': '日报完整率', en: 'Report completeness' },
    definition: {
      'zh-CN': 'D日已收到的日报 ÷ D日应报企业数（D日处于复工状态的企业）',
      en: 'Reports received for D ÷ reports expected for D (enterprises resumed on D)',
    },
    numerator: { 'zh-CN': '已报', en: 'received' },
    denominator: { 'zh-CN': '应报', en: 'expected' },
    target: 0.95,
  },
  reportTimeliness: {
    key: 'reportTimeliness',
    label: { 'zh-CN': '日报及时率', en: 'Report timeliness' },
    definition: {
      'zh-CN': 'D日截止时间前收到的日报 ÷ D日应报企业数',
      en: 'Reports received by the deadline on D ÷ reports expected for D',
    },
    numerator: { 'zh-CN': '按时报送', en: 'on time' },
    denominator: { 'zh-CN': '应报', en: 'expected' },
    target: 0.9,
  },
  hazardRectificationRate: {
    key: 'hazardRectificationRate',
    label: { 'zh-CN': '隐患整改率', en: 'Hazard rectification rate' },
    definition: {
      'zh-CN': '统计期内发现的隐患中已验收销号的 ÷ 统计期内发现的隐患；超期 = 超过整改期限仍未销号',
      en: 'Hazards found in the window that are verified closed ÷ hazards found in the window; overdue = open past the deadline',
    },
    numerator: { 'zh-CN': '已销号', en: 'verified closed' },
    denominator: { 'zh-CN': '发现隐患', en: 'found' },
    target: 0.9,
  },
};

/** A rate that is null, not 0, when nothing is counted. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Every KPI's value from its counts: the one place a rate is derived. */
export function ratesOf(counts: KpiCountValues): Record<KpiKey, number | null> {
  const out = {} as Record<KpiKey, number | null>;
  for (const k of KPI_KEYS) out[k] = rate(counts[KPI_PARTS[k].numerator], counts[KPI_PARTS[k].denominator]);
  return out;
}

/** The defaults of every target, from the definitions above. */
export function defaultTargets(): Record<KpiKey, number | null> {
  const out = {} as Record<KpiKey, number | null>;
  for (const k of KPI_KEYS) out[k] = KPIS[k].target;
  return out;
}
