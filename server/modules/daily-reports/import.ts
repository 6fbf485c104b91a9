import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { reportContent, validateValues } from '../../../shared/daily-reports';
import { RESUMPTION_STATUS_LABELS } from '../../../shared/enums';
import type { ImportRowError } from '../../../shared/schemas/enterprises';
import { schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, invalid } from '../../lib/errors';
import { startJob } from '../../lib/jobs';
import { reason } from '../../lib/messages';
import { notifyKpi } from '../kpis/events';
import { statusesOn } from '../resumption/status';
import { headerFor, parseReportSheet, reportTemplate } from './excel';
import { type Filing, localizeIssues, writeReports } from './filing';
import { loadCurrentForm } from './form';
import { expectedOn } from './service';

const BATCH = 500;
const e = schema.enterprises;

/** The template for a day: every enterprise in the caller's scope expected that day. */
export async function templateFor(ctx: Ctx, date: string): Promise<Buffer> {
  if (date > ctx.clock.today())
    throw invalid([{ path: 'date', reason: 'date_in_future', params: { value: date } }]);
  const r = schema.dailyReports;
  const form = await loadCurrentForm(ctx.db);
  const list = await ctx.db
    .select({ uscc: e.uscc, name: e.name, zero: r.zero, values: r.values })
    .from(e)
    .leftJoin(r, and(eq(r.enterpriseId, e.id), eq(r.date, date)))
    .where(and(expectedOn(date), ctx.scoper.enterprises(actorOf(ctx))))
    .orderBy(asc(e.divisionCode), asc(e.name));
  return reportTemplate(form, date, list, ctx.locale);
}

/**
 * Imports a day's reports from the district's .xlsx as a background job. All or nothing: every
 * row is checked (the enterprise is in the importer's scope and expected that day, no duplicate
 * rows, every value valid for the form) and if any row is wrong nothing is written and the job's
 * result lists every problem. Otherwise all rows are filed in one transaction (corrections become
 * revisions), each audited.
 */
export async function startReportImport(
  ctx: Ctx,
  buf: Buffer,
  dateParam: string | undefined,
): Promise<string> {
  const actor = actorOf(ctx);
  const form = await loadCurrentForm(ctx.db);
  return startJob(ctx.db, ctx.clock, 'dailyReport.import', actor.id > 0 ? actor.id : null, async (job) => {
    await job.progress('parsing', 0, 0);
    const parsed = await parseReportSheet(buf, form, ctx.locale);
    const errors: ImportRowError[] = parsed.errors;
    const date = dateParam ?? parsed.date;
    const fail = (list: ImportRowError[]) => {
      const sorted = list.sort((a, b) => a.row - b.row);
      return { ok: false, result: { imported: 0, errorCount: sorted.length, errors: sorted.slice(0, 5000) } };
    };
    if (!date) errors.push({ row: 1, column: 'date', reason: reason('required', ctx.locale) });
    else if (date > ctx.clock.today())
      errors.push({ row: 1, column: 'date', reason: reason('date_in_future', ctx.locale, { value: date }) });
    if (errors.length || !date) return fail(errors);
    await job.progress('validating', 0, parsed.rows.length);

    // The enterprises the rows name, inside the importer's scope.
    const usccs = [...new Set(parsed.rows.map((r) => r.uscc))];
    const found = new Map<string, { id: number; archived: boolean }>();
    const scope = ctx.scoper.enterprises(actor);
    for (let i = 0; i < usccs.length; i += 1000) {
      const hits = await ctx.db
        .select({ id: e.id, uscc: e.uscc, archived: sql<boolean>`${e.archivedAt} is not null` })
        .from(e)
        .where(and(inArray(e.uscc, usccs.slice(i, i + 1000)), scope));
      for (const h of hits) found.set(h.uscc, h);
    }
    const statuses = await statusesOn(
      ctx.db,
      date,
      [...found.values()].map((x) => x.id),
    );
    const usccCol = ctx.locale === 'en' ? 'USCC' : '统一社会信用代码';
    const firstRowOf = new Map<string, number>();
    const filings: { row: number; filing: Filing }[] = [];
    for (const r of parsed.rows) {
      const rowErrors: ImportRowError[] = [];
      const ent = found.get(r.uscc);
      const other = firstRowOf.get(r.uscc);
      if (other !== undefined) {
        rowErrors.push({
          row: r.row,
          column: usccCol,
          reason: reason('duplicate_in_file', ctx.locale, { other }),
        });
      } else firstRowOf.set(r.uscc, r.row);
      if (!ent) {
        rowErrors.push({
          row: r.row,
          column: usccCol,
          reason: reason('unknown_enterprise', ctx.locale, { value: r.uscc }),
        });
      } else if (ent.archived || statuses.get(ent.id) !== 'resumed') {
        rowErrors.push({
          row: r.row,
          column: usccCol,
          reason: reason('not_expected', ctx.locale, {
            value: date,
            status:
              RESUMPTION_STATUS_LABELS[ent.archived ? 'closed' : (statuses.get(ent.id) ?? 'not_applied')][
                ctx.locale
              ],
          }),
        });
      }
      const { values, issues } = validateValues(form, r.values, { zero: r.zero });
      for (const i of localizeIssues(form, issues, ctx.locale)) {
        rowErrors.push({
          row: r.row,
          column: headerFor(form, i.path.replace(/^values\./, ''), ctx.locale),
          reason: reason(i.reason, ctx.locale, i.params),
        });
      }
      if (rowErrors.length) errors.push(...rowErrors);
      else if (ent)
        filings.push({
          row: r.row,
          filing: {
            enterpriseId: ent.id,
            zero: r.zero,
            values,
            content: reportContent(form, values, r.zero),
          },
        });
    }
    if (errors.length) return fail(errors);

    let created = 0;
    let corrected = 0;
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < filings.length; i += BATCH) {
        const part = filings.slice(i, i + BATCH);
        const written = await writeReports(
          tx,
          ctx,
          form,
          date,
          part.map((p) => p.filing),
          'import',
        );
        await audit(
          tx,
          ctx,
          written.map((w) => {
            if (w.created) created++;
            else corrected++;
            return {
              action: w.created ? 'dailyReport.import' : 'dailyReport.correct',
              entity: 'daily_report',
              entityId: w.report.id,
              after: {
                enterpriseId: w.report.enterpriseId,
                date,
                revision: w.report.revision,
                content: w.report.content,
                ...(w.created ? { values: w.report.values } : { changes: w.changes }),
              },
            };
          }),
        );
        await job.progress('importing', Math.min(i + BATCH, filings.length), filings.length);
      }
      await notifyKpi(
        tx,
        ctx,
        'daily_report',
        filings.map((f) => f.filing.enterpriseId),
        { today: ctx.clock.today(), from: date },
      );
    });
    return {
      ok: true,
      result: { imported: filings.length, created, corrected, date, errorCount: 0, errors: [] },
    };
  });
}

/** Refuses an upload that is not a real .xlsx. */
export function assertXlsx(filename: string, ok: boolean): void {
  if (!filename.toLowerCase().endsWith('.xlsx') || !ok) {
    throw new AppError(400, 'invalid_file_type', undefined, [{ path: 'file', reason: 'invalid_file_type' }]);
  }
}
