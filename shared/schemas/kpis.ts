import { z } from 'zod';
import { SizeClass } from '../enums';
import { KPI_KEYS } from '../kpi';
import { IsoDate } from './common';
import { PersonRef } from './resumption';

/**
 * The KPI engine's requests and responses (issue 6). Definitions of the figures live in
 * shared/kpi.ts; this file only fixes their shape on the wire.
 */

const DivisionCode = z.string().regex(/^\d{6,12}$/, 'a division code');

export const KpiKey = z.enum(KPI_KEYS);
export type KpiKeyValue = z.infer<typeof KpiKey>;

/** The seven rates: fractions in [0, 1], null when the denominator is zero. */
const RateFields = {
  resumptionRate: z.number().nullable(),
  capacityReleaseRate: z.number().nullable(),
  smeResumptionRate: z.number().nullable(),
  onDutyRate: z.number().nullable(),
  reportCompleteness: z.number().nullable(),
  reportTimeliness: z.number().nullable(),
  hazardRectificationRate: z.number().nullable(),
};

/** The numerators and denominators behind the rates. Output values are in yuan per day. */
export const KpiCounts = z.object({
  aboveScaleIndustrial: z.number().int(),
  aboveScaleIndustrialResumed: z.number().int(),
  /** Σ normal daily output value (yuan) of the counted above-scale industrial enterprises. */
  normalOutput: z.number(),
  /** Σ capacity % × normal daily output value (yuan). */
  releasedOutput: z.number(),
  sme: z.number().int(),
  smeResumed: z.number().int(),
  /** Σ normal workforce of enterprises resumed on D. */
  normalWorkforce: z.number().int(),
  /** Σ on-site workers (latest report on or before D) of enterprises resumed on D. */
  onSiteWorkers: z.number().int(),
  reportsExpected: z.number().int(),
  reportsReceived: z.number().int(),
  reportsOnTime: z.number().int(),
  /** Hazards found in the window (from … asOf). */
  hazardsFound: z.number().int(),
  /** Of those, verified closed on or before asOf. */
  hazardsClosed: z.number().int(),
  /** Of those, still open on asOf and past their deadline. */
  hazardsOverdue: z.number().int(),
});
export type KpiCounts = z.infer<typeof KpiCounts>;

/** Rates + counts: one figure set (for a division, a section, a size class, a day). */
export const KpiFigures = z.object({ ...RateFields, counts: KpiCounts });
export type KpiFigures = z.infer<typeof KpiFigures>;

/** Per-KPI targets (fractions); null = no target. */
export const KpiTargets = z.object(
  Object.fromEntries(KPI_KEYS.map((k) => [k, z.number().min(0).max(1).nullable()])) as Record<
    (typeof KPI_KEYS)[number],
    z.ZodNullable<z.ZodNumber>
  >,
);
export type KpiTargets = z.infer<typeof KpiTargets>;

// ---------------------------------------------------------------------------------------------
// GET /api/kpis

export const KpiQuery = z.object({
  /** Default: the clock's today. */
  asOf: IsoDate.optional(),
  /** The city when omitted (district users: their own division). */
  division: DivisionCode.optional(),
  /** Start of the hazard window; default the campaign start, 2020-02-01. */
  from: IsoDate.optional(),
});
export type KpiQuery = z.infer<typeof KpiQuery>;

export const KpiDivisionRow = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  ...KpiFigures.shape,
});
export type KpiDivisionRow = z.infer<typeof KpiDivisionRow>;

export const KpiSectionRow = z.object({
  /** GB/T 4754 section letter (A–T). */
  section: z.string(),
  sectionName: z.string(),
  sectionNameEn: z.string(),
  ...KpiFigures.shape,
});
export type KpiSectionRow = z.infer<typeof KpiSectionRow>;

export const KpiSizeRow = z.object({ sizeClass: SizeClass, ...KpiFigures.shape });
export type KpiSizeRow = z.infer<typeof KpiSizeRow>;

export const KpiSnapshot = z.object({
  asOf: z.string(),
  /** The division asked for; null = the whole city (or everything in the caller's scope). */
  division: z.string().nullable(),
  divisionName: z.string().nullable(),
  /** The hazard window's first day. */
  from: z.string(),
  targets: KpiTargets,
  ...RateFields,
  counts: KpiCounts,
  /** The same figures as of asOf − 1 day (for "change since yesterday"). */
  previous: z.object({ asOf: z.string(), ...KpiFigures.shape }),
  /** The child divisions of `division` (districts for the city, towns for a district). */
  byDivision: z.array(KpiDivisionRow),
  byIndustrySection: z.array(KpiSectionRow),
  bySize: z.array(KpiSizeRow),
});
export type KpiSnapshot = z.infer<typeof KpiSnapshot>;

// ---------------------------------------------------------------------------------------------
// GET /api/kpis/series

