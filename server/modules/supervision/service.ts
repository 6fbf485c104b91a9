import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { CITY_CODE } from '../../../shared/data/divisions';
import { SUPERVISION_LINES, type SupervisionLine } from '../../../shared/enums';
import type {
  AssignmentCreateInput,
  GroupCreateInput,
  GroupUpdateInput,
  MemberCreateInput,
  SquadCreateInput,
  SquadListQuery,
  SquadUpdateInput,
  SquadView,
  SupervisionAssignmentView,
  SupervisionGroupView,
  SupervisionMemberView,
  SupervisorCandidate,
  SupervisorCandidateQuery,
} from '../../../shared/schemas/safety';
import { type Conn, schema } from '../../db/client';
import { audit } from '../../lib/audit';
import { actorOf, type Ctx } from '../../lib/context';
import { AppError, type FieldIssue, invalid, notFound, staleVersion } from '../../lib/errors';
import { likePattern } from '../../lib/sql';

type GroupRow = typeof schema.supervisionGroups.$inferSelect;
type SquadRow = typeof schema.supervisionSquads.$inferSelect;

const activeMember = isNull(schema.supervisionMembers.endedAt);
const activeAssignment = isNull(schema.supervisionAssignments.endedAt);

async function loadMembers(
  ctx: Ctx,
  conn: Conn,
  by: { squadIds?: number[]; groupIds?: number[] },
): Promise<SupervisionMemberView[]> {
  const m = schema.supervisionMembers;
  const conds: SQL[] = [];
  if (by.squadIds?.length) conds.push(inArray(m.squadId, by.squadIds));
  if (by.groupIds?.length) conds.push(inArray(m.groupId, by.groupIds));
  if (conds.length === 0) return [];
  const rows = await conn
    .select({ m, username: schema.users.username, displayName: schema.users.displayName })
    .from(m)
    .innerJoin(schema.users, eq(schema.users.id, m.userId))
    .where(and(activeMember, or(...conds)))
    .orderBy(asc(m.id));
  return rows.map(({ m: r, username, displayName }) => {
    const dep = ctx.ref.departments.get(r.departmentCode);
    return {
      id: r.id,
      userId: r.userId,
      username,
      displayName,
      groupId: r.groupId,
      squadId: r.squadId,
      line: r.line,
      departmentCode: r.departmentCode,
      departmentName: dep ? (ctx.locale === 'en' ? dep.nameEn : dep.name) : r.departmentCode,
      lead: r.lead,
      joinedAt: r.joinedAt.toISOString(),
    };
  });
}

async function loadAssignments(
  ctx: Ctx,
  conn: Conn,
  by: { squadIds?: number[]; groupIds?: number[] },
): Promise<SupervisionAssignmentView[]> {
  const a = schema.supervisionAssignments;
  const conds: SQL[] = [];
  if (by.squadIds?.length) conds.push(inArray(a.squadId, by.squadIds));
  if (by.groupIds?.length) conds.push(inArray(a.groupId, by.groupIds));
  if (conds.length === 0) return [];
  // Units are city-wide, but what they cover is not: a district clerk sees the enterprises and
  // divisions of its own territory in a unit's assignments, nobody else's.
  const actor = actorOf(ctx);
  const enterpriseScope = ctx.scoper.byEnterprise(actor, a.enterpriseId);
  const territory = ctx.scoper.territory(actor);
  const rows = await conn
    .select({ a, enterpriseName: schema.enterprises.name })
    .from(a)
    .leftJoin(schema.enterprises, eq(schema.enterprises.id, a.enterpriseId))
    .where(
      and(activeAssignment, or(...conds), enterpriseScope && or(isNull(a.enterpriseId), enterpriseScope)),
    )
    .orderBy(asc(a.id));
  const related = (code: string | null) =>
    !code || !territory || code.startsWith(territory) || territory.startsWith(code);
  return rows
    .filter(({ a: r }) => related(r.divisionCode))
    .map(({ a: r, enterpriseName }) => ({
      id: r.id,
      groupId: r.groupId,
      squadId: r.squadId,
      divisionCode: r.divisionCode,
      divisionName: ctx.tree.name(r.divisionCode, ctx.locale),
      enterpriseId: r.enterpriseId,
      enterpriseName: enterpriseName ?? null,
      reason: r.reason,
      assignedAt: r.assignedAt.toISOString(),
    }));
}

