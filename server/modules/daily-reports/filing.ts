import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import {
  abnormalValues,
  changedValues,
  isLocked,
  isOnTime,
  type ReportValues,
  reportContent,
  type ValueIssue,
  validateValues,
} from '../../../shared/daily-reports';
import {
  type Locale,
  RESUMPTION_STATUS_LABELS,
  type ReportContent,
  type ResumptionStatus,
} from '../../../shared/enums';
import type { FileReportInput } from '../../../shared/schemas/daily-reports';
import type { PersonRef } from '../../../shared/schemas/resumption';
import { type Conn, rows, schema } from '../../db/client';
import { audit, auditColumnsOf, auditInsertSql, auditRow } from '../../lib/audit';
import { createBatcher } from '../../lib/batch';
import { inChunks } from '../../lib/chunks';
import { type Actor, actorOf, type Ctx } from '../../lib/context';
import { AppError, invalid, notFound } from '../../lib/errors';
import { isSettledDay, notifyKpi } from '../kpis/events';
import { fanOut } from '../notifications/fanout';
import { byOf, peopleByIds } from '../resumption/people';
import { statusOnSql } from '../resumption/status';
import { type FormRow, loadCurrentForm } from './form';

export type ReportRow = typeof schema.dailyReports.$inferSelect;
const r = schema.dailyReports;

/** Roles that may still correct a report after the lock (lockAfterDays). */
export const CORRECTORS = new Set(['district', 'commander']);

/** A checked filing, ready to be written. */
export interface Filing {
  enterpriseId: number;
  zero: boolean;
  values: ReportValues;
  content: ReportContent;
}

export interface Written {
  report: ReportRow;
  created: boolean;
  changes: Record<string, unknown>;
  alertId: number | null;
}

const numberOr = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Names the other field of a cross-field rule by its label in the reader's language. */
export function localizeIssues(form: FormRow, issues: ValueIssue[], locale: Locale): ValueIssue[] {
  return issues.map((i) => {
    const key = i.params?.field;
    const f = typeof key === 'string' ? form.fields.find((x) => x.key === key) : undefined;
    return f ? { ...i, params: { ...i.params, other: locale === 'en' ? f.labelEn : f.labelZh } } : i;
  });
}

/** Checks values against the form and classifies them: the filing, or the problems found. */
function checkFiling(
  form: FormRow,
  enterpriseId: number,
  input: { zero?: boolean; values: Record<string, unknown> },
): { filing: Filing; issues: ValueIssue[] } {
  const zero = input.zero === true;
  const { values, issues } = validateValues(form, input.values, { zero });
  return { filing: { enterpriseId, zero, values, content: reportContent(form, values, zero) }, issues };
}

/** Checks values against the form and classifies them; throws a 400 naming every bad field. */
export function prepareFiling(
  form: FormRow,
  enterpriseId: number,
  input: { zero?: boolean; values: Record<string, unknown> },
  locale: Locale,
): Filing {
  const { filing, issues } = checkFiling(form, enterpriseId, input);
  if (issues.length) throw invalid(localizeIssues(form, issues, locale));
  return filing;
}

/** What a correction writes over a report, and what it changed (values, and the zero flag). */
function correctionOf(
  form: FormRow,
  row: ReportRow,
  f: Filing,
  own: number | null,
  now: Date,
  by: number | null,
) {
  const changes: Record<string, unknown> = changedValues(row.values, f.values);
  if (row.zero !== f.zero) changes.zero = { from: row.zero, to: f.zero };
  const set = {
    formVersion: form.version,
    values: f.values,
    zero: f.zero,
    content: f.content,
    onSiteWorkers: numberOr(f.values.onSiteWorkers),
    capacityPct: numberOr(f.values.capacityPct),
    revision: row.revision + 1,
    onBehalf: f.enterpriseId !== own,
    updatedAt: now,
    updatedBy: by,
  };
  return { changes, set };
}

