import { desc, eq } from 'drizzle-orm';
import { DEFAULT_FORM, type ReportFormDef, validateForm } from '../../../shared/daily-reports';
import type { ReportFormInput, ReportFormView } from '../../../shared/schemas/daily-reports';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { invalid, notFound, staleVersion } from '../../lib/errors';
import { byOf, peopleByIds, personOf } from '../resumption/people';

export type FormRow = typeof schema.reportForms.$inferSelect;
/** A form version as the rules use it. */
export type Form = ReportFormDef & { version: number };

/** When the default form counts as written (the daily report started on 2020-02-01). */
const DEFAULT_FORM_AT = new Date('2020-01-31T09:00:00+08:00');

const EXPECTED_RULE =
  'Enterprises resumed on the day (from their resumption date; not while suspended or closed) / 当日处于已复工状态的企业（自复工之日起，停工、关闭期间除外）';

export const toForm = (r: FormRow): Form => ({
  version: r.version,
  fields: r.fields,
  rules: r.rules,
  deadline: r.deadline,
  lockAfterDays: r.lockAfterDays,
});

/** Writes form version 1 (the default form) when no version exists. Runs with the reference data. */
export async function ensureDefaultForm(conn: Conn): Promise<void> {
  await conn
    .insert(schema.reportForms)
    .values({ version: 1, ...DEFAULT_FORM, note: 'default', createdAt: DEFAULT_FORM_AT })
    .onConflictDoNothing();
}

/** The form version in force (the newest). */
export async function loadCurrentForm(conn: Conn): Promise<FormRow> {
  const [row] = await conn
    .select()
    .from(schema.reportForms)
    .orderBy(desc(schema.reportForms.version))
    .limit(1);
  if (row) return row;
  await ensureDefaultForm(conn);
  return loadCurrentForm(conn);
}

/** Form versions by number, for presenting reports filed under older versions. */
export async function loadForm(conn: Conn, version: number): Promise<FormRow> {
  const [row] = await conn
    .select()
    .from(schema.reportForms)
    .where(eq(schema.reportForms.version, version))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

async function present(ctx: Ctx, row: FormRow): Promise<ReportFormView> {
  const people = await peopleByIds(ctx.db, [row.createdBy]);
  return {
    version: row.version,
    fields: row.fields.map((f) => ({ ...f, min: f.min ?? null, max: f.max ?? null })),
    rules: row.rules,
    deadline: row.deadline,
    lockAfterDays: row.lockAfterDays,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    createdBy: personOf(people, row.createdBy),
    expectedRule: EXPECTED_RULE,
  };
}

export async function getCurrentForm(ctx: Ctx): Promise<ReportFormView> {
  return present(ctx, await loadCurrentForm(ctx.db));
}

export async function getFormVersion(ctx: Ctx, version: number): Promise<ReportFormView> {
  return present(ctx, await loadForm(ctx.db, version));
}

/**
 * Saves a new version of the form (commander). `version` must be the one in force (else 409), so
 * two people editing at once cannot silently overwrite each other. Past reports keep theirs.
 */
export async function saveForm(ctx: Ctx, input: ReportFormInput): Promise<ReportFormView> {
  actorOf(ctx);
  const def: ReportFormDef = {
    fields: input.fields,
    rules: input.rules,
    deadline: input.deadline,
    lockAfterDays: input.lockAfterDays,
  };
  const issues = validateForm(def);
  if (issues.length) throw invalid(issues);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await loadCurrentForm(tx);
    if (current.version !== input.version) throw staleVersion(current.version);
    const [created] = await tx
      .insert(schema.reportForms)
      .values({
        version: current.version + 1,
        ...def,
        note: input.note ?? null,
        createdAt: ctx.clock.now(),
        createdBy: byOf(ctx),
      })
      .onConflictDoNothing()
      .returning();
    // Someone else saved the same next version between our read and write.
    if (!created) throw staleVersion(current.version + 1);
    await audit(tx, ctx, {
      action: 'reportForm.save',
      entity: 'report_form',
      entityId: created.version,
      before: toForm(current),
      after: toForm(created),
    });
    return created;
  });
  return present(ctx, row);
}
