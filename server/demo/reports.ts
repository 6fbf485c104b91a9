/**
 * The demo city's "daily report, zero report" story (SOURCE.md part 2), generated deterministically
 * from the resumption status changes already in the database: a report for every day each
 * enterprise was resumed, from 2020-02-01 to the day before the clock (and the minority that files
 * before 09:00 on 2020-03-10), ~97% complete, some late, a few corrections, a handful of abnormal
 * reports with alerts (all acknowledged but the latest), and two directives (指挥部令).
 *
 * Calibration: capacity % rises after each enterprise's restart; above-scale industrial
 * enterprises ramp fast, and the generator then lifts their latest figures until the capacity
 * release rate on 2020-03-10 (Σ latest capacity × normal daily output ÷ Σ normal daily output over
 * active above-scale industrial enterprises, not resumed counting 0) reaches CAPACITY_TARGET.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { DEFAULT_FORM, type ReportValues } from '../../shared/daily-reports';
import { isIndustrial } from '../../shared/data/industries';
import type { ReportContent } from '../../shared/enums';
import { type DatedStatus, statusOn } from '../../shared/resumption';
import type { DirectiveAction, DirectiveTarget } from '../../shared/schemas/directives';
import { addDays, shanghaiInstant } from '../clock';
import { type Conn, rows, schema } from '../db/client';
import type { Ctx } from '../lib/context';
import { ensureDefaultForm, loadCurrentForm } from '../modules/daily-reports/form';
import { targetWhere } from '../modules/directives/service';
import { fanOut } from '../modules/notifications/fanout';
import { createRng, DEMO_SEED, type Rng } from './generate';

export const REPORTS_FROM = '2020-02-01';
/** The clock's day: only reports filed before 09:00 exist yet. */
const TODAY = '2020-03-10';
const TODAY_CUTOFF = shanghaiInstant(TODAY, '09:00');
/** What the KPI issue's capacity release rate should show on 2020-03-10 (SOURCE.md: above 85%). */
export const CAPACITY_TARGET = 0.87;
const BATCH = 5000;

export interface ReportsSeedSummary {
  reports: number;
  revisions: number;
  late: number;
  zero: number;
  abnormal: number;
  alerts: { open: number; acknowledged: number };
  directives: number;
  /** Completeness and timeliness on 2020-03-09, city-wide. */
  lastFullDay: { date: string; expected: number; received: number; onTime: number };
  /** The capacity release rate on 2020-03-10 (above-scale industrial, output-weighted). */
  capacityReleaseRate: number;
}

interface Ent {
  id: number;
  divisionCode: string;
  townCode: string | null;
  name: string;
  contactPhone: string;
  normalWorkforce: number;
  normalDailyOutputFen: number;
  aboveScale: boolean;
  industryCode: string;
  longTermShutdown: boolean;
  archived: boolean;
}

interface GenReport {
  ent: Ent;
  date: string;
  zero: boolean;
  content: ReportContent;
  values: ReportValues;
  onTime: boolean;
  filedAt: Date;
  filedBy: number | null;
  onBehalf: boolean;
  /** A correction (revision 2): the values as first filed, and when and by whom it was corrected. */
  correction?: { original: ReportValues; at: Date; by: number | null; onBehalf: boolean };
}

const round = (n: number) => Math.round(n);
const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const minutes = (date: string, from: string, to: string, rng: Rng) => {
  const a = shanghaiInstant(date, from).getTime();
  const b = shanghaiInstant(date, to).getTime();
  return new Date(a + Math.floor((rng.next() * (b - a)) / 60_000) * 60_000);
};

const REMARKS = [
  '今日全员测温，无异常',
  '车间、食堂已按时消杀',
  '新返岗员工已完成登记并居家观察',
  '口罩、消毒液储备充足',
  '班车每日消毒，分散就餐',
  '',
];
const ACTIONS_TAKEN = [
  '已安排发热员工到定点医院发热门诊就诊，核酸检测阴性，居家观察14天',
  '指导员已到企业核实，相关人员已隔离观察，车间全面消杀',
  '已通知属地卫生院上门排查，同班组人员居家观察',
  '体温复测正常，系感冒症状，已居家休息并每日报告体温',
];

