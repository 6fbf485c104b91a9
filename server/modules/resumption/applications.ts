import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { can } from '../../../shared/access';
import type { ApplicationStatus } from '../../../shared/enums';
import { phaseOpenOn } from '../../../shared/phases';
import { applicationAllows, daysBetween, missingItems, nextStatus } from '../../../shared/resumption';
import type {
  ApplicationContent,
  ApplicationCreateInput,
  ApplicationDetail,
  ApplicationListQuery,
  ApplicationUpdateInput,
  ApplicationView,
  ReviewInput,
  VerifyInput,
} from '../../../shared/schemas/resumption';
import { findScopedEnterprise } from '../../access/scope';
import { shanghaiDate } from '../../clock';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, invalid, notFound, staleVersion } from '../../lib/errors';
import { assertAttachmentIds } from '../attachments/service';
import { listWhere } from '../enterprises/service';
import { byOf, peopleByIds, personOf } from './people';
import { loadPhaseBook, matchOf } from './phases';
import { currentStatus, invalidTransition, recordStatus } from './status';

const apps = schema.resumptionApplications;
const ents = schema.enterprises;
type AppRow = typeof apps.$inferSelect;
type EnterpriseRow = typeof ents.$inferSelect;
type Loaded = { app: AppRow; ent: EnterpriseRow };

/** Applications still in the enterprise's hands or the district's (one per enterprise at a time). */
const OPEN: ApplicationStatus[] = ['draft', 'submitted', 'returned'];
const DECIDED = { approve: 'approved', return: 'returned' } as const;

/** Loads an application whose enterprise is in the actor's scope; outside it is 404. */
async function loadScoped(conn: Conn, ctx: Ctx, id: number): Promise<Loaded> {
  const scope = ctx.scoper.enterprises(actorOf(ctx));
  const [hit] = await conn
    .select({ app: apps, ent: ents })
    .from(apps)
    .innerJoin(ents, eq(ents.id, apps.enterpriseId))
    .where(scope ? and(eq(apps.id, id), scope) : eq(apps.id, id))
    .limit(1);
  if (!hit) throw notFound();
  return hit;
}

function contentOf(app: AppRow): ApplicationContent {
  return { plannedDate: app.plannedDate, ...app.content };
}

function abilitiesFor(ctx: Ctx, app: AppRow, ent: EnterpriseRow): string[] {
  const actor = actorOf(ctx);
  const out: string[] = [];
  if (can(actor.role, 'resumption.apply') && applicationAllows(app.status, 'edit'))
    out.push('edit', 'submit');
  if (
    can(actor.role, 'resumption.review') &&
    app.status === 'submitted' &&
    ctx.scoper.divisionInScope(actor, ent.divisionCode)
  )
    out.push('review');
  if (can(actor.role, 'resumption.verify') && applicationAllows(app.status, 'verify')) out.push('verify');
  return out;
}

type VerificationRow = typeof schema.resumptionVerifications.$inferSelect;

async function latestVerifications(conn: Conn, appIds: number[]): Promise<Map<number, VerificationRow>> {
  if (!appIds.length) return new Map();
  const v = schema.resumptionVerifications;
  const found = await conn
    .selectDistinctOn([v.applicationId])
    .from(v)
    .where(inArray(v.applicationId, appIds))
    .orderBy(v.applicationId, desc(v.id));
  return new Map(found.map((r) => [r.applicationId, r]));
}

/** Presents a page of applications with their phase and verification state, in a few queries. */
async function present(ctx: Ctx, conn: Conn, list: Loaded[]): Promise<ApplicationView[]> {
  if (!list.length) return [];
  const today = ctx.clock.today();
  const [book, verifs] = await Promise.all([
    loadPhaseBook(
      conn,
      list.map((x) => x.ent.id),
    ),
    latestVerifications(
      conn,
      list.map((x) => x.app.id),
    ),
  ]);
  const people = await peopleByIds(conn, [
    ...list.map((x) => x.app.createdBy),
    ...[...verifs.values()].map((v) => v.by),
  ]);
  const en = ctx.locale === 'en';
  return list.map(({ app, ent }) => {
    const m = matchOf(book, ent);
    const division = ctx.tree.get(ent.divisionCode);
    const v = verifs.get(app.id);
    const submittedDay = app.submittedAt ? shanghaiDate(app.submittedAt) : null;
    return {
      id: app.id,
      enterpriseId: ent.id,
      enterpriseName: ent.name,
      divisionCode: ent.divisionCode,
      divisionName: division ? (en ? division.nameEn : division.name) : ent.divisionCode,
      status: app.status,
      plannedDate: app.plannedDate,
      workforce: app.content.workforce ?? {},
      prevention: app.content.prevention ?? {},
      safety: app.content.safety ?? {},
      attachmentIds: app.content.attachmentIds ?? [],
      onBehalf: app.onBehalf,
      createdBy: personOf(people, app.createdBy),
      revisionNo: app.revisionNo,
      submittedAt: app.submittedAt?.toISOString() ?? null,
      daysWaiting: app.status === 'submitted' && submittedDay ? daysBetween(submittedDay, today) : null,
      returnReason: app.returnReason,
      reviewedAt: app.reviewedAt?.toISOString() ?? null,
      phase: m.phase
        ? {
            code: m.phase.code,
            name: en && m.phase.nameEn ? m.phase.nameEn : m.phase.name,
            earliestDate: m.phase.earliestDate,
            open: book.exempted.has(ent.id) || phaseOpenOn(m.phase, today),
            requiresVerification: m.phase.requiresVerification,
          }
        : null,
      verification: {
        required: m.phase?.requiresVerification ?? false,
        latest: v
          ? {
              id: v.id,
              revisionNo: v.revisionNo,
              passed: v.passed,
              note: v.note,
              by: personOf(people, v.by),
              at: v.at.toISOString(),
            }
          : null,
      },
      version: app.version,
      createdAt: app.createdAt.toISOString(),
      updatedAt: app.updatedAt.toISOString(),
      abilities: abilitiesFor(ctx, app, ent),
    };
  });
}