async function presentGroups(ctx: Ctx, conn: Conn, groups: GroupRow[]): Promise<SupervisionGroupView[]> {
  const ids = groups.map((g) => g.id);
  if (ids.length === 0) return [];
  const sq = schema.supervisionSquads;
  const [members, assignments, counts] = await Promise.all([
    loadMembers(ctx, conn, { groupIds: ids }),
    loadAssignments(ctx, conn, { groupIds: ids }),
    conn
      .select({ groupId: sq.groupId, n: count() })
      .from(sq)
      .where(inArray(sq.groupId, ids))
      .groupBy(sq.groupId),
  ]);
  const squadCount = new Map(counts.map((c) => [c.groupId, Number(c.n)]));
  return groups.map((g) => ({
    id: g.id,
    code: g.code,
    name: g.name,
    nameEn: g.nameEn,
    sort: g.sort,
    squadCount: squadCount.get(g.id) ?? 0,
    members: members.filter((m) => m.groupId === g.id),
    assignments: assignments.filter((a) => a.groupId === g.id),
    version: g.version,
  }));
}

async function presentSquads(ctx: Ctx, conn: Conn, squads: SquadRow[]): Promise<SquadView[]> {
  const ids = squads.map((s) => s.id);
  if (ids.length === 0) return [];
  const groupIds = [...new Set(squads.map((s) => s.groupId))];
  const [members, assignments, groups] = await Promise.all([
    loadMembers(ctx, conn, { squadIds: ids }),
    loadAssignments(ctx, conn, { squadIds: ids }),
    conn.select().from(schema.supervisionGroups).where(inArray(schema.supervisionGroups.id, groupIds)),
  ]);
  const groupName = new Map(groups.map((g) => [g.id, ctx.locale === 'en' && g.nameEn ? g.nameEn : g.name]));
  return squads.map((s) => {
    const mine = members.filter((m) => m.squadId === s.id);
    const present = new Set(mine.map((m) => m.line));
    return {
      id: s.id,
      groupId: s.groupId,
      groupName: groupName.get(s.groupId) ?? '',
      code: s.code,
      name: s.name,
      lines: SUPERVISION_LINES.filter((l) => present.has(l)) as SupervisionLine[],
      members: mine,
      assignments: assignments.filter((a) => a.squadId === s.id),
      version: s.version,
    };
  });
}

export async function listGroups(ctx: Ctx) {
  const scope = ctx.scoper.supervisionUnits(actorOf(ctx)).groups;
  const g = schema.supervisionGroups;
  const rows = await ctx.db.select().from(g).where(scope).orderBy(asc(g.sort), asc(g.id));
  return { items: await presentGroups(ctx, ctx.db, rows), total: rows.length };
}