/** How an enterprise reports: where its capacity heads, how punctual and how diligent it is. */
export interface ReportHabits {
  targetCap: number;
  startCap: number;
  rampDays: number;
  /** Chance a filing makes the deadline. */
  punctual: number;
  /** Chance a day's report is filed at all. */
  diligent: number;
}

/** Draws an enterprise's reporting habits (above-scale industry ramps faster and higher). */
export function reportHabits(
  rng: Rng,
  ent: { aboveScale: boolean; industryCode: string },
  exemplary = false,
): ReportHabits {
  const industrialAbove = ent.aboveScale && isIndustrial(ent.industryCode);
  const targetCap = industrialAbove ? rng.int(94, 100) : rng.int(72, 100);
  const startCap = industrialAbove ? rng.int(60, 80) : rng.int(30, 60);
  const rampDays = industrialAbove ? rng.int(5, 10) : rng.int(10, 25);
  const punctual = exemplary ? 1 : rng.chance(0.15) ? 0.8 : 0.95;
  const diligent = exemplary ? 1 : rng.chance(0.1) ? 0.9 : 0.985;
  return { targetCap, startCap, rampDays, punctual, diligent };
}

/** When a day's report is first filed: mostly before the deadline, else later that day or the next morning. */
export function filingTime(
  rng: Rng,
  date: string,
  deadline: string,
  punctual: number,
): { onTime: boolean; filedAt: Date } {
  const onTime = rng.chance(punctual);
  const filedAt = onTime
    ? rng.chance(0.25)
      ? minutes(date, '07:30', '09:00', rng)
      : minutes(date, '09:00', deadline, rng)
    : rng.chance(0.8)
      ? minutes(date, '10:01', '17:00', rng)
      : minutes(addDays(date, 1), '08:00', '11:00', rng);
  return { onTime, filedAt };
}

/**
 * One day's report values of an enterprise resumed since `since`: capacity ramps up, workers
 * follow capacity, a few return from outside the province; 70% are zero reports.
 */
export function reportValues(
  rng: Rng,
  ent: { normalWorkforce: number },
  habits: ReportHabits,
  since: string,
  date: string,
): { values: ReportValues; zero: boolean } {
  const { startCap, targetCap, rampDays } = habits;
  const ramp = clamp(daysBetween(since, date) / rampDays, 0, 1);
  const cap = clamp(round(startCap + (targetCap - startCap) * ramp + rng.int(-3, 3)), 5, 100);
  const workforce = Math.max(1, ent.normalWorkforce);
  const onSite = clamp(round(workforce * (cap / 100) * (0.92 + rng.next() * 0.1)), 1, workforce);
  const early = daysBetween(since, date) < 3;
  const returnedToday = clamp(
    early ? round(onSite * (0.05 + rng.next() * 0.15)) : rng.chance(0.3) ? rng.int(0, 2) : 0,
    0,
    onSite,
  );
  const fromOutside = clamp(round(onSite * (rng.next() * 0.05)), 0, onSite);
  const fromKeyAreas = fromOutside > 0 && rng.chance(0.05) ? 1 : 0;
  const underObservation = fromKeyAreas + (rng.chance(0.1) ? rng.int(1, 3) : 0);
  const zero = rng.chance(0.7);
  const values: ReportValues = {
    onSiteWorkers: onSite,
    returnedToday,
    fromOutsideProvince: fromOutside,
    fromKeyAreas,
    underObservation,
    feverOrSymptoms: 0,
    suspected: 0,
    confirmed: 0,
    capacityPct: cap,
  };
  const remark = zero ? '' : rng.pick(REMARKS);
  if (remark) values.remarks = remark;
  return { values, zero };
}

