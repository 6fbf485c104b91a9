import { inArray } from 'drizzle-orm';
import type { EnterpriseCreateInput, ImportRowError } from '../../../shared/schemas/enterprises';
import { schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { startJob } from '../../lib/jobs';
import { reason } from '../../lib/messages';
import { notifyKpi } from '../kpis/events';
import { COLUMNS, header } from './columns';
import { parseImport } from './excel';
import { newEnterpriseFields, searchTextOf } from './service';

const BATCH = 500;

/**
 * Imports an .xlsx of enterprises as a background job. All or nothing: every row is checked
 * (format, references, the importer's territory, duplicates in the file and in the registry)
 * and if any row is wrong nothing is written and the job's result lists every problem.
 */
export async function startImport(ctx: Ctx, buf: Buffer): Promise<string> {
  const actor = actorOf(ctx);
  return startJob(ctx.db, ctx.clock, 'enterprise.import', actor.id > 0 ? actor.id : null, async (job) => {
    await job.progress('parsing', 0, 0);
    const { rows, errors } = await parseImport(buf, ctx.locale, ctx.tree, ctx.ref);
    const col = (key: string) => header(COLUMNS.find((c) => c.key === key)!, ctx.locale);
    await job.progress('validating', 0, rows.length);

    const firstRowOf = new Map<string, number>();
    for (const r of rows) {
      const uscc = r.values.uscc as string | undefined;
      const division = r.values.divisionCode as string | undefined;
      if (division && !ctx.scoper.divisionInScope(actor, division)) {
        errors.push({
          row: r.row,
          column: col('divisionCode'),
          reason: reason('out_of_scope_division', ctx.locale, { value: division }),
        });
      }
      if (!uscc) continue;
      const other = firstRowOf.get(uscc);
      if (other !== undefined) {
        errors.push({
          row: r.row,
          column: col('uscc'),
          reason: reason('duplicate_in_file', ctx.locale, { other }),
        });
      } else firstRowOf.set(uscc, r.row);
    }
    const usccs = [...firstRowOf.keys()];
    for (let i = 0; i < usccs.length; i += 1000) {
      const hits = await ctx.db
        .select({ uscc: schema.enterprises.uscc })
        .from(schema.enterprises)
        .where(inArray(schema.enterprises.uscc, usccs.slice(i, i + 1000)));
      for (const h of hits) {
        errors.push({
          row: firstRowOf.get(h.uscc)!,
          column: col('uscc'),
          reason: reason('duplicate_uscc', ctx.locale, { value: h.uscc }),
        });
      }
      await job.progress('validating', Math.min(i + 1000, usccs.length), rows.length);
    }
    if (errors.length) {
      const sorted: ImportRowError[] = errors.sort((a, b) => a.row - b.row);
      return { ok: false, result: { imported: 0, errorCount: sorted.length, errors: sorted.slice(0, 5000) } };
    }

    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += BATCH) {
        const values = rows.slice(i, i + BATCH).map((r) => {
          const f = newEnterpriseFields(r.values as unknown as EnterpriseCreateInput);
          return { ...f, searchText: searchTextOf(f.name, f.uscc), createdAt: now, updatedAt: now };
        });
        const inserted = await tx.insert(schema.enterprises).values(values).returning();
        ids.push(...inserted.map((row) => row.id));
        await audit(
          tx,
          ctx,
          inserted.map((row) => {
            const { searchText: _s, ...after } = row;
            return { action: 'enterprise.import', entity: 'enterprise', entityId: row.id, after };
          }),
        );
        await job.progress('importing', Math.min(i + BATCH, rows.length), rows.length);
      }
      // One announcement for the whole import (the streams coalesce anyway).
      await notifyKpi(tx, ctx, 'enterprise', ids);
    });
    return { ok: true, result: { imported: rows.length, errorCount: 0, errors: [] } };
  });
}