/**
 * A correction of an open day in ONE statement, optimistically: it updates the report only if it
 * is still at the revision the changes were computed from and the form is still at the version
 * the values were checked against, and adds the revision and the audit entry. Null when someone
 * corrected it or the form changed meanwhile: the caller then takes the locking path.
 */
async function correctReport(
  ctx: Ctx,
  form: FormRow,
  row: ReportRow,
  f: Filing,
  source: 'web' | 'api',
): Promise<ReportRow | null> {
  const now = ctx.clock.now();
  const by = byOf(ctx);
  const { changes, set } = correctionOf(form, row, f, ctx.scoper.ownEnterprise(actorOf(ctx)), now, by);
  const entry = auditColumnsOf(
    ctx,
    {
      action: 'dailyReport.correct',
      entity: 'daily_report',
      entityId: row.id,
      after: {
        enterpriseId: row.enterpriseId,
        date: row.date,
        revision: set.revision,
        content: set.content,
        onBehalf: set.onBehalf,
        changes,
      },
    },
    now,
  );
  const at = now.toISOString();
  const values = JSON.stringify(set.values);
  const done = await rows<{ id: number }>(
    ctx.db,
    sql`with upd as (
      update ${r} set form_version = ${set.formVersion}, values = ${values}::jsonb, zero = ${set.zero},
        content = ${set.content}, on_site_workers = ${set.onSiteWorkers}::int, capacity_pct = ${set.capacityPct}::float8,
        revision = ${set.revision}, on_behalf = ${set.onBehalf}, updated_at = ${at}::timestamptz,
        updated_by = ${by}::int
      where ${r.id} = ${row.id} and ${r.revision} = ${row.revision}
        and ${set.formVersion} = (select max(${schema.reportForms.version}) from ${schema.reportForms})
      returning ${r.id}
    ), rev as (
      insert into ${schema.dailyReportRevisions} (report_id, revision, form_version, values, zero, content, changes,
        on_behalf, source, filed_by, filed_at)
      select id, ${set.revision}, ${set.formVersion}, ${values}::jsonb, ${set.zero}, ${set.content},
        ${JSON.stringify(changes)}::jsonb, ${set.onBehalf}, ${source}, ${by}::int, ${at}::timestamptz
      from upd
    ), aud as (
      ${auditInsertSql(entry, sql`upd`)}
    )
    select id from upd`,
  );
  if (!done.length) return null;
  ctx.audited = true;
  return { ...row, ...set };
}

/**
 * Writes one day's filings (one or many enterprises) inside the caller's transaction: a first
 * filing inserts the report, a later one updates it; either way an immutable revision is added,
 * and an abnormal report opens an alert (unless one is open) and tells the liaison and district.
 * The work per filing is a fixed number of indexed statements, whatever the size of the city.
 * The caller announces the change to the KPI streams (notifyKpi) once per transaction.
 */
