import { and, eq, type SQL, sql } from 'drizzle-orm';
import { DEMAND_CATEGORY_LABELS, type DemandCategory, demandRate } from '../../../shared/demands';
import type { DemandStats, DemandStatsCounts, DemandStatsQuery } from '../../../shared/schemas/demands';
import { num, schema } from '../../db/client';
import { actorOf, type Ctx } from '../../lib/context';
import { invalid } from '../../lib/errors';
import { addTableSheet, newWorkbook, workbookBuffer } from '../../lib/excel';
import { divisionCondition } from '../hazards/service';
import { overdueSql } from './service';

const d = schema.demands;
const e = schema.enterprises;

type Raw = Omit<DemandStatsCounts, 'closedRate' | 'solvedRate' | 'meanSatisfaction' | 'reopenRate'> & {
  ratingSum: number;
};

function finish(r: Raw): DemandStatsCounts {
  const { ratingSum, ...c } = r;
  return {
    ...c,
    closedRate: demandRate(c.closed, c.received),
    solvedRate: demandRate(c.solved, c.received),
    meanSatisfaction: c.rated ? Math.round((ratingSum / c.rated) * 100) / 100 : null,
    reopenRate: demandRate(c.reopened, c.received),
  };
}

const EMPTY: Raw = {
  received: 0,
  accepted: 0,
  acceptedOnTime: 0,
  resolved: 0,
  resolvedOnTime: 0,
  closed: 0,
  solved: 0,
  rated: 0,
  ratingSum: 0,
  reopened: 0,
  overdue: 0,
};

/**
 * Demands raised in [from, to] (in the actor's scope) and how they stand now, grouped by lead
 * department, category or district. Closed (办结: confirmed or closed automatically) and solved (解决:
 * the enterprise confirmed it solved) are counted apart, both over the demands received; the mean
 * satisfaction counts only the enterprises' ratings, never an automatic closure. Departments are
 * ranked by solved rate, then satisfaction, then on-time resolution.
 */
export async function demandStats(ctx: Ctx, q: DemandStatsQuery): Promise<DemandStats> {
  const today = ctx.clock.today();
  const to = q.to ?? today;
  if (q.from && q.from > to) throw invalid([{ path: 'to', reason: 'date_range' }]);
  const where = and(
    ctx.scoper.demands(actorOf(ctx)),
    q.from ? sql`${d.raisedOn} >= ${q.from}` : undefined,
    sql`${d.raisedOn} <= ${to}`,
    q.category ? eq(d.category, q.category) : undefined,
    q.department
      ? sql`(${d.leadDepartment} = ${q.department} or ${q.department} = any(${d.coDepartments}))`
      : undefined,
    q.division ? divisionCondition(ctx, q.division) : undefined,
  );
  const f = (c: SQL) => sql<number>`count(*) filter (where ${c})`;
  const metrics = {
    received: sql<number>`count(*)`,
    accepted: f(sql`${d.acceptedAt} is not null`),
    acceptedOnTime: f(sql`${d.acceptedOnTime}`),
    resolved: f(sql`${d.resolvedAt} is not null`),
    resolvedOnTime: f(sql`${d.resolvedOnTime}`),
    closed: f(sql`${d.status} = 'closed'`),
    solved: f(sql`${d.status} = 'closed' and ${d.closure} = 'confirmed' and ${d.solved}`),
    rated: f(sql`${d.closure} = 'confirmed' and ${d.rating} is not null`),
    ratingSum: sql<number>`coalesce(sum(${d.rating}) filter (where ${d.closure} = 'confirmed'), 0)`,
    reopened: f(sql`${d.reopenCount} > 0`),
    overdue: f(overdueSql(today)),
  };
  const key =
    q.groupBy === 'department'
      ? sql<string>`${d.leadDepartment}`
      : q.groupBy === 'category'
        ? sql<string>`${d.category}`
        : sql<string>`${e.divisionCode}`;
  const [grouped, [total]] = await Promise.all([
    ctx.db
      .select({ key, ...metrics })
      .from(d)
      .innerJoin(e, eq(e.id, d.enterpriseId))
      .where(where)
      .groupBy(key),
    ctx.db.select(metrics).from(d).innerJoin(e, eq(e.id, d.enterpriseId)).where(where),
  ]);
  const toRaw = (r: Record<string, unknown>): Raw =>
    Object.fromEntries(Object.keys(EMPTY).map((k) => [k, num(r[k])])) as Raw;
  const en = ctx.locale === 'en';
  const name = (k: string) => {
    if (q.groupBy === 'department') {
      const dep = ctx.ref.departments.get(k);
      return dep ? (en ? dep.nameEn : dep.name) : k;
    }
    if (q.groupBy === 'category') return DEMAND_CATEGORY_LABELS[k as DemandCategory]?.[ctx.locale] ?? k;
    return ctx.tree.name(k, ctx.locale) ?? k;
  };
  const rows = grouped.map((r) => ({ key: String(r.key), name: name(String(r.key)), ...finish(toRaw(r)) }));
  const score = (r: DemandStatsCounts) =>
    [r.solvedRate ?? -1, r.meanSatisfaction ?? -1, demandRate(r.resolvedOnTime, r.received) ?? -1] as const;
  const better = (a: DemandStatsCounts, b: DemandStatsCounts) => {
    const [x, y] = [score(a), score(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return 0;
  };
  let ranked: (DemandStats['rows'][number] & {})[];
  if (q.groupBy === 'department') {
    const sorted = [...rows].sort((a, b) => better(a, b) || a.key.localeCompare(b.key));
    ranked = sorted.map((r, i) => ({ ...r, rank: i + 1 }));
  } else {
    ranked = rows
      .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key))
      .map((r) => ({ ...r, rank: null }));
  }
  return {
    from: q.from ?? null,
    to,
    groupBy: q.groupBy,
    rows: ranked,
    totals: finish(total ? toRaw(total) : EMPTY),
  };
}

