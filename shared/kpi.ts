import type { Label } from './enums';

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