export async function writeReports(
  tx: Conn,
  ctx: Ctx,
  form: FormRow,
  date: string,
  filings: Filing[],
  source: 'web' | 'api' | 'import',
): Promise<Written[]> {
  if (!filings.length) return [];
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  const by = byOf(ctx);
  // Filed by someone other than the enterprise's own account: its liaison, district or HQ.
  const own = ctx.scoper.ownEnterprise(actor);
  const ids = filings.map((f) => f.enterpriseId);
  const lockExisting = () =>
    tx
      .select()
      .from(r)
      .where(and(eq(r.date, date), inArray(r.enterpriseId, ids)))
      .for('update');
  const existing = new Map((await lockExisting()).map((row) => [row.enterpriseId, row]));

  const fresh = filings.filter((f) => !existing.has(f.enterpriseId));
  const created = new Set<number>();
  if (fresh.length) {
    const inserted = await tx
      .insert(r)
      .values(
        fresh.map((f) => ({
          enterpriseId: f.enterpriseId,
          date,
          formVersion: form.version,
          values: f.values,
          zero: f.zero,
          content: f.content,
          onTime: isOnTime(date, form.deadline, now),
          onSiteWorkers: numberOr(f.values.onSiteWorkers),
          capacityPct: numberOr(f.values.capacityPct),
          revision: 1,
          onBehalf: f.enterpriseId !== own,
          firstFiledAt: now,
          firstFiledBy: by,
          updatedAt: now,
          updatedBy: by,
        })),
      )
      .onConflictDoNothing()
      .returning();
    for (const row of inserted) {
      existing.set(row.enterpriseId, row);
      created.add(row.enterpriseId);
    }
    // Filed concurrently by someone else: lock their row and file as a correction.
    if (inserted.length < fresh.length) {
      for (const row of await lockExisting())
        if (!existing.has(row.enterpriseId)) existing.set(row.enterpriseId, row);
    }
  }

  const out: Written[] = [];
  const revisions: (typeof schema.dailyReportRevisions.$inferInsert)[] = [];
  for (const f of filings) {
    const before = existing.get(f.enterpriseId)!;
    const isNew = created.has(f.enterpriseId);
    const correction = isNew ? null : correctionOf(form, before, f, own, now, by);
    const row = correction
      ? (await tx.update(r).set(correction.set).where(eq(r.id, before.id)).returning())[0]
      : before;
    const changes = correction ? correction.changes : changedValues(null, f.values);
    revisions.push({
      reportId: row.id,
      revision: row.revision,
      formVersion: form.version,
      values: f.values,
      zero: f.zero,
      content: f.content,
      changes: changes as never,
      onBehalf: f.enterpriseId !== own,
      source,
      filedBy: by,
      filedAt: now,
    });
    out.push({ report: row, created: isNew, changes, alertId: null });
  }
  await inChunks(revisions, async (part) => {
    await tx.insert(schema.dailyReportRevisions).values(part);
  });
  await raiseAlerts(tx, ctx, form, out);
  return out;
}