async function findGroup(ctx: Ctx, conn: Conn, id: number): Promise<GroupRow> {
  const scope = ctx.scoper.supervisionUnits(actorOf(ctx)).groups;
  const g = schema.supervisionGroups;
  const [row] = await conn
    .select()
    .from(g)
    .where(and(eq(g.id, id), scope))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

export async function getGroup(ctx: Ctx, id: number) {
  const [view] = await presentGroups(ctx, ctx.db, [await findGroup(ctx, ctx.db, id)]);
  return view;
}

export async function listSquads(ctx: Ctx, q: SquadListQuery) {
  const s = schema.supervisionSquads;
  const conds: (SQL | undefined)[] = [ctx.scoper.supervisionUnits(actorOf(ctx)).squads];
  if (q.group) conds.push(eq(s.groupId, q.group));
  if (q.q) conds.push(or(ilike(s.name, likePattern(q.q)), ilike(s.code, likePattern(q.q))));
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select()
      .from(s)
      .where(where)
      .orderBy(asc(s.code), asc(s.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(s).where(where),
  ]);
  return { items: await presentSquads(ctx, ctx.db, rows), total: Number(n) };
}

async function findSquad(ctx: Ctx, conn: Conn, id: number): Promise<SquadRow> {
  const scope = ctx.scoper.supervisionUnits(actorOf(ctx)).squads;
  const s = schema.supervisionSquads;
  const [row] = await conn
    .select()
    .from(s)
    .where(and(eq(s.id, id), scope))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

export async function getSquad(ctx: Ctx, id: number) {
  const [view] = await presentSquads(ctx, ctx.db, [await findSquad(ctx, ctx.db, id)]);
  return view;
}

/**
 * Supervisor accounts to put into a unit, searched by name or username, each with the units it
 * serves in now (so the commander sees who is already busy). Only the commander manages units.
 */
export async function listCandidates(ctx: Ctx, q: SupervisorCandidateQuery) {
  const u = schema.users;
  const conds: (SQL | undefined)[] = [eq(u.role, 'supervisor')];
  if (q.q) conds.push(sql`lower(${u.displayName} || ' ' || ${u.username}) like ${likePattern(q.q)}`);
  const where = and(...conds);
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        departmentCode: u.departmentCode,
        disabled: u.disabled,
      })
      .from(u)
      .where(where)
      .orderBy(asc(u.username), asc(u.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(u).where(where),
  ]);
  const m = schema.supervisionMembers;
  const g = schema.supervisionGroups;
  const sq = schema.supervisionSquads;
  const memberships = rows.length
    ? await ctx.db
        .select({
          userId: m.userId,
          squadId: m.squadId,
          groupId: m.groupId,
          squadName: sq.name,
          groupName: g.name,
          groupNameEn: g.nameEn,
        })
        .from(m)
        .leftJoin(sq, eq(sq.id, m.squadId))
        .leftJoin(g, eq(g.id, m.groupId))
        .where(
          and(
            activeMember,
            inArray(
              m.userId,
              rows.map((r) => r.id),
            ),
          ),
        )
        .orderBy(asc(m.id))
    : [];
  const items: SupervisorCandidate[] = rows.map((r) => {
    const dep = r.departmentCode ? ctx.ref.departments.get(r.departmentCode) : undefined;
    return {
      ...r,
      departmentName: dep ? (ctx.locale === 'en' ? dep.nameEn : dep.name) : null,
      units: memberships
        .filter((x) => x.userId === r.id)
        .map((x) =>
          x.squadId !== null
            ? { kind: 'squad' as const, id: x.squadId, name: x.squadName ?? '' }
            : {
                kind: 'group' as const,
                id: x.groupId!,
                name: (ctx.locale === 'en' && x.groupNameEn ? x.groupNameEn : x.groupName) ?? '',
              },
        ),
    };
  });
  return { items, total: Number(n) };
}

export async function createGroup(ctx: Ctx, input: GroupCreateInput) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.supervisionGroups)
      .values({
        code: input.code,
        name: input.name,
        nameEn: input.nameEn ?? '',
        sort: input.sort ?? 0,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'supervision.group.create',
      entity: 'supervision_group',
      entityId: row.id,
      after: row,
    });
    const [view] = await presentGroups(ctx, tx, [row]);
    return view;
  });
}

export async function updateGroup(ctx: Ctx, id: number, input: GroupUpdateInput) {
  const { version, ...patch } = input;
  return ctx.db.transaction(async (tx) => {
    const row = await findGroup(ctx, tx, id);
    if (row.version !== version) throw staleVersion(row.version);
    const [updated] = await tx
      .update(schema.supervisionGroups)
      .set({ ...patch, version: row.version + 1, updatedAt: ctx.clock.now() })
      .where(and(eq(schema.supervisionGroups.id, id), eq(schema.supervisionGroups.version, version)))
      .returning();
    if (!updated) throw staleVersion(row.version + 1);
    await audit(tx, ctx, {
      action: 'supervision.group.update',
      entity: 'supervision_group',
      entityId: id,
      before: row,
      after: updated,
    });
    const [view] = await presentGroups(ctx, tx, [updated]);
    return view;
  });
}

async function groupExists(conn: Conn, id: number): Promise<boolean> {
  const [g] = await conn
    .select({ id: schema.supervisionGroups.id })
    .from(schema.supervisionGroups)
    .where(eq(schema.supervisionGroups.id, id));
  return !!g;
}

async function squadExists(conn: Conn, id: number): Promise<boolean> {
  const [s] = await conn
    .select({ id: schema.supervisionSquads.id })
    .from(schema.supervisionSquads)
    .where(eq(schema.supervisionSquads.id, id));
  return !!s;
}