const GROUP_TITLES = {
  department: { 'zh-CN': '部门', en: 'Department' },
  category: { 'zh-CN': '诉求类别', en: 'Category' },
  division: { 'zh-CN': '县区', en: 'District' },
} as const;

/** The statistics as a formatted .xlsx: a title with the range, counts, percentages, the ranking. */
export async function demandStatsXlsx(ctx: Ctx, q: DemandStatsQuery): Promise<{ buf: Buffer; name: string }> {
  const s = await demandStats(ctx, q);
  const en = ctx.locale === 'en';
  const range = s.from ? `${s.from} ${en ? 'to' : '至'} ${s.to}` : `${en ? 'up to' : '截至'} ${s.to}`;
  const group = GROUP_TITLES[s.groupBy][ctx.locale];
  const title = en
    ? `Enterprise demands by ${group.toLowerCase()}, raised ${range}`
    : `企业诉求办理情况统计（按${group}），${range}`;
  const pct = '0.0%';
  const L = (zh: string, enText: string) => (en ? enText : zh);
  const columns = [
    ...(s.groupBy === 'department' ? [{ header: L('排名', 'Rank'), key: 'rank', width: 7 }] : []),
    { header: group, key: 'name', width: 34 },
    { header: L('受理量', 'Received'), key: 'received', width: 10 },
    { header: L('按时受理', 'Accepted on time'), key: 'acceptedOnTime', width: 12 },
    { header: L('按时办结', 'Resolved on time'), key: 'resolvedOnTime', width: 12 },
    { header: L('办结数', 'Closed'), key: 'closed', width: 10 },
    { header: L('办结率', 'Closed rate'), key: 'closedRate', width: 10, numFmt: pct },
    { header: L('解决数', 'Solved'), key: 'solved', width: 10 },
    { header: L('解决率', 'Solved rate'), key: 'solvedRate', width: 10, numFmt: pct },
    {
      header: L('平均满意度（1–5）', 'Mean satisfaction (1–5)'),
      key: 'meanSatisfaction',
      width: 14,
      numFmt: '0.00',
    },
    { header: L('重办率', 'Reopen rate'), key: 'reopenRate', width: 10, numFmt: pct },
    { header: L('当前超期', 'Overdue now'), key: 'overdue', width: 10 },
  ];
  const data = [...s.rows.map((r) => ({ ...r })), { ...s.totals, rank: null, name: L('合计', 'Total') }];
  const wb = newWorkbook();
  const ws = addTableSheet(wb, L('诉求统计', 'Demands'), title, columns, data);
  ws.getRow(ws.rowCount).font = { bold: true };
  const name = en ? `demands-by-${s.groupBy}-${s.to}.xlsx` : `企业诉求统计-${group}-${s.to}.xlsx`;
  return { buf: await workbookBuffer(wb), name };
}