async function detail(ctx: Ctx, conn: Conn, loaded: Loaded): Promise<ApplicationDetail> {
  const id = loaded.app.id;
  const r = schema.resumptionApplicationRevisions;
  const rv = schema.resumptionReviews;
  const v = schema.resumptionVerifications;
  const [[view], revisions, reviews, verifications] = await Promise.all([
    present(ctx, conn, [loaded]),
    conn.select().from(r).where(eq(r.applicationId, id)).orderBy(asc(r.revisionNo)),
    conn.select().from(rv).where(eq(rv.applicationId, id)).orderBy(asc(rv.id)),
    conn.select().from(v).where(eq(v.applicationId, id)).orderBy(asc(v.id)),
  ]);
  const people = await peopleByIds(conn, [
    ...revisions.map((x) => x.submittedBy),
    ...reviews.map((x) => x.by),
    ...verifications.map((x) => x.by),
  ]);
  return {
    ...view,
    revisions: revisions.map((x) => ({
      revisionNo: x.revisionNo,
      content: { plannedDate: x.plannedDate, ...x.content },
      onBehalf: x.onBehalf,
      submittedBy: personOf(people, x.submittedBy),
      submittedAt: x.submittedAt.toISOString(),
    })),
    reviews: reviews.map((x) => ({
      id: x.id,
      revisionNo: x.revisionNo,
      decision: x.decision,
      reason: x.reason,
      by: personOf(people, x.by),
      at: x.at.toISOString(),
    })),
    verifications: verifications.map((x) => ({
      id: x.id,
      revisionNo: x.revisionNo,
      passed: x.passed,
      note: x.note,
      by: personOf(people, x.by),
      at: x.at.toISOString(),
    })),
  };
}

export async function getApplication(ctx: Ctx, id: number): Promise<ApplicationDetail> {
  return detail(ctx, ctx.db, await loadScoped(ctx.db, ctx, id));
}

/**
 * The applications in scope. Waiting ones come first, oldest submission first (the district's
 * review queue), then the rest by last change.
 */
export async function listApplications(ctx: Ctx, q: ApplicationListQuery) {
  const conds: (SQL | undefined)[] = [listWhere(ctx, { division: q.division })];
  if (q.status) conds.push(eq(apps.status, q.status));
  if (q.enterpriseId) conds.push(eq(apps.enterpriseId, q.enterpriseId));
  const where = and(...conds);
  const [page, [{ n }]] = await Promise.all([
    ctx.db
      .select({ app: apps, ent: ents })
      .from(apps)
      .innerJoin(ents, eq(ents.id, apps.enterpriseId))
      .where(where)
      .orderBy(
        sql`case when ${apps.status} = 'submitted' then 0 else 1 end`,
        sql`case when ${apps.status} = 'submitted' then ${apps.submittedAt} end asc`,
        desc(apps.updatedAt),
        asc(apps.id),
      )
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(apps).innerJoin(ents, eq(ents.id, apps.enterpriseId)).where(where),
  ]);
  return { items: await present(ctx, ctx.db, page), total: Number(n) };
}

/** Sections given replace the draft's; sections left out stay as they were. */
function merge(app: AppRow | null, input: Partial<ApplicationContent>) {
  const content: AppRow['content'] = { ...app?.content };
  if (input.workforce !== undefined) content.workforce = input.workforce;
  if (input.prevention !== undefined) content.prevention = input.prevention;
  if (input.safety !== undefined) content.safety = input.safety;
  if (input.attachmentIds !== undefined) content.attachmentIds = input.attachmentIds;
  const plannedDate = input.plannedDate !== undefined ? input.plannedDate : (app?.plannedDate ?? null);
  return { plannedDate, content };
}