/**
 * Seeds reports, alerts and directives inside the demo seed's transaction, from the resumption
 * status changes present (so it works whatever order the demo parts run in, as long as the
 * resumption story is written first). Deterministic: its own rng stream, inputs in id order.
 */
export async function seedReportsDemo(
  tx: Conn,
  ctx: Ctx,
  input: { demoEnterpriseId: number; onProgress?: (phase: string, done: number, total: number) => void },
): Promise<ReportsSeedSummary> {
  const progress = input.onProgress ?? (() => {});
  const rng = createRng(DEMO_SEED + 4);
  await ensureDefaultForm(tx);
  const form = await loadCurrentForm(tx);
  const deadline = form.deadline;

  const e = schema.enterprises;
  const ents: Ent[] = (
    await tx
      .select({
        id: e.id,
        divisionCode: e.divisionCode,
        townCode: e.townCode,
        name: e.name,
        contactPhone: e.contactPhone,
        normalWorkforce: e.normalWorkforce,
        normalDailyOutputFen: e.normalDailyOutputFen,
        aboveScale: e.aboveScale,
        industryCode: e.industryCode,
        longTermShutdown: e.longTermShutdown,
        archived: sql<boolean>`${e.archivedAt} is not null`,
      })
      .from(e)
      .orderBy(asc(e.id))
  ).map((x) => ({ ...x, normalDailyOutputFen: Number(x.normalDailyOutputFen) }));
  const ev = schema.resumptionStatusEvents;
  const events = new Map<number, DatedStatus[]>();
  for (const x of await tx
    .select({ enterpriseId: ev.enterpriseId, status: ev.status, effectiveDate: ev.effectiveDate, seq: ev.id })
    .from(ev)
    .orderBy(asc(ev.enterpriseId), asc(ev.id))) {
    const list = events.get(x.enterpriseId) ?? [];
    list.push(x);
    events.set(x.enterpriseId, list);
  }
  // Who files: the enterprise's own account if it has one; otherwise (and sometimes) its liaison.
  const u = schema.users;
  const accountOf = new Map<number, number>();
  for (const x of await tx
    .select({ id: u.id, enterpriseId: u.enterpriseId })
    .from(u)
    .where(and(eq(u.role, 'enterprise'), sql`${u.enterpriseId} is not null`))
    .orderBy(asc(u.id)))
    if (!accountOf.has(x.enterpriseId!)) accountOf.set(x.enterpriseId!, x.id);
  const a = schema.enterpriseAssignments;
  const liaisonOf = new Map<number, number>();
  for (const x of await tx
    .select({ enterpriseId: a.enterpriseId, userId: a.userId })
    .from(a)
    .where(and(eq(a.kind, 'liaison'), isNull(a.endedAt)))
    .orderBy(asc(a.id)))
    if (!liaisonOf.has(x.enterpriseId)) liaisonOf.set(x.enterpriseId, x.userId);

  // ---- Generate every report in memory.
  const resumedSince = (id: number, date: string): string | null => {
    // The start of the current resumed spell (for the capacity ramp).
    const list = (events.get(id) ?? []).filter((x) => x.effectiveDate <= date);
    let since: string | null = null;
    for (const x of [...list].sort((p, q) =>
      p.effectiveDate < q.effectiveDate ? -1 : p.effectiveDate > q.effectiveDate ? 1 : p.seq - q.seq,
    )) {
      if (x.status === 'resumed') since ??= x.effectiveDate;
      else since = null;
    }
    return since;
  };
  const days: string[] = [];
  for (let d = REPORTS_FROM; d <= TODAY; d = addDays(d, 1)) days.push(d);
  const generated: GenReport[] = [];
  const expectedOn0309 = { expected: 0, received: 0, onTime: 0 };
  const abnormalCandidates: GenReport[] = [];
  for (const ent of ents) {
    const evs = events.get(ent.id);
    if (!evs || ent.archived) continue;
    const habits = reportHabits(rng, ent, ent.id === input.demoEnterpriseId);
    for (const date of days) {
      if (statusOn(evs, date) !== 'resumed') continue;
      const isToday = date === TODAY;
      const lastFull = date === addDays(TODAY, -1);
      if (lastFull) expectedOn0309.expected++;
      if (!rng.chance(habits.diligent)) continue;
      const { onTime, filedAt } = filingTime(rng, date, deadline, habits.punctual);
      if (isToday && (ent.id === input.demoEnterpriseId || filedAt >= TODAY_CUTOFF)) continue;
      if (filedAt > TODAY_CUTOFF) continue;
      if (lastFull) {
        expectedOn0309.received++;
        if (onTime) expectedOn0309.onTime++;
      }
      const since = resumedSince(ent.id, date) ?? date;
      const { values, zero } = reportValues(rng, ent, habits, since, date);
      const workforce = Math.max(1, ent.normalWorkforce);
      const onSite = values.onSiteWorkers as number;
      const own = accountOf.get(ent.id) ?? null;
      const liaison = liaisonOf.get(ent.id) ?? null;
      // Most enterprises file themselves (the demo has accounts for few of them: their filer is
      // then unnamed); about one in twenty days the liaison files on the enterprise's behalf.
      const behalf = liaison !== null && rng.chance(0.05);
      const report: GenReport = {
        ent,
        date,
        zero,
        content: zero ? 'zero' : 'normal',
        values,
        onTime,
        filedAt,
        filedBy: behalf ? liaison : own,
        onBehalf: behalf,
      };
      if (rng.chance(0.004) && date < TODAY) {
        // A correction: the first filing miscounted the workers on site.
        const original: ReportValues = {
          ...values,
          onSiteWorkers: clamp(onSite + rng.int(3, 12), 1, workforce + 12),
        };
        const byLiaison = liaison !== null && rng.chance(0.3);
        report.correction = {
          original,
          at: new Date(filedAt.getTime() + rng.int(30, 300) * 60_000),
          by: byLiaison ? liaison : own,
          onBehalf: byLiaison,
        };
      }
      if (!zero && date >= '2020-02-12' && date < TODAY && onSite >= 20) abnormalCandidates.push(report);
      generated.push(report);
    }
  }

  // ---- A handful of abnormal reports (fever, one suspected case), spread over the weeks.
  const abnormal: GenReport[] = [];
  const step = Math.max(1, Math.floor(abnormalCandidates.length / 7));
  for (let i = step >> 1; i < abnormalCandidates.length && abnormal.length < 7; i += step) {
    const r = abnormalCandidates[i];
    r.values.feverOrSymptoms = rng.int(1, 2);
    if (abnormal.length === 3) r.values.suspected = 1;
    r.content = 'abnormal';
    delete r.correction;
    abnormal.push(r);
  }
  abnormal.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.ent.id - y.ent.id));

  // ---- Calibrate the capacity release rate on 2020-03-10.
  const capacity = capacityReleaseRate(ents, events, generated);
  let rate = capacity.rate;
  for (let bump = 0; rate < CAPACITY_TARGET && bump < 40; bump++) {
    for (const r of capacity.latest.values()) {
      const v = r.values.capacityPct as number;
      if (v < 100) {
        r.values.capacityPct = v + 1;
        r.values.onSiteWorkers = clamp(
          round(Math.max(1, r.ent.normalWorkforce) * ((v + 1) / 100)),
          (r.values.returnedToday as number) || 1,
          Math.max(1, r.ent.normalWorkforce),
        );
        if ((r.values.fromOutsideProvince as number) > (r.values.onSiteWorkers as number))
          r.values.fromOutsideProvince = r.values.onSiteWorkers;
        if ((r.values.feverOrSymptoms as number) > (r.values.onSiteWorkers as number))
          r.values.feverOrSymptoms = r.values.onSiteWorkers;
      }
    }
    rate = capacityReleaseRate(ents, events, generated).rate;
  }

  // ---- Write reports and revisions (multi-row INSERT … SELECT FROM jsonb_to_recordset).
  const reportIds = new Map<GenReport, number>();
  for (let i = 0; i < generated.length; i += BATCH) {
    const part = generated.slice(i, i + BATCH);
    const payload = part.map((r) => {
      const last = r.correction;
      return {
        enterprise_id: r.ent.id,
        date: r.date,
        form_version: form.version,
        values: r.values,
        zero: r.zero,
        content: r.content,
        on_time: r.onTime,
        on_site_workers: r.values.onSiteWorkers,
        capacity_pct: r.values.capacityPct,
        revision: last ? 2 : 1,
        on_behalf: last ? last.onBehalf : r.onBehalf,
        first_filed_at: r.filedAt.toISOString(),
        first_filed_by: r.filedBy,
        updated_at: (last?.at ?? r.filedAt).toISOString(),
        updated_by: last ? last.by : r.filedBy,
      };
    });
    const got = await rows<{ id: number; enterprise_id: number; date: string }>(
      tx,
      sql`insert into daily_reports (enterprise_id, date, form_version, values, zero, content, on_time, on_site_workers,
          capacity_pct, revision, on_behalf, first_filed_at, first_filed_by, updated_at, updated_by)
        select enterprise_id, date, form_version, values, zero, content, on_time, on_site_workers,
          capacity_pct, revision, on_behalf, first_filed_at, first_filed_by, updated_at, updated_by
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(enterprise_id integer, date date,
          form_version integer, values jsonb, zero boolean, content text, on_time boolean, on_site_workers integer,
          capacity_pct double precision, revision integer, on_behalf boolean, first_filed_at timestamptz,
          first_filed_by integer, updated_at timestamptz, updated_by integer)
        returning id, enterprise_id, date::text as date`,
    );
    const byKey = new Map(got.map((g) => [`${g.enterprise_id}|${g.date}`, g.id]));
    for (const r of part) reportIds.set(r, byKey.get(`${r.ent.id}|${r.date}`)!);
    progress('daily reports', Math.min(i + BATCH, generated.length), generated.length);
  }
  // Revision 1 of every report in one INSERT … SELECT; then the few corrections: revision 1 gets the
  // values as first filed, revision 2 the corrected ones.
  await tx.execute(
    sql`insert into daily_report_revisions (report_id, revision, form_version, values, zero, content, changes,
        on_behalf, source, filed_by, filed_at)
      select r.id, 1, r.form_version, r.values, r.zero, r.content,
        (select jsonb_object_agg(j.key, jsonb_build_object('from', null, 'to', j.value)) from jsonb_each(r.values) j),
        r.on_behalf, 'web', r.first_filed_by, r.first_filed_at
      from daily_reports r order by r.id`,
  );
  const corrected = generated.filter((r) => r.correction);
  for (const r of corrected) {
    const c = r.correction!;
    const id = reportIds.get(r)!;
    await tx
      .update(schema.dailyReportRevisions)
      .set({
        values: c.original,
        changes: Object.fromEntries(Object.entries(c.original).map(([k, v]) => [k, { from: null, to: v }])),
        onBehalf: r.onBehalf,
        filedBy: r.filedBy,
      })
      .where(and(eq(schema.dailyReportRevisions.reportId, id), eq(schema.dailyReportRevisions.revision, 1)));
  }
  if (corrected.length) {
    await tx.insert(schema.dailyReportRevisions).values(
      corrected.map((r) => ({
        reportId: reportIds.get(r)!,
        revision: 2,
        formVersion: form.version,
        values: r.values,
        zero: r.zero,
        content: r.content,
        changes: {
          onSiteWorkers: { from: r.correction!.original.onSiteWorkers, to: r.values.onSiteWorkers },
        },
        onBehalf: r.correction!.onBehalf,
        source: 'web' as const,
        filedBy: r.correction!.by,
        filedAt: r.correction!.at,
      })),
    );
  }
  progress('report revisions', generated.length, generated.length);

  // ---- Alerts: every abnormal report raised one; all acknowledged but the latest.
  const districtOf = new Map<string, number>();
  for (const x of await tx
    .select({ id: u.id, divisionCode: u.divisionCode })
    .from(u)
    .where(eq(u.role, 'district'))
    .orderBy(asc(u.id)))
    if (x.divisionCode && !districtOf.has(x.divisionCode)) districtOf.set(x.divisionCode, x.id);
  let open = 0;
  for (const [i, r] of abnormal.entries()) {
    const last = i === abnormal.length - 1;
    const abnormalValues = Object.fromEntries(
      Object.entries(r.values).filter(
        ([k, v]) => ['feverOrSymptoms', 'suspected', 'confirmed'].includes(k) && v,
      ),
    );
    const ackBy = liaisonOf.get(r.ent.id) ?? districtOf.get(r.ent.divisionCode) ?? null;
    const [alert] = await tx
      .insert(schema.reportAlerts)
      .values({
        reportId: reportIds.get(r)!,
        enterpriseId: r.ent.id,
        date: r.date,
        revision: 1,
        values: abnormalValues,
        status: last ? 'open' : 'acknowledged',
        createdAt: r.filedAt,
        acknowledgedAt: last ? null : new Date(r.filedAt.getTime() + rng.int(40, 240) * 60_000),
        acknowledgedBy: last ? null : ackBy,
        actionTaken: last ? null : ACTIONS_TAKEN[i % ACTIONS_TAKEN.length],
      })
      .returning({ id: schema.reportAlerts.id });
    if (last) {
      open++;
      const labels = Object.fromEntries(
        DEFAULT_FORM.fields.map((f) => [f.key, { zh: f.labelZh, en: f.labelEn }]),
      );
      const demoCtx = { ...ctx, clock: { ...ctx.clock, now: () => r.filedAt } };
      for (const audience of ['liaison', 'district'] as const) {
        await fanOut(tx, demoCtx, {
          audience,
          kind: 'report_abnormal',
          date: r.date,
          subject: { type: 'alert', id: alert.id },
          targets: [r.ent],
          aboutEnterprise: true,
          data: {
            enterpriseName: r.ent.name,
            date: r.date,
            reportId: reportIds.get(r),
            values: abnormalValues,
            labels,
          },
        });
      }
    }
  }

  const directives = await seedDirectives(tx, ctx, rng, input.demoEnterpriseId);
  return {
    reports: generated.length,
    revisions: generated.length + corrected.length,
    late: generated.filter((r) => !r.onTime).length,
    zero: generated.filter((r) => r.content === 'zero').length,
    abnormal: abnormal.length,
    alerts: { open, acknowledged: abnormal.length - open },
    directives,
    lastFullDay: { date: addDays(TODAY, -1), ...expectedOn0309 },
    capacityReleaseRate: Math.round(rate * 10_000) / 10_000,
  };
}