export async function createSquad(ctx: Ctx, input: SquadCreateInput) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    if (!(await groupExists(tx, input.groupId))) {
      throw invalid([{ path: 'groupId', reason: 'unknown_group', params: { value: input.groupId } }]);
    }
    const [row] = await tx
      .insert(schema.supervisionSquads)
      .values({ groupId: input.groupId, code: input.code, name: input.name, createdAt: now, updatedAt: now })
      .returning();
    await audit(tx, ctx, {
      action: 'supervision.squad.create',
      entity: 'supervision_squad',
      entityId: row.id,
      after: row,
    });
    const [view] = await presentSquads(ctx, tx, [row]);
    return view;
  });
}

export async function updateSquad(ctx: Ctx, id: number, input: SquadUpdateInput) {
  const { version, ...patch } = input;
  return ctx.db.transaction(async (tx) => {
    const row = await findSquad(ctx, tx, id);
    if (row.version !== version) throw staleVersion(row.version);
    if (patch.groupId !== undefined && !(await groupExists(tx, patch.groupId))) {
      throw invalid([{ path: 'groupId', reason: 'unknown_group', params: { value: patch.groupId } }]);
    }
    const [updated] = await tx
      .update(schema.supervisionSquads)
      .set({ ...patch, version: row.version + 1, updatedAt: ctx.clock.now() })
      .where(and(eq(schema.supervisionSquads.id, id), eq(schema.supervisionSquads.version, version)))
      .returning();
    if (!updated) throw staleVersion(row.version + 1);
    await audit(tx, ctx, {
      action: 'supervision.squad.update',
      entity: 'supervision_squad',
      entityId: id,
      before: row,
      after: updated,
    });
    const [view] = await presentSquads(ctx, tx, [updated]);
    return view;
  });
}

function oneOf(a: unknown, b: unknown, paths: [string, string]): FieldIssue[] {
  if ((a === undefined) !== (b === undefined)) return [];
  return [{ path: paths[0], reason: 'one_of', params: { options: paths.join(' / ') } }];
}

export async function addMember(ctx: Ctx, input: MemberCreateInput) {
  const issues = oneOf(input.squadId, input.groupId, ['squadId', 'groupId']);
  if (!ctx.ref.departments.has(input.departmentCode)) {
    issues.push({
      path: 'departmentCode',
      reason: 'unknown_department',
      params: { value: input.departmentCode },
    });
  }
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(schema.users).where(eq(schema.users.id, input.userId));
    if (!user) issues.push({ path: 'userId', reason: 'unknown_user', params: { value: input.userId } });
    else if (user.role !== 'supervisor')
      issues.push({ path: 'userId', reason: 'not_supervisor', params: { value: user.username } });
    if (input.squadId !== undefined && !(await squadExists(tx, input.squadId)))
      issues.push({ path: 'squadId', reason: 'unknown_squad', params: { value: input.squadId } });
    if (input.groupId !== undefined && !(await groupExists(tx, input.groupId)))
      issues.push({ path: 'groupId', reason: 'unknown_group', params: { value: input.groupId } });
    if (issues.length) throw invalid(issues);
    const m = schema.supervisionMembers;
    const [dup] = await tx
      .select({ id: m.id })
      .from(m)
      .where(
        and(
          eq(m.userId, input.userId),
          activeMember,
          input.squadId !== undefined ? eq(m.squadId, input.squadId) : eq(m.groupId, input.groupId!),
        ),
      );
    if (dup) {
      throw new AppError(409, 'duplicate', { what: user!.username }, [
        { path: 'userId', reason: 'already_member' },
      ]);
    }
    const [row] = await tx
      .insert(m)
      .values({
        userId: input.userId,
        squadId: input.squadId ?? null,
        groupId: input.groupId ?? null,
        line: input.line,
        departmentCode: input.departmentCode,
        lead: input.lead ?? false,
        joinedAt: ctx.clock.now(),
      })
      .returning();
    await audit(tx, ctx, {
      action: 'supervision.member.add',
      entity: 'supervision_member',
      entityId: row.id,
      after: row,
    });
    const views = await loadMembers(
      ctx,
      tx,
      row.squadId ? { squadIds: [row.squadId] } : { groupIds: [row.groupId!] },
    );
    return views.find((v) => v.id === row.id)!;
  });
}