/**
 * Starts an application as a draft: the enterprise for itself, or its liaison on its behalf. One
 * open application per enterprise; an enterprise that is applied, approved, resumed or closed
 * cannot start one.
 */
export async function createApplication(ctx: Ctx, input: ApplicationCreateInput) {
  const actor = actorOf(ctx);
  const created = await ctx.db.transaction(async (tx) => {
    const ent = await findScopedEnterprise(tx, ctx.scoper, actor, input.enterpriseId);
    if (ent.archivedAt) throw invalidTransition('archived', 'applied', ctx);
    const [open] = await tx
      .select({ id: apps.id })
      .from(apps)
      .where(and(eq(apps.enterpriseId, ent.id), inArray(apps.status, OPEN)))
      .limit(1);
    if (open) throw new AppError(409, 'application_exists', { id: open.id }, { id: open.id });
    const status = await currentStatus(tx, ent.id);
    if (!nextStatus(status, 'submit')) throw invalidTransition(status, 'applied', ctx);
    await assertAttachmentIds(tx, ent.id, input.attachmentIds);
    const now = ctx.clock.now();
    const { plannedDate, content } = merge(null, input);
    const [row] = await tx
      .insert(apps)
      .values({
        enterpriseId: ent.id,
        status: 'draft',
        plannedDate,
        content,
        onBehalf: actor.role === 'liaison',
        createdBy: byOf(ctx),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'resumption.application.create',
      entity: 'resumption_application',
      entityId: row.id,
      after: { enterpriseId: ent.id, onBehalf: row.onBehalf, plannedDate, content },
    });
    return { app: row, ent };
  });
  return detail(ctx, ctx.db, created);
}

/** Edits a draft or a returned application (optimistic `version`). */
export async function updateApplication(ctx: Ctx, id: number, input: ApplicationUpdateInput) {
  const updated = await ctx.db.transaction(async (tx) => {
    const { app, ent } = await loadScoped(tx, ctx, id);
    if (!applicationAllows(app.status, 'edit')) throw invalidTransition(app.status, 'edit', ctx);
    if (app.version !== input.version) throw staleVersion(app.version);
    await assertAttachmentIds(tx, ent.id, input.attachmentIds);
    const { version: _v, ...fields } = input;
    const next = merge(app, fields);
    const [row] = await tx
      .update(apps)
      .set({
        ...next,
        onBehalf: actorOf(ctx).role === 'liaison',
        version: app.version + 1,
        updatedAt: ctx.clock.now(),
      })
      .where(and(eq(apps.id, id), eq(apps.version, input.version)))
      .returning();
    if (!row) throw staleVersion(app.version + 1);
    await audit(tx, ctx, {
      action: 'resumption.application.update',
      entity: 'resumption_application',
      entityId: id,
      before: contentOf(app),
      after: contentOf(row),
    });
    return { app: row, ent };
  });
  return detail(ctx, ctx.db, updated);
}

/**
 * Submits (or resubmits) an application: it must be complete (400 `incomplete_application` lists
 * every missing item); the submitted version is kept as an immutable revision; the enterprise's
 * status becomes "applied".
 */
export async function submitApplication(ctx: Ctx, id: number, input: { version: number }) {
  const done = await ctx.db.transaction(async (tx) => {
    const { app, ent } = await loadScoped(tx, ctx, id);
    if (!applicationAllows(app.status, 'submit')) throw invalidTransition(app.status, 'submitted', ctx);
    if (app.version !== input.version) throw staleVersion(app.version);
    const today = ctx.clock.today();
    const missing = missingItems(contentOf(app), ent, today);
    if (missing.length) throw new AppError(400, 'incomplete_application', { count: missing.length }, missing);
    const status = await recordStatus(tx, ctx, {
      enterpriseId: ent.id,
      event: 'submit',
      effectiveDate: today,
      applicationId: app.id,
    });
    const now = ctx.clock.now();
    const onBehalf = actorOf(ctx).role === 'liaison';
    const revisionNo = app.revisionNo + 1;
    await tx.insert(schema.resumptionApplicationRevisions).values({
      applicationId: app.id,
      revisionNo,
      plannedDate: app.plannedDate,
      content: app.content,
      onBehalf,
      submittedBy: byOf(ctx),
      submittedAt: now,
    });
    const [row] = await tx
      .update(apps)
      .set({
        status: 'submitted',
        revisionNo,
        submittedAt: now,
        onBehalf,
        version: app.version + 1,
        updatedAt: now,
      })
      .where(and(eq(apps.id, id), eq(apps.version, input.version)))
      .returning();
    if (!row) throw staleVersion(app.version + 1);
    await audit(tx, ctx, {
      action: 'resumption.application.submit',
      entity: 'resumption_application',
      entityId: id,
      before: { status: app.status, enterpriseStatus: status.from },
      after: { status: row.status, revisionNo, onBehalf, enterpriseStatus: status.to },
    });
    return { app: row, ent };
  });
  return detail(ctx, ctx.db, done);
}