/**
 * The capacity release rate on 2020-03-10 from generated reports: active above-scale industrial
 * enterprises; those resumed that day weigh their latest report's capacity by normal daily output.
 */
function capacityReleaseRate(ents: Ent[], events: Map<number, DatedStatus[]>, generated: GenReport[]) {
  const latest = new Map<number, GenReport>();
  for (const r of generated) {
    const prev = latest.get(r.ent.id);
    if (!prev || r.date > prev.date) latest.set(r.ent.id, r);
  }
  let num = 0;
  let den = 0;
  const counted = new Map<number, GenReport>();
  for (const ent of ents) {
    if (ent.archived || ent.longTermShutdown || !ent.aboveScale || !isIndustrial(ent.industryCode)) continue;
    den += ent.normalDailyOutputFen;
    if (statusOn(events.get(ent.id) ?? [], TODAY) !== 'resumed') continue;
    const r = latest.get(ent.id);
    if (!r) continue;
    counted.set(ent.id, r);
    num += ((r.values.capacityPct as number) / 100) * ent.normalDailyOutputFen;
  }
  return { rate: den > 0 ? num / den : 0, latest: counted };
}

const DIRECTIVES: {
  title: string;
  body: string;
  actions: DirectiveAction[];
  target: DirectiveTarget;
  issued: string;
  due: string;
  completion: [number, number];
}[] = [
  {
    title: '本溪市新冠肺炎疫情防控指挥部令（第3号）',
    body: '全市复工复产企业须落实疫情防控主体责任：开展全员防控教育；逐人排查返岗人员旅居史并登记造册；制定并张贴清洁消杀时间表，每日消杀不少于两次；落实“日报告、零报告”制度。',
    actions: [
      { key: 'education', label: '已开展全员防控教育', labelEn: 'Prevention education done' },
      { key: 'screening', label: '已完成返岗人员排查登记', labelEn: 'Personnel screening done' },
      { key: 'disinfection', label: '已张贴清洁消杀时间表', labelEn: 'Disinfection schedule posted' },
    ],
    target: {},
    issued: '2020-02-08T16:00:00+08:00',
    due: '2020-02-15',
    completion: [0.95, 0.03],
  },
  {
    title: '本溪市新冠肺炎疫情防控指挥部令（第8号）',
    body: '规模以上已复工企业须在产能恢复过程中统筹疫情防控和安全生产：复产前完成设备设施安全检查；开展复工安全培训；更新应急预案并组织一次演练。',
    actions: [
      { key: 'equipmentCheck', label: '已完成设备设施安全检查', labelEn: 'Equipment safety check done' },
      { key: 'safetyTraining', label: '已开展复工安全培训', labelEn: 'Restart safety training done' },
      { key: 'drill', label: '已更新应急预案并演练', labelEn: 'Emergency plan updated and drilled' },
    ],
    target: { aboveScale: true, resumedOnly: true },
    issued: '2020-03-06T15:00:00+08:00',
    due: '2020-03-13',
    completion: [0.55, 0.25],
  },
];