/** The longest series one request may ask for. */
export const KPI_SERIES_MAX_DAYS = 120;

export const KpiSeriesQuery = z.object({
  metric: KpiKey,
  /** Default: 2020-02-01 or `to` − 119 days, whichever is later. */
  from: IsoDate.optional(),
  /** Default: the clock's today. */
  to: IsoDate.optional(),
  division: DivisionCode.optional(),
});
export type KpiSeriesQuery = z.infer<typeof KpiSeriesQuery>;

export const KpiSeriesPoint = z.object({
  date: z.string(),
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
});
export type KpiSeriesPoint = z.infer<typeof KpiSeriesPoint>;

export const KpiSeries = z.array(KpiSeriesPoint);
export type KpiSeries = z.infer<typeof KpiSeries>;

// ---------------------------------------------------------------------------------------------
// GET /api/kpis/drill (+ /drill/export.xlsx)

export const KpiDrillQuery = z.object({
  metric: KpiKey,
  asOf: IsoDate.optional(),
  division: DivisionCode.optional(),
  /** denominator = every row counted (excluded first); numerator = only the rows counted in the numerator. */
  part: z.enum(['denominator', 'numerator']).default('denominator'),
  /** Narrow to one industry section (a row of byIndustrySection). */
  section: z
    .string()
    .regex(/^[A-T]$/, 'a GB/T 4754 section letter')
    .optional(),
  /** Narrow to one size class (a row of bySize). */
  sizeClass: SizeClass.optional(),
  /** Hazard window start (hazard metric only). */
  from: IsoDate.optional(),
  /** Name or USCC contains. */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type KpiDrillQuery = z.infer<typeof KpiDrillQuery>;

export const KpiDrillRow = z.object({
  /** The enterprise id, or the hazard id for the hazard metric. */
  id: z.number().int(),
  enterpriseId: z.number().int(),
  enterpriseName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  industryCode: z.string(),
  sizeClass: SizeClass,
  /** Counted in the numerator. */
  included: z.boolean(),
  /** The row's contribution: capacity %, on-site workers, days overdue …; null when none. */
  value: z.number().nullable(),
  /**
   * What `value` is weighed by: normal daily output (yuan) for capacity, normal workforce for
   * on-duty; null otherwise. Σ value × weight (÷ 100 for %) over included rows = the numerator.
   */
  weight: z.number().nullable(),
  uscc: z.string(),
  /** A short reason or status in words (e.g. the resumption status, hazard status). */
  detail: z.string().nullable(),
  /** The date behind the row (report date, resumed date, hazard deadline …). */
  date: z.string().nullable(),
});
export type KpiDrillRow = z.infer<typeof KpiDrillRow>;

export const KpiDrillPage = z.object({ total: z.number().int(), items: z.array(KpiDrillRow) });
export type KpiDrillPage = z.infer<typeof KpiDrillPage>;

// ---------------------------------------------------------------------------------------------
// GET /api/kpis/export.xlsx

export const KpiExportQuery = KpiQuery.extend({
  groupBy: z.enum(['division', 'industry', 'size']).default('division'),
});
export type KpiExportQuery = z.infer<typeof KpiExportQuery>;

// ---------------------------------------------------------------------------------------------
// Targets

export const KpiTargetsView = z.object({
  targets: KpiTargets,
  /** The defaults of shared/kpi.ts. */
  defaults: KpiTargets,
  /** Optimistic-lock version: send it back with PUT (stale → 409). */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: PersonRef.nullable(),
});
export type KpiTargetsView = z.infer<typeof KpiTargetsView>;

/** PUT /api/kpis/targets: the keys given are set (null = no target); keys left out keep their value. */
export const KpiTargetsInput = z.strictObject({
  targets: z.strictObject(
    Object.fromEntries(KPI_KEYS.map((k) => [k, z.number().min(0).max(1).nullable().optional()])) as Record<
      (typeof KPI_KEYS)[number],
      z.ZodOptional<z.ZodNullable<z.ZodNumber>>
    >,
  ),
  version: z.number().int().min(0),
});
export type KpiTargetsInput = z.infer<typeof KpiTargetsInput>;

// ---------------------------------------------------------------------------------------------
// GET /api/kpis/stream (server-sent events)

/** What was written: a daily report, a resumption status, a hazard, the targets, or an enterprise's registry facts. */
export const KPI_EVENT_SOURCES = ['daily_report', 'resumption', 'hazard', 'targets', 'enterprise'] as const;

export const KpiStreamQuery = z.object({ division: DivisionCode.optional() });

/** The data of an SSE event named `kpi`: something that changes a KPI was written. */
export const KpiEvent = z.object({
  at: z.string(),
  source: z.enum(KPI_EVENT_SOURCES),
  /** District (and town) codes the write touched; null = unknown or many. */
  divisions: z.array(z.string()).nullable().optional(),
});
export type KpiEvent = z.infer<typeof KpiEvent>;