/**
 * The district's (or commander's) decision. Approval needs the phase to be open today or an
 * exemption (409 `phase_not_open`) and, where the phase says so, a passed on-site verification
 * by someone else (409 `verification_required`; the verifier approving is 403).
 */
export async function reviewApplication(ctx: Ctx, id: number, input: ReviewInput) {
  const actor = actorOf(ctx);
  const done = await ctx.db.transaction(async (tx) => {
    const { app, ent } = await loadScoped(tx, ctx, id);
    if (!ctx.scoper.divisionInScope(actor, ent.divisionCode)) throw notFound();
    if (!applicationAllows(app.status, input.decision))
      throw invalidTransition(app.status, DECIDED[input.decision], ctx);
    const today = ctx.clock.today();
    if (input.decision === 'return' && !input.reason) throw invalid([{ path: 'reason', reason: 'required' }]);
    if (input.decision === 'approve') {
      const book = await loadPhaseBook(tx, [ent.id]);
      const phase = matchOf(book, ent).phase;
      if (!book.exempted.has(ent.id) && !phaseOpenOn(phase, today)) {
        const params = { phase: phase?.name ?? '', date: phase?.earliestDate ?? '—' };
        throw new AppError(409, 'phase_not_open', params, {
          phase: phase?.code,
          earliestDate: phase?.earliestDate,
        });
      }
      const v = schema.resumptionVerifications;
      const verifs = await tx.select().from(v).where(eq(v.applicationId, app.id)).orderBy(desc(v.id));
      if (verifs.some((x) => x.by === actor.id)) throw new AppError(403, 'verifier_cannot_approve');
      // The on-site check must be of the version being approved: a resubmission needs a new visit.
      const current = verifs.find((x) => x.revisionNo === app.revisionNo);
      if (phase?.requiresVerification && !current?.passed) throw new AppError(409, 'verification_required');
    }
    const status = await recordStatus(tx, ctx, {
      enterpriseId: ent.id,
      event: input.decision,
      effectiveDate: today,
      reason: input.reason ?? null,
      applicationId: app.id,
    });
    const now = ctx.clock.now();
    await tx.insert(schema.resumptionReviews).values({
      applicationId: app.id,
      revisionNo: app.revisionNo,
      decision: input.decision,
      reason: input.reason ?? null,
      by: byOf(ctx),
      at: now,
    });
    const [row] = await tx
      .update(apps)
      .set({
        status: input.decision === 'approve' ? 'approved' : 'returned',
        reviewedAt: now,
        reviewedBy: byOf(ctx),
        ...(input.decision === 'return' ? { returnReason: input.reason } : {}),
        version: app.version + 1,
        updatedAt: now,
      })
      .where(and(eq(apps.id, id), eq(apps.status, 'submitted')))
      .returning();
    if (!row) throw invalidTransition(app.status, DECIDED[input.decision], ctx);
    await audit(tx, ctx, {
      action: `resumption.application.${input.decision}`,
      entity: 'resumption_application',
      entityId: id,
      before: { status: app.status, enterpriseStatus: status.from },
      after: { status: row.status, reason: input.reason ?? null, enterpriseStatus: status.to },
    });
    return { app: row, ent };
  });
  return detail(ctx, ctx.db, done);
}

/** A liaison's on-site verification of a submitted application (the first of two people). */
export async function verifyApplication(ctx: Ctx, id: number, input: VerifyInput) {
  const done = await ctx.db.transaction(async (tx) => {
    const loaded = await loadScoped(tx, ctx, id);
    const { app } = loaded;
    if (!applicationAllows(app.status, 'verify')) throw invalidTransition(app.status, 'verify', ctx);
    const [row] = await tx
      .insert(schema.resumptionVerifications)
      .values({
        applicationId: app.id,
        revisionNo: app.revisionNo,
        passed: input.passed,
        note: input.note,
        by: byOf(ctx),
        at: ctx.clock.now(),
      })
      .returning();
    await audit(tx, ctx, {
      action: 'resumption.application.verify',
      entity: 'resumption_application',
      entityId: id,
      after: { verificationId: row.id, revisionNo: row.revisionNo, passed: row.passed, note: row.note },
    });
    return loaded;
  });
  return detail(ctx, ctx.db, done);
}