export async function endMember(ctx: Ctx, id: number) {
  return ctx.db.transaction(async (tx) => {
    const m = schema.supervisionMembers;
    const [row] = await tx
      .select()
      .from(m)
      .where(and(eq(m.id, id), activeMember));
    if (!row) throw notFound();
    const [ended] = await tx.update(m).set({ endedAt: ctx.clock.now() }).where(eq(m.id, id)).returning();
    await audit(tx, ctx, {
      action: 'supervision.member.end',
      entity: 'supervision_member',
      entityId: id,
      before: row,
      after: ended,
    });
    return { ok: true as const };
  });
}

export async function addAssignment(ctx: Ctx, input: AssignmentCreateInput) {
  const issues = [
    ...oneOf(input.squadId, input.groupId, ['squadId', 'groupId']),
    ...oneOf(input.divisionCode, input.enterpriseId, ['divisionCode', 'enterpriseId']),
  ];
  if (input.divisionCode !== undefined && !ctx.tree.get(input.divisionCode)) {
    issues.push({ path: 'divisionCode', reason: 'unknown_division', params: { value: input.divisionCode } });
  }
  return ctx.db.transaction(async (tx) => {
    if (input.squadId !== undefined && !(await squadExists(tx, input.squadId)))
      issues.push({ path: 'squadId', reason: 'unknown_squad', params: { value: input.squadId } });
    if (input.groupId !== undefined && !(await groupExists(tx, input.groupId)))
      issues.push({ path: 'groupId', reason: 'unknown_group', params: { value: input.groupId } });
    if (input.enterpriseId !== undefined) {
      const [e] = await tx
        .select({ id: schema.enterprises.id })
        .from(schema.enterprises)
        .where(eq(schema.enterprises.id, input.enterpriseId));
      if (!e)
        issues.push({
          path: 'enterpriseId',
          reason: 'unknown_enterprise',
          params: { value: input.enterpriseId },
        });
    }
    if (issues.length) throw invalid(issues);
    const [row] = await tx
      .insert(schema.supervisionAssignments)
      .values({
        squadId: input.squadId ?? null,
        groupId: input.groupId ?? null,
        divisionCode: input.divisionCode ?? null,
        enterpriseId: input.enterpriseId ?? null,
        reason: input.reason ?? null,
        assignedAt: ctx.clock.now(),
      })
      .returning();
    await audit(tx, ctx, {
      action: 'supervision.assignment.add',
      entity: 'supervision_assignment',
      entityId: row.id,
      after: row,
    });
    const views = await loadAssignments(
      ctx,
      tx,
      row.squadId ? { squadIds: [row.squadId] } : { groupIds: [row.groupId!] },
    );
    return views.find((v) => v.id === row.id)!;
  });
}

export async function endAssignment(ctx: Ctx, id: number) {
  return ctx.db.transaction(async (tx) => {
    const a = schema.supervisionAssignments;
    const [row] = await tx
      .select()
      .from(a)
      .where(and(eq(a.id, id), activeAssignment));
    if (!row) throw notFound();
    const [ended] = await tx.update(a).set({ endedAt: ctx.clock.now() }).where(eq(a.id, id)).returning();
    await audit(tx, ctx, {
      action: 'supervision.assignment.end',
      entity: 'supervision_assignment',
      entityId: id,
      before: row,
      after: ended,
    });
    return { ok: true as const };
  });
}

/**
 * The squad an inspector acts for at an enterprise: one of their squads whose assignment names
 * the enterprise or its division (town, district or the city), else any of their squads.
 */
export async function squadFor(
  conn: Conn,
  userId: number,
  ent: { id: number; divisionCode: string; townCode: string | null },
): Promise<number | null> {
  const m = schema.supervisionMembers;
  const a = schema.supervisionAssignments;
  const rowsOut = await conn
    .select({ squadId: m.squadId, covers: a.id })
    .from(m)
    .leftJoin(
      a,
      and(
        eq(a.squadId, m.squadId),
        isNull(a.endedAt),
        or(
          eq(a.enterpriseId, ent.id),
          inArray(a.divisionCode, [ent.divisionCode, ent.townCode ?? ent.divisionCode, CITY_CODE]),
        ),
      ),
    )
    .where(and(eq(m.userId, userId), activeMember, isNotNull(m.squadId)))
    .orderBy(asc(m.id));
  return (rowsOut.find((r) => r.covers !== null) ?? rowsOut[0])?.squadId ?? null;
}