async function seedDirectives(tx: Conn, ctx: Ctx, rng: Rng, demoEnterpriseId: number): Promise<number> {
  const e = schema.enterprises;
  for (const dir of DIRECTIVES) {
    const issuedAt = new Date(dir.issued);
    const issueDay = dir.issued.slice(0, 10);
    const [created] = await tx
      .insert(schema.directives)
      .values({
        title: dir.title,
        body: dir.body,
        actions: dir.actions,
        target: dir.target,
        dueDate: dir.due,
        issuedAt,
        issuedBy: null,
      })
      .returning();
    const bound = await tx
      .select({ id: e.id })
      .from(e)
      .where(targetWhere(ctx, dir.target, issueDay))
      .orderBy(asc(e.id));
    const targets = bound.map(({ id }) => {
      const r = rng.next();
      // The demo enterprise has yet to act on the latest directive (its journey starts there).
      const state =
        id === demoEnterpriseId && dir.due > TODAY
          ? 'pending'
          : r < dir.completion[0]
            ? 'completed'
            : r < dir.completion[0] + dir.completion[1]
              ? 'acknowledged'
              : 'pending';
      const ackAt = new Date(issuedAt.getTime() + rng.int(2, 72) * 3_600_000);
      const ackSafe = ackAt > TODAY_CUTOFF ? new Date(TODAY_CUTOFF.getTime() - 3_600_000) : ackAt;
      const actions: Record<string, boolean> = {};
      if (state === 'completed') for (const a of dir.actions) actions[a.key] = true;
      if (state === 'acknowledged') actions[dir.actions[0].key] = true;
      return {
        directiveId: created.id,
        enterpriseId: id,
        acknowledgedAt: state === 'pending' ? null : ackSafe,
        onBehalf: false,
        actions,
        completedAt: state === 'completed' ? ackSafe : null,
        updatedAt: state === 'pending' ? null : ackSafe,
      };
    });
    for (let i = 0; i < targets.length; i += 1000) {
      await tx.insert(schema.directiveTargets).values(targets.slice(i, i + 1000));
    }
    await tx
      .update(schema.directives)
      .set({ targetCount: targets.length })
      .where(eq(schema.directives.id, created.id));
  }
  return DIRECTIVES.length;
}