/** Opens an alert for each abnormal report without an open one, and notifies liaison and district. */
async function raiseAlerts(tx: Conn, ctx: Ctx, form: FormRow, written: Written[]): Promise<void> {
  const abnormal = written.filter((w) => w.report.content === 'abnormal');
  if (!abnormal.length) return;
  const flagged = new Map(abnormal.map((w) => [w.report.id, abnormalValues(form, w.report.values)]));
  const now = ctx.clock.now();
  const alerts = await tx
    .insert(schema.reportAlerts)
    .values(
      abnormal.map((w) => ({
        reportId: w.report.id,
        enterpriseId: w.report.enterpriseId,
        date: w.report.date,
        revision: w.report.revision,
        values: flagged.get(w.report.id)!,
        status: 'open' as const,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: schema.reportAlerts.id, reportId: schema.reportAlerts.reportId });
  if (!alerts.length) return;
  const byReport = new Map(alerts.map((a) => [a.reportId, a.id]));
  for (const w of abnormal) w.alertId = byReport.get(w.report.id) ?? null;
  const raised = abnormal.filter((w) => w.alertId);
  const e = schema.enterprises;
  const ents = await tx
    .select({
      id: e.id,
      name: e.name,
      divisionCode: e.divisionCode,
      townCode: e.townCode,
      contactPhone: e.contactPhone,
    })
    .from(e)
    .where(
      inArray(
        e.id,
        raised.map((w) => w.report.enterpriseId),
      ),
    );
  const byId = new Map(ents.map((x) => [x.id, x]));
  const labels = Object.fromEntries(form.fields.map((f) => [f.key, { zh: f.labelZh, en: f.labelEn }]));
  for (const w of raised) {
    const target = byId.get(w.report.enterpriseId)!;
    for (const audience of ['liaison', 'district'] as const) {
      await fanOut(tx, ctx, {
        audience,
        kind: 'report_abnormal',
        date: w.report.date,
        subject: { type: 'alert', id: w.alertId! },
        targets: [target],
        aboutEnterprise: true,
        data: {
          enterpriseName: target.name,
          date: w.report.date,
          reportId: w.report.id,
          values: flagged.get(w.report.id)!,
          labels,
        },
      });
    }
  }
}

/**
 * Files (or refiles) one enterprise's report for a day: POST /api/daily-reports. One short
 * transaction: lock/insert the report, add the revision, raise an alert if abnormal, one audit entry.
 */
export async function fileReport(
  ctx: Ctx,
  input: FileReportInput,
): Promise<{
  report: ReportRow;
  created: boolean;
  enterprise: { name: string; divisionCode: string };
  lockAfterDays: number;
  people: Map<number, PersonRef>;
}> {
  const actor = actorOf(ctx);
  const today = ctx.clock.today();
  const fast = await fileFirstReport(ctx, input, today);
  if (fast) return fast;
  // An enterprise's own filing starts from the form as last read (no read of its own); only the
  // one-statement correction below may write with it, since that statement checks its version.
  // Anything else, and whatever the cached form would refuse, is decided again on a fresh read.
  const own = ctx.scoper.ownEnterprise(actor) === input.enterpriseId;
  const cached = own ? forms.get(ctx.db) : undefined;
  const [{ report: existing, ...enterprise }, read] = await Promise.all([
    own
      ? findOwnFilable(ctx.db, input.enterpriseId, input.date)
      : findFilable(ctx, actor, input.enterpriseId, input.date),
    cached ? null : loadCurrentForm(ctx.db),
  ]);
  if (read) forms.set(ctx.db, read);
  if (input.date > today)
    throw invalid([{ path: 'date', reason: 'date_in_future', params: { value: input.date } }]);
  if (enterprise.status !== 'resumed' || enterprise.archived) {
    const status = enterprise.archived ? 'closed' : (enterprise.status as ResumptionStatus);
    throw invalid([
      {
        path: 'date',
        reason: 'not_expected',
        params: { value: input.date, status: RESUMPTION_STATUS_LABELS[status]?.[ctx.locale] ?? status },
      },
    ]);
  }
  const decide = (f: FormRow) => {
    if (isLocked(input.date, today, f.lockAfterDays) && !CORRECTORS.has(actor.role)) {
      throw new AppError(403, 'report_locked', { days: f.lockAfterDays, date: input.date });
    }
    return prepareFiling(f, enterprise.id, input, ctx.locale);
  };
  const readFresh = async () => {
    const fresh = await loadCurrentForm(ctx.db);
    forms.set(ctx.db, fresh);
    return fresh;
  };
  let form = read ?? cached!;
  let filing: Filing;
  try {
    filing = decide(form);
  } catch (err) {
    if (read) throw err;
    form = await readFresh();
    filing = decide(form);
  }
  const source = actor.via === 'token' ? 'api' : 'web';
  // An open day's change is announced after the commit (no NOTIFY lock in the transaction); a
  // settled day's goes through notifyKpi, which also invalidates its precomputed figures.
  const announce = isSettledDay(input.date, today) ? undefined : ctx.announceKpi;
  // The common correction (an open day, nothing abnormal to alert on): one statement.
  const corrected =
    announce && existing && filing.content !== 'abnormal'
      ? await correctReport(ctx, form, existing, filing, source)
      : null;
  if (corrected) {
    announce?.('daily_report', divisionsOf(enterprise), input.date);
    return {
      report: corrected,
      created: false,
      enterprise,
      lockAfterDays: form.lockAfterDays,
      people: await filers(ctx, corrected),
    };
  }
  // The full path writes with the form in force.
  if (form === cached) {
    form = await readFresh();
    filing = decide(form);
  }
  const w = await ctx.db.transaction(async (tx) => {
    const [w] = await writeReports(tx, ctx, form, input.date, [filing], source);
    if (!announce) await notifyKpi(tx, ctx, 'daily_report', [enterprise.id], { today, from: input.date });
    await audit(tx, ctx, {
      action: w.created ? 'dailyReport.file' : 'dailyReport.correct',
      entity: 'daily_report',
      entityId: w.report.id,
      after: {
        enterpriseId: enterprise.id,
        date: input.date,
        revision: w.report.revision,
        content: w.report.content,
        onBehalf: w.report.onBehalf,
        ...(w.created ? { values: w.report.values } : { changes: w.changes }),
        ...(w.alertId ? { alertId: w.alertId } : {}),
      },
    });
    return w;
  });
  announce?.('daily_report', divisionsOf(enterprise), input.date);
  return {
    report: w.report,
    created: w.created,
    enterprise,
    lockAfterDays: form.lockAfterDays,
    people: await filers(ctx, w.report),
  };
}

/** The divisions a KPI announcement about an enterprise names: its district and its town. */
const divisionsOf = (x: { divisionCode: string; townCode: string | null }) =>
  x.townCode ? [x.divisionCode, x.townCode] : [x.divisionCode];

/** The current report form per database, as last read: the fast path checks its version. */
const forms = new WeakMap<object, FormRow>();

/**
 * Enterprise-days this process has seen filed (or seen the batch decline), so a refiling goes
 * straight to the correction path instead of a batch that would write nothing. Only a hint: either
 * path gives the right answer. Bounded: forgotten all at once past 100,000 entries.
 */
const filed = new WeakMap<object, Set<string>>();
function filedRecently(db: object): Set<string> {
  let set = filed.get(db);
  if (!set || set.size > 100_000) {
    set = new Set();
    filed.set(db, set);
  }
  return set;
}

/**
 * Writes a batch of first filings in ONE statement (so one commit and one round trip for the lot):
 * each row is written only if its enterprise is resumed that day and not archived, the form is
 * still at the version it was checked against, and no report exists yet (first in the batch wins);
 * with its first revision and its audit entry. Returns the rows written, by batch position.
 */
async function writeFirstFilings(db: Conn, rowsIn: Record<string, unknown>[]) {
  const e = schema.enterprises;
  const i = sql.raw('i');
  return rows<{ n: number; id: number; name: string; division_code: string; town_code: string | null }>(
    db,
    sql`with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rowsIn)}::jsonb) as i(n int, enterprise_id int, date date,
        form_version int, values jsonb, zero boolean, content text, on_time boolean, on_site_workers int,
        capacity_pct float8, on_behalf boolean, by_id int, source text, changes jsonb, at timestamptz,
        actor_id int, actor_username text, actor_role text, after jsonb, ip text)
    ), ok as (
      select distinct on (i.enterprise_id, i.date) i.*, ${e.name} as name, ${e.divisionCode} as division_code,
        ${e.townCode} as town_code
      from input i join ${e} on ${e.id} = i.enterprise_id
      where ${e.archivedAt} is null
        and ${statusOnSql(sql`${i}.date`, sql`${i}.enterprise_id`)} = 'resumed'
        and i.form_version = (select max(${schema.reportForms.version}) from ${schema.reportForms})
      order by i.enterprise_id, i.date, i.n
    ), ins as (
      insert into ${r} (enterprise_id, date, form_version, values, zero, content, on_time, on_site_workers,
        capacity_pct, revision, on_behalf, first_filed_at, first_filed_by, updated_at, updated_by)
      select enterprise_id, date, form_version, values, zero, content, on_time, on_site_workers, capacity_pct, 1,
        on_behalf, at, by_id, at, by_id
      from ok
      on conflict do nothing
      returning id, enterprise_id, date
    ), rev as (
      insert into ${schema.dailyReportRevisions} (report_id, revision, form_version, values, zero, content, changes,
        on_behalf, source, filed_by, filed_at)
      select ins.id, 1, ok.form_version, ok.values, ok.zero, ok.content, ok.changes, ok.on_behalf, ok.source,
        ok.by_id, ok.at
      from ins join ok using (enterprise_id, date)
    ), aud as (
      ${auditInsertSql(
        {
          at: sql`ok.at`,
          actorId: sql`ok.actor_id`,
          actorUsername: sql`ok.actor_username`,
          actorRole: sql`ok.actor_role`,
          action: sql`'dailyReport.file'`,
          entity: sql`'daily_report'`,
          entityId: sql`ins.id::text`,
          after: sql`ok.after`,
          ip: sql`ok.ip`,
        },
        sql`ins join ok using (enterprise_id, date)`,
      )}
    )
    select ok.n, ins.id, ok.name, ok.division_code, ok.town_code from ins join ok using (enterprise_id, date)`,
  );
}

type FirstFilingWritten = Awaited<ReturnType<typeof writeFirstFilings>>[number];
const batchers = new WeakMap<
  object,
  (x: { row: Record<string, unknown>; log?: FastifyBaseLogger }) => Promise<FirstFilingWritten | null>
>();

/**
 * Queues a first filing for the next batch (lib/batch.ts: group commit, two batches at once so one
 * is written while the other's commit reaches the disk). A batch that fails as a whole (a database
 * error) answers null for each of its filings, which then take the full path one by one, where
 * each gets its own answer.
 */
function enqueueFirstFiling(db: Conn, row: Record<string, unknown>, log?: FastifyBaseLogger) {
  let submit = batchers.get(db);
  if (!submit) {
    submit = createBatcher(
      async (items: { row: Record<string, unknown>; log?: FastifyBaseLogger }[]) => {
        try {
          const written = await writeFirstFilings(
            db,
            items.map((x, n) => ({ ...x.row, n })),
          );
          const byN = new Map(written.map((w) => [Number(w.n), w]));
          return items.map((_, n) => byN.get(n) ?? null);
        } catch (err) {
          items[0]?.log?.warn(
            { err, filings: items.length },
            'a batch of first filings failed; filing them one by one',
          );
          return items.map(() => null);
        }
      },
      { max: 256, atOnce: 2 },
    );
    batchers.set(db, submit);
  }
  return submit({ row, log });
}

/**
 * The common case, batched with other requests into one statement (see enqueueFirstFiling): an
 * enterprise account files its own normal or zero report for today or a day it may still file,
 * for the first time, under the current form version. Everything that decides the answer is
 * checked in the statement or before it; when any condition fails nothing is written and the
 * full path below decides what to do and which error to give. Filings by anyone else (liaisons,
 * district clerks, HQ: other scopes), abnormal reports (alerts, notifications) and days whose KPI
 * figures are settled always take the full path.
 */
async function fileFirstReport(
  ctx: Ctx,
  input: FileReportInput,
  today: string,
): Promise<Awaited<ReturnType<typeof fileReport>> | null> {
  const form = forms.get(ctx.db);
  const actor = actorOf(ctx);
  if (!form || !ctx.announceKpi || ctx.scoper.ownEnterprise(actor) !== input.enterpriseId) return null;
  if (input.date > today || isSettledDay(input.date, today)) return null;
  if (isLocked(input.date, today, form.lockAfterDays)) return null;
  if (filedRecently(ctx.db).has(`${input.enterpriseId}:${input.date}`)) return null;
  const { filing, issues } = checkFiling(form, input.enterpriseId, input);
  if (issues.length || filing.content === 'abnormal') return null;
  const { values, zero, content } = filing;

  const now = ctx.clock.now();
  const by = byOf(ctx);
  const onTime = isOnTime(input.date, form.deadline, now);
  const onSite = numberOr(values.onSiteWorkers);
  const capacity = numberOr(values.capacityPct);
  const entry = auditRow(ctx, {
    action: 'dailyReport.file',
    entity: 'daily_report',
    after: {
      enterpriseId: input.enterpriseId,
      date: input.date,
      revision: 1,
      content,
      onBehalf: false,
      values,
    },
  });
  const written = await enqueueFirstFiling(
    ctx.db,
    {
      enterprise_id: input.enterpriseId,
      date: input.date,
      form_version: form.version,
      values,
      zero,
      content,
      on_time: onTime,
      on_site_workers: onSite,
      capacity_pct: capacity,
      on_behalf: false,
      by_id: by,
      source: actor.via === 'token' ? 'api' : 'web',
      changes: changedValues(null, values),
      at: now.toISOString(),
      actor_id: entry.actorId,
      actor_username: entry.actorUsername,
      actor_role: entry.actorRole,
      after: entry.after,
      ip: entry.ip,
    },
    ctx.log,
  );
  // Written now, or already there (or not fileable): a refiling takes the correction path.
  filedRecently(ctx.db).add(`${input.enterpriseId}:${input.date}`);
  if (!written) return null;
  ctx.audited = true;
  ctx.announceKpi(
    'daily_report',
    divisionsOf({ divisionCode: written.division_code, townCode: written.town_code }),
    input.date,
  );
  const report: ReportRow = {
    id: Number(written.id),
    enterpriseId: input.enterpriseId,
    date: input.date,
    formVersion: form.version,
    values,
    zero,
    content,
    onTime,
    onSiteWorkers: onSite,
    capacityPct: capacity,
    revision: 1,
    onBehalf: false,
    firstFiledAt: now,
    firstFiledBy: by,
    updatedAt: now,
    updatedBy: by,
  };
  return {
    report,
    created: true,
    enterprise: { name: written.name, divisionCode: written.division_code },
    lockAfterDays: form.lockAfterDays,
    people: await filers(ctx, report),
  };
}

/**
 * The people a just-filed report names. The filer is the actor, so only a correction of someone
 * else's first filing needs a lookup.
 */
async function filers(ctx: Ctx, report: ReportRow): Promise<Map<number, PersonRef>> {
  const by = byOf(ctx);
  const first = report.firstFiledBy;
  const people = first !== null && first !== by ? await peopleByIds(ctx.db, [first]) : new Map();
  if (by !== null) people.set(by, { id: by, displayName: actorOf(ctx).displayName });
  return people;
}

/** What a filing reads first: the enterprise, its resumption status on the day and its report of that day. */
function filableQuery(db: Conn, date: SQL) {
  const e = schema.enterprises;
  return db
    .select({
      id: e.id,
      name: e.name,
      divisionCode: e.divisionCode,
      townCode: e.townCode,
      archived: sql<boolean>`${e.archivedAt} is not null`,
      status: statusOnSql(date),
      report: r,
    })
    .from(e)
    .leftJoin(r, and(eq(r.enterpriseId, e.id), eq(r.date, date)));
}

/** findFilable for an enterprise account's own enterprise: one statement prepared per database. */
const ownFilables = new WeakMap<object, ReturnType<typeof prepareOwnFilable>>();
function prepareOwnFilable(db: Conn) {
  return filableQuery(db, sql`${sql.placeholder('date')}::date`)
    .where(eq(schema.enterprises.id, sql.placeholder('id')))
    .limit(1)
    .prepare('tongchou_own_filable');
}
async function findOwnFilable(db: Conn, enterpriseId: number, date: string) {
  let q = ownFilables.get(db);
  if (!q) {
    q = prepareOwnFilable(db);
    ownFilables.set(db, q);
  }
  const [row] = await q.execute({ id: enterpriseId, date });
  if (!row) throw notFound();
  return row;
}

/**
 * The enterprise (inside the actor's scope, else 404) with its resumption status on the day and
 * its report of that day if there is one, in one indexed query.
 */
async function findFilable(ctx: Ctx, actor: Actor, enterpriseId: number, date: string) {
  const id = eq(schema.enterprises.id, enterpriseId);
  const scope = ctx.scoper.enterprises(actor);
  const [row] = await filableQuery(ctx.db, sql`${date}::date`)
    .where(scope ? and(id, scope) : id)
    .limit(1);
  if (!row) throw notFound();
  return row;
}
