/**
 * The demo city's safety line (SOURCE.md part 2): 8 city supervision groups and 247 three-in-one
 * squads, checklist templates, inspections through February and March 2020, the 3,800-odd hazards
 * they found and how far each got by the scenario clock (2020-03-10 09:00), two special campaigns
 * and every enterprise's four levels of responsibility. Deterministic: its own seeded PRNG stream.
 */

import { DISTRICTS } from '../../shared/data/divisions';
import { isIndustrial } from '../../shared/data/industries';
import type {
  EscalationLevel,
  HazardCategory,
  HazardLine,
  HazardSeverity,
  HazardStatus,
  SupervisionLine,
} from '../../shared/enums';
import { defaultDeadline, escalationDates } from '../../shared/hazards';
import { addCalendarDays, isWorkday } from '../../shared/workdays';
import { DEFAULT_SCENARIO_START, shanghaiDate, shanghaiInstant } from '../clock';
import { schema, type Tx } from '../db/client';
import type { HazardDraftData, ResponsibilityPost } from '../db/schema/safety';
import type { Ctx } from '../lib/context';
import { hashPassword } from '../lib/passwords';
import { suggestedDepartment } from '../modules/responsibility/service';
import { peopleByIds } from '../modules/resumption/people';
import { createRng, DEMO_SEED, type DemoEnterprise, generateLiaisonNames, type Rng } from './generate';

export const DEMO_GROUPS = 8;
export const DEMO_SQUADS = 247;
/** Hazards the generator aims at (SOURCE.md: "more than 3,800"). */
export const DEMO_HAZARD_TARGET = 3860;

type Progress = (phase: string, done: number, total: number) => void;

interface ChecklistItemSeed {
  label: string;
  labelEn: string;
  category: HazardCategory;
  defaultSeverity: HazardSeverity;
}

const item = (
  category: HazardCategory,
  label: string,
  labelEn: string,
  defaultSeverity: HazardSeverity = 'general',
): ChecklistItemSeed => ({ category, label, labelEn, defaultSeverity });

/** The epidemic-line checklist (version 2 added the returning-worker records on 2020-02-20). */
export const EPIDEMIC_ITEMS: ChecklistItemSeed[] = [
  item(
    'prevention_education',
    '开展全员疫情防控知识教育，张贴防控须知',
    'All staff trained on epidemic prevention; notices posted',
  ),
  item(
    'screening',
    '建立员工健康排查登记台账，逐人排查旅居史',
    'Health screening and registration of every employee, travel history checked',
  ),
  item(
    'temperature',
    '厂区出入口设置测温点，体温逐人检测登记',
    'Temperature checked and logged for everyone at each entrance',
  ),
  item(
    'supplies',
    '口罩、消毒液等防疫物资储备满足7天以上用量',
    'Masks and disinfectant in stock for at least 7 days',
  ),
  item(
    'disinfection',
    '办公区、车间、宿舍等公共区域每日清洁消杀并记录',
    'Offices, workshops and dormitories disinfected daily, with a log',
  ),
  item('canteen', '食堂错峰分餐，就餐间距不小于1米', 'Canteen meals staggered, seats at least 1 m apart'),
  item(
    'isolation',
    '设置临时隔离观察室，配备必要防护用品',
    'A temporary isolation room with protective equipment',
    'major',
  ),
  item(
    'returning_workers',
    '返岗人员14天健康监测台账完整',
    'Complete 14-day health records of returning workers',
  ),
];

/** The production-safety checklist. */
export const SAFETY_ITEMS: ChecklistItemSeed[] = [
  item(
    'hazardous_chemicals',
    '危险化学品储存场所合规，分类存放，标识标签齐全',
    'Hazardous chemicals stored compliantly, segregated and labelled',
    'major',
  ),
  item(
    'fire',
    '灭火器、消火栓完好有效，安全出口和疏散通道畅通',
    'Extinguishers and hydrants in order; exits and escape routes clear',
  ),
  item(
    'electrical',
    '电气线路无私拉乱接，配电箱柜防护完好',
    'No improvised wiring; distribution boxes protected',
  ),
  item(
    'special_equipment',
    '锅炉、压力容器、起重机械等特种设备检验合格，作业人员持证',
    'Boilers, pressure vessels, cranes inspected; operators certified',
    'major',
  ),
  item(
    'confined_space',
    '有限空间作业审批、通风检测、专人监护落实',
    'Confined-space work permitted, ventilated, tested and watched',
    'major',
  ),
  item(
    'restart',
    '复工前对设备设施、工艺系统开展全面安全检查',
    'Full safety check of equipment and processes before restart',
  ),
  item(
    'training',
    '复工前开展全员安全教育培训并考核',
    'Safety training and test for all staff before restart',
  ),
  item(
    'emergency_plan',
    '应急预案完善，复工前组织应急演练',
    'Emergency plan up to date, drill held before restart',
  ),
];

export const DEMO_CHECKLISTS = {
  epidemic: {
    family: 'epidemic-2020',
    name: '企业疫情防控督导检查表',
    nameEn: 'Enterprise epidemic prevention checklist',
  },
  safety: {
    family: 'safety-2020',
    name: '企业复工复产安全生产检查表',
    nameEn: 'Production safety checklist for resuming enterprises',
  },
} as const;

const DESCRIPTIONS: Record<HazardCategory, string[]> = {
  prevention_education: ['未开展全员防控知识培训', '防控须知未张贴上墙', '部分员工不清楚防控要求'],
  screening: ['员工健康排查台账缺失', '排查登记信息不全，缺旅居史', '外来人员未登记'],
  temperature: ['出入口未设测温点', '测温记录不连续', '体温枪故障未及时更换'],
  supplies: ['口罩储备不足3天用量', '消毒液储备不足', '防疫物资无出入库台账'],
  disinfection: ['消杀记录缺失', '宿舍区未按要求每日消杀', '消毒液配比不规范'],
  canteen: ['食堂未错峰就餐', '就餐间距不足1米', '食堂未设隔板'],
  isolation: ['未设置临时隔离观察室', '隔离观察室位置不合理', '隔离室缺少防护用品'],
  returning_workers: ['返岗人员健康监测台账不全', '外省返岗人员未落实居家观察', '返岗人员名单与台账不符'],
  hazardous_chemicals: [
    '危化品混存，未分类存放',
    '危化品容器标签缺失',
    '危化品库房通风设施失效',
    '危化品出入库台账不全',
  ],
  fire: ['灭火器压力不足', '安全出口堵塞', '消火栓被货物遮挡', '应急照明损坏', '疏散指示标志缺失'],
  electrical: ['配电箱门损坏、无警示标识', '临时线路私拉乱接', '电缆绝缘层破损', '漏电保护器失效'],
  special_equipment: ['压力容器超期未检', '起重机械操作人员无证上岗', '锅炉安全阀未校验'],
  confined_space: ['有限空间作业未审批', '有限空间无警示标识', '未配备气体检测仪'],
  restart: ['复工前未开展设备安全检查', '停产期间设备未做维护保养记录', '工艺系统复产前未试运行确认'],
  training: ['复工前未开展全员安全培训', '新入职员工未进行三级安全教育', '培训记录不全'],
  emergency_plan: ['应急预案未修订', '复工前未组织应急演练', '应急物资储备不足'],
  other: ['其他隐患'],
};

const LOCATIONS: Record<HazardLine, string[]> = {
  epidemic: ['厂区大门', '办公楼', '职工食堂', '员工宿舍', '生产车间', '门卫室'],
  safety: ['生产车间', '原料仓库', '成品库', '配电室', '锅炉房', '危化品库', '厂区道路', '机修车间'],
};

const PLANS = ['立即组织整改，明确专人负责', '制定整改方案，限期完成', '停用相关设施，整改完成后复用'];
const EVIDENCE = [
  '已按要求整改完毕，附整改前后照片',
  '已整改，台账已补齐',
  '已更换并重新检测合格',
  '整改完成，经企业自查合格',
];
const REJECT_REASONS = ['整改照片不清晰，请补充', '整改不彻底，请继续整改', '台账仍不完整'];
const POSTS = [
  '安全管理员',
  '防疫专员',
  '设备管理员',
  '消杀负责人',
  '门卫测温岗',
  '危化品库管员',
  '电工班长',
  '食堂管理员',
];
const TITLES = ['总经理', '董事长', '厂长', '执行董事', '负责人'];

const NOW = new Date(DEFAULT_SCENARIO_START);
const TODAY = shanghaiDate(NOW);

export interface SafetySeedInput {
  /** The registry in generator order with database ids; the first is the demo enterprise. */
  enterprises: { e: DemoEnterprise; id: number }[];
  /** Demo account ids by username. */
  userIds: Map<string, number>;
  /** Hashed once and shared by all bulk supervisor accounts. */
  password: string;
  created: Date;
}

export interface SafetySeedSummary {
  groups: number;
  squads: number;
  supervisors: number;
  inspections: number;
  hazards: Record<HazardStatus, number>;
  overdue: number;
  escalated: Record<EscalationLevel, number>;
}

/** A random time of day between 08:30 and 17:30 on a date, Shanghai. */
function during(rng: Rng, date: string): Date {
  const minutes = rng.int(8 * 60 + 30, 17 * 60 + 30);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return shanghaiInstant(date, `${hh}:${mm}`);
}

const hoursLater = (d: Date, h: number) => new Date(d.getTime() + h * 3600_000);

/** Splits `total` into parts proportional to weights (largest remainder), each at least `min`. */
function apportion(weights: number[], total: number, min = 1): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const free = total - min * weights.length;
  const raw = weights.map((w) => (w / sum) * free);
  const out = raw.map((r) => min + Math.floor(r));
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; out.reduce((s, x) => s + x, 0) < total; k++) out[order[k % order.length].i]++;
  return out;
}

async function insertBatched<T extends Record<string, unknown>>(
  tx: Tx,
  table: Parameters<Tx['insert']>[0],
  rowsIn: T[],
  size: number,
  returning: boolean,
): Promise<{ id: number }[]> {
  const ids: { id: number }[] = [];
  for (let i = 0; i < rowsIn.length; i += size) {
    const chunk = rowsIn.slice(i, i + size);
    if (returning) {
      const out = (await tx
        .insert(table)
        .values(chunk as never)
        .returning({ id: (table as unknown as { id: never }).id })) as { id: number }[];
      ids.push(...out);
    } else {
      await tx.insert(table).values(chunk as never);
    }
  }
  return ids;
}

/** Working days from 2020-02-03 to 2020-03-09 with weights: few in the first week, a peak after 2-10. */
function inspectionDays(): { days: string[]; weights: number[] } {
  const days: string[] = [];
  const weights: number[] = [];
  for (let d = '2020-02-03'; d <= '2020-03-09'; d = addCalendarDays(d, 1)) {
    const base = d < '2020-02-10' ? 1 : d <= '2020-02-29' ? 4 : 2.5;
    days.push(d);
    weights.push(isWorkday(d) ? base : base * 0.35);
  }
  return { days, weights };
}

interface PlannedInspection {
  enterprise: number;
  line: HazardLine;
  date: string;
  squad: number;
  inspector: number;
}

/**
 * Seeds the safety line inside the demo transaction. Returns the figures it produced so the seed
 * can report them.
 */
export async function seedSafety(
  tx: Tx,
  ctx: Ctx,
  input: SafetySeedInput,
  onProgress: Progress = () => {},
): Promise<SafetySeedSummary> {
  const rng = createRng(DEMO_SEED + 502);
  const { enterprises, userIds, created } = input;
  const names = generateLiaisonNames(rng, 3200);
  let nameAt = 0;
  const nextName = () => names[nameAt++ % names.length];

  // ---------------------------------------------------------------- checklists
  const tpl = async (
    line: HazardLine,
    version: number,
    current: boolean,
    at: string,
    items: ChecklistItemSeed[],
  ) => {
    const meta = DEMO_CHECKLISTS[line];
    const [t] = await tx
      .insert(schema.checklistTemplates)
      .values({
        family: meta.family,
        version,
        line,
        name: meta.name,
        nameEn: meta.nameEn,
        description: line === 'epidemic' ? '依据市疫情防控指挥部令制定' : '复工复产安全生产督导检查',
        current,
        createdAt: shanghaiInstant(at, '09:00'),
      })
      .returning();
    const rowsOut = await tx
      .insert(schema.checklistItems)
      .values(items.map((it, i) => ({ templateId: t.id, seq: i + 1, ...it })))
      .returning();
    return { id: t.id, items: rowsOut };
  };
  const epidemicV1 = await tpl('epidemic', 1, false, '2020-02-01', EPIDEMIC_ITEMS.slice(0, 7));
  const epidemicV2 = await tpl('epidemic', 2, true, '2020-02-20', EPIDEMIC_ITEMS);
  const safetyV1 = await tpl('safety', 1, true, '2020-02-01', SAFETY_ITEMS);
  const templateFor = (line: HazardLine, date: string) =>
    line === 'safety' ? safetyV1 : date < '2020-02-20' ? epidemicV1 : epidemicV2;

  // ---------------------------------------------------------------- groups, squads, members
  const byDistrict = new Map<string, number[]>();
  enterprises.forEach(({ e }, idx) => {
    const list = byDistrict.get(e.divisionCode) ?? [];
    list.push(idx);
    byDistrict.set(e.divisionCode, list);
  });
  const keyIdx = enterprises
    .map(({ e }, idx) => ({ e, idx }))
    .filter(({ e }) => e.hazardousChemicals || (e.keyEnterprise && isIndustrial(e.industryCode)))
    .map(({ idx }) => idx);
  const keySquads = 15;
  const perDistrict = apportion(
    DISTRICTS.map((d) => byDistrict.get(d.code)?.length ?? 0),
    DEMO_SQUADS - keySquads,
  );
  const ordinal = '一二三四五六七八';
  const groupRows = [
    ...DISTRICTS.map((d, i) => ({
      code: `G${i + 1}`,
      name: `第${ordinal[i]}督导落实组（${d.name.replace(/满族自治县$/, '县').replace('本溪高新技术产业开发区', '高新区')}）`,
      nameEn: `Supervision group ${i + 1} (${d.nameEn})`,
      sort: i + 1,
      createdAt: created,
      updatedAt: created,
    })),
    {
      code: 'G8',
      name: '第八督导落实组（重点行业领域）',
      nameEn: 'Supervision group 8 (key industries)',
      sort: 8,
      createdAt: created,
      updatedAt: created,
    },
  ];
  const groups = await tx.insert(schema.supervisionGroups).values(groupRows).returning();
  // Squads: districts' squads each take a slice of the district's enterprises (the demo
  // enterprise is in the first squad of 平山区); group 8's squads take the key enterprises.
  const squadPlan: { group: number; code: string; name: string; members: number[] }[] = [];
  DISTRICTS.forEach((d, gi) => {
    const list = byDistrict.get(d.code) ?? [];
    const n = perDistrict[gi];
    for (let k = 0; k < n; k++) {
      const from = Math.floor((k * list.length) / n);
      const to = Math.floor(((k + 1) * list.length) / n);
      squadPlan.push({
        group: gi,
        code: `G${gi + 1}-${String(k + 1).padStart(2, '0')}`,
        name: `${groupRows[gi].name.replace(/^第(.)督导落实组（(.+)）$/, '$2')}第${k + 1}小分队`,
        members: list.slice(from, to),
      });
    }
  });
  for (let k = 0; k < keySquads; k++) {
    const from = Math.floor((k * keyIdx.length) / keySquads);
    const to = Math.floor(((k + 1) * keyIdx.length) / keySquads);
    squadPlan.push({
      group: 7,
      code: `G8-${String(k + 1).padStart(2, '0')}`,
      name: `重点行业第${k + 1}小分队`,
      members: keyIdx.slice(from, to),
    });
  }
  const squads = await tx
    .insert(schema.supervisionSquads)
    .values(
      squadPlan.map((s) => ({
        groupId: groups[s.group].id,
        code: s.code,
        name: s.name,
        createdAt: created,
        updatedAt: created,
      })),
    )
    .returning({ id: schema.supervisionSquads.id });
  onProgress('supervision', 1, 4);

  const hash = await hashPassword(input.password);
  const LINES: { line: SupervisionLine; dept: string; suffix: string; title: string }[] = [
    { line: 'industry', dept: 'industry', suffix: 'gx', title: '工信' },
    { line: 'health', dept: 'health', suffix: 'wj', title: '卫健' },
    { line: 'emergency', dept: 'emergency', suffix: 'yj', title: '应急' },
  ];
  const userRows: (typeof schema.users.$inferInsert)[] = [];
  const memberPlan: { squad?: number; group?: number; line: SupervisionLine; dept: string; lead: boolean }[] =
    [];
  const demoSupervisor = userIds.get('supervisor');
  squadPlan.forEach((s, si) => {
    LINES.forEach((l, li) => {
      // The demo `supervisor` account is the safety-line member of 平山区's first squad.
      if (si === 0 && l.line === 'emergency' && demoSupervisor) return;
      userRows.push({
        username: `${s.code.toLowerCase()}-${l.suffix}`,
        displayName: `${nextName()}（${l.title}）`,
        role: 'supervisor',
        passwordHash: hash,
        passwordChangedAt: created,
        createdAt: created,
        updatedAt: created,
      });
      memberPlan.push({ squad: si, line: l.line, dept: l.dept, lead: li === 0 });
    });
  });
  groups.forEach((g, gi) => {
    for (const [k, l] of [LINES[0], LINES[2]].entries()) {
      userRows.push({
        username: `${g.code.toLowerCase()}-${k === 0 ? 'lead' : 'deputy'}`,
        displayName: `${nextName()}（${k === 0 ? '组长' : '副组长'}）`,
        role: 'supervisor',
        passwordHash: hash,
        passwordChangedAt: created,
        createdAt: created,
        updatedAt: created,
      });
      memberPlan.push({ group: gi, line: l.line, dept: l.dept, lead: k === 0 });
    }
  });
  const users = await insertBatched(tx, schema.users, userRows, 500, true);
  const members = memberPlan.map((m, k) => ({
    userId: users[k].id,
    squadId: m.squad !== undefined ? squads[m.squad].id : null,
    groupId: m.group !== undefined ? groups[m.group].id : null,
    line: m.line,
    departmentCode: m.dept,
    lead: m.lead,
    joinedAt: created,
  }));
  if (demoSupervisor) {
    members.push({
      userId: demoSupervisor,
      squadId: squads[0].id,
      groupId: null,
      line: 'emergency',
      departmentCode: 'emergency',
      lead: false,
      joinedAt: created,
    });
  }
  await insertBatched(tx, schema.supervisionMembers, members, 1000, false);
  onProgress('supervision', 2, 4);

  const assignments: (typeof schema.supervisionAssignments.$inferInsert)[] = [
    ...DISTRICTS.map((d, gi) => ({
      groupId: groups[gi].id,
      divisionCode: d.code,
      reason: 'demo',
      assignedAt: created,
    })),
  ];
  squadPlan.forEach((s, si) => {
    for (const idx of s.members) {
      assignments.push({
        squadId: squads[si].id,
        enterpriseId: enterprises[idx].id,
        reason: 'demo',
        assignedAt: created,
      });
    }
  });
  await insertBatched(tx, schema.supervisionAssignments, assignments, 1000, false);
  onProgress('supervision', 3, 4);

  // Who inspects an enterprise: the members of its district squad.
  const squadOf = new Map<number, number>();
  const keySquadOf = new Map<number, number>();
  squadPlan.forEach((s, si) => {
    for (const idx of s.members) (s.group === 7 ? keySquadOf : squadOf).set(idx, si);
  });
  const squadMembers = new Map<number, number[]>();
  members.forEach((m) => {
    if (m.squadId === null) return;
    const si = squads.findIndex((s) => s.id === m.squadId);
    const list = squadMembers.get(si) ?? [];
    list.push(m.userId);
    squadMembers.set(si, list);
  });
  onProgress('supervision', 4, 4);

  // ---------------------------------------------------------------- campaigns
  await tx.insert(schema.campaigns).values([
    {
      name: '危险化学品专项治理',
      nameEn: 'Hazardous chemicals special rectification',
      description: '对全市危险化学品生产、储存、使用、经营企业开展全覆盖排查整治',
      line: 'safety',
      startsOn: '2020-02-10',
      endsOn: '2020-04-30',
      scope: { industryPrefixes: ['26'], flags: ['hazardousChemicals'], divisionCodes: [] },
      targetInspections: 120,
      targetCoveragePct: 100,
      checklistFamily: 'safety-2020',
      createdAt: shanghaiInstant('2020-02-08', '10:00'),
      updatedAt: shanghaiInstant('2020-02-08', '10:00'),
    },
    {
      name: '重点行业领域集中整治',
      nameEn: 'Concentrated rectification in key industries',
      description: '矿山、冶金、建材、电力燃气等重点行业领域复工复产安全集中整治',
      line: 'safety',
      startsOn: '2020-02-10',
      endsOn: '2020-05-31',
      scope: {
        industryPrefixes: ['06', '08', '09', '10', '30', '31', '32', '44', '45'],
        flags: [],
        divisionCodes: [],
      },
      targetInspections: 400,
      targetCoveragePct: 90,
      checklistFamily: 'safety-2020',
      createdAt: shanghaiInstant('2020-02-08', '10:30'),
      updatedAt: shanghaiInstant('2020-02-08', '10:30'),
    },
  ]);

  // ---------------------------------------------------------------- inspections
  const { days, weights } = inspectionDays();
  const afterResumption = days.map((d, i) => (d >= '2020-02-10' ? weights[i] : 0));
  const keyIndustry = (e: DemoEnterprise) =>
    e.hazardousChemicals ||
    ['06', '08', '09', '10', '26', '30', '31', '32', '44', '45'].includes(e.industryCode.slice(0, 2));
  const plans: PlannedInspection[] = [];
  enterprises.forEach(({ e }, idx) => {
    if (idx === 0 || e.longTermShutdown) return;
    const si = squadOf.get(idx);
    if (si === undefined) return;
    const inspectors = squadMembers.get(si) ?? [];
    const risky = e.aboveScale || e.keyEnterprise || e.hazardousChemicals || keyIndustry(e);
    const visits = risky ? rng.int(2, 3) : rng.chance(0.35) ? 2 : 1;
    for (let v = 0; v < visits; v++) {
      // The first visit checks epidemic prevention; later ones production safety. Key-industry
      // enterprises always get a safety visit after the 2-10 restart (the campaigns count them).
      const line: HazardLine = v === 0 && !(keyIndustry(e) && visits === 1) ? 'epidemic' : 'safety';
      const date = rng.weighted(days, line === 'safety' ? afterResumption : weights);
      const group8 = line === 'safety' ? keySquadOf.get(idx) : undefined;
      const squad = group8 ?? si;
      const pool = group8 !== undefined ? (squadMembers.get(group8) ?? inspectors) : inspectors;
      plans.push({ enterprise: idx, line, date, squad, inspector: rng.pick(pool) });
    }
  });
  plans.sort((a, b) => a.date.localeCompare(b.date) || a.enterprise - b.enterprise);

  // Every applicable item gets a failure weight; a single scale factor then brings the expected
  // number of failures to the target, and each item fails with its probability.
  interface PlannedItem {
    plan: number;
    seq: number;
    checklistItemId: number;
    category: HazardCategory;
    defaultSeverity: HazardSeverity;
    result: 'pass' | 'fail' | 'na';
    weight: number;
  }
  const planned: PlannedItem[] = [];
  plans.forEach((p, pi) => {
    const { e } = enterprises[p.enterprise];
    const template = templateFor(p.line, p.date);
    const early = p.date < '2020-02-20' ? 1.4 : p.date < '2020-03-01' ? 1 : 0.7;
    const size =
      e.sizeClass === 'micro' ? 1.3 : e.sizeClass === 'small' ? 1.15 : e.sizeClass === 'large' ? 0.8 : 1;
    for (const it of template.items) {
      const cat = it.category as HazardCategory;
      const na =
        (cat === 'hazardous_chemicals' && !e.hazardousChemicals && !isIndustrial(e.industryCode)) ||
        (cat === 'confined_space' && !isIndustrial(e.industryCode)) ||
        (cat === 'special_equipment' && e.sizeClass === 'micro') ||
        (cat === 'canteen' && e.normalWorkforce < 20);
      const risk = cat === 'hazardous_chemicals' && e.hazardousChemicals ? 2 : 1;
      planned.push({
        plan: pi,
        seq: it.seq,
        checklistItemId: it.id,
        category: cat,
        defaultSeverity: it.defaultSeverity,
        result: na ? 'na' : 'pass',
        weight: na ? 0 : early * size * risk,
      });
    }
  });
  const expected = (k: number) => planned.reduce((s, x) => s + Math.min(0.9, k * x.weight), 0);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < DEMO_HAZARD_TARGET - 8) lo = mid;
    else hi = mid;
  }
  for (const x of planned) if (x.weight > 0 && rng.chance(Math.min(0.9, hi * x.weight))) x.result = 'fail';

  const inspectionRows = plans.map((p) => {
    const signedAt = hoursLater(during(rng, p.date), 1);
    return {
      enterpriseId: enterprises[p.enterprise].id,
      templateId: templateFor(p.line, p.date).id,
      inspectorId: p.inspector,
      squadId: squads[p.squad].id,
      inspectedOn: p.date,
      status: 'signed' as const,
      note: '',
      signedAt,
      createdAt: hoursLater(signedAt, -1),
      updatedAt: signedAt,
    };
  });
  const inspectionIds = await insertBatched(tx, schema.inspections, inspectionRows, 1000, true);
  onProgress('inspections', inspectionIds.length, plans.length);

  const draftOf = (
    x: PlannedItem,
    severity: HazardSeverity,
    e: DemoEnterprise,
    line: HazardLine,
  ): HazardDraftData => ({
    category: x.category,
    severity,
    description: rng.pick(DESCRIPTIONS[x.category]),
    location: rng.pick(LOCATIONS[line]),
    responsiblePerson: e.contactName,
    deadline: null,
  });
  const itemRows = planned.map((x) => {
    const p = plans[x.plan];
    const { e } = enterprises[p.enterprise];
    const severity: HazardSeverity =
      x.defaultSeverity === 'major'
        ? rng.chance(0.2)
          ? 'major'
          : 'general'
        : rng.chance(0.008)
          ? 'major'
          : 'general';
    return {
      inspectionId: inspectionIds[x.plan].id,
      checklistItemId: x.checklistItemId,
      seq: x.seq,
      result: x.result,
      note: '',
      hazardDraft: x.result === 'fail' ? draftOf(x, severity, e, p.line) : null,
    };
  });
  const itemIds = await insertBatched(tx, schema.inspectionItems, itemRows, 2000, true);
  onProgress('inspections', plans.length, plans.length);

  // ---------------------------------------------------------------- hazards and their lives
  const districtUser = userIds.get('district') ?? null;
  const enterpriseUser = userIds.get('enterprise') ?? null;
  const nameOf = new Map<number, string>(users.map((u, k) => [u.id, userRows[k].displayName]));
  for (const [id, u] of await peopleByIds(tx, [districtUser, enterpriseUser, demoSupervisor])) {
    nameOf.set(id, u.displayName);
  }
  const districtName = new Map<string, string>(DISTRICTS.map((d) => [d.code, d.name]));
  interface Life {
    row: typeof schema.hazards.$inferInsert;
    events: Omit<typeof schema.hazardEvents.$inferInsert, 'hazardId'>[];
    escalations: Omit<typeof schema.hazardEscalations.$inferInsert, 'hazardId'>[];
  }
  const lives: Life[] = [];
  let demoInspections = 0;

  /** Lives one hazard from discovery to wherever it stands on the scenario clock. */
  const live = (o: {
    enterpriseIdx: number;
    inspection: number | null;
    item: number | null;
    line: HazardLine;
    draft: HazardDraftData;
    foundAt: Date;
    reporter: number;
    verifier: number;
    laggard: boolean;
    /** Hours from discovery to acceptance, from acceptance to evidence, from evidence to verification. */
    script?: { accept: number; submit: number; verify: number };
  }) => {
    const { e } = enterprises[o.enterpriseIdx];
    const foundOn = shanghaiDate(o.foundAt);
    const severity = o.draft.severity;
    const deadline = defaultDeadline(foundOn, severity);
    const entActor = o.enterpriseIdx === 0 ? enterpriseUser : null;
    const entName = `${e.contactName}（企业）`;
    const majorVerifier = e.divisionCode === '210502' ? districtUser : null;
    const verifier = severity === 'major' ? majorVerifier : o.verifier;
    const verifierName =
      severity === 'major'
        ? majorVerifier
          ? (nameOf.get(majorVerifier) ?? '')
          : `${districtName.get(e.divisionCode) ?? ''}安委办`
        : (nameOf.get(o.verifier) ?? '');
    const span = severity === 'major' ? rng.int(5 * 24, 24 * 24) : rng.int(20, 4 * 24);
    const rejected = !o.script && rng.chance(0.07);
    const accept = hoursLater(o.foundAt, o.script?.accept ?? rng.int(2, 40));
    const fixed = hoursLater(
      accept,
      o.script?.submit ?? (o.laggard ? span + rng.int(7 * 24, 20 * 24) : span),
    );
    const steps: {
      at: Date;
      action: 'accept' | 'submit' | 'verify' | 'reject';
      to: HazardStatus;
      note: string | null;
    }[] = [
      {
        at: accept,
        action: 'accept',
        to: 'rectifying',
        note: severity === 'major' || rng.chance(0.4) ? rng.pick(PLANS) : null,
      },
    ];
    let submitAt = fixed;
    if (rejected) {
      const rejectAt = hoursLater(fixed, rng.int(4, 40));
      steps.push({ at: fixed, action: 'submit', to: 'submitted', note: rng.pick(EVIDENCE) });
      steps.push({ at: rejectAt, action: 'reject', to: 'rectifying', note: rng.pick(REJECT_REASONS) });
      submitAt = hoursLater(rejectAt, rng.int(20, 72));
    }
    steps.push({ at: submitAt, action: 'submit', to: 'submitted', note: rng.pick(EVIDENCE) });
    steps.push({
      at: hoursLater(submitAt, o.script?.verify ?? rng.int(3, 36)),
      action: 'verify',
      to: 'closed',
      note: null,
    });

    const row: Life['row'] = {
      enterpriseId: enterprises[o.enterpriseIdx].id,
      inspectionId: o.inspection,
      inspectionItemId: o.item,
      line: o.line,
      category: o.draft.category,
      severity,
      description: o.draft.description,
      location: o.draft.location,
      responsiblePerson: o.draft.responsiblePerson,
      foundOn,
      deadline,
      status: 'open',
      reportedBy: o.reporter,
      createdAt: o.foundAt,
      updatedAt: o.foundAt,
    };
    const events: Life['events'] = [
      {
        action: 'create',
        fromStatus: null,
        toStatus: 'open',
        actorId: o.reporter,
        actorName: nameOf.get(o.reporter) ?? '',
        at: o.foundAt,
      },
    ];
    const timeline: { at: Date; status: HazardStatus }[] = [{ at: o.foundAt, status: 'open' }];
    for (const st of steps) {
      if (st.at > NOW) break;
      const enterpriseSide = st.action === 'accept' || st.action === 'submit';
      events.push({
        action: st.action,
        fromStatus: row.status,
        toStatus: st.to,
        note: st.note,
        actorId: enterpriseSide ? entActor : verifier,
        actorName: enterpriseSide ? entName : verifierName,
        at: st.at,
      });
      if (st.action === 'accept') row.rectificationPlan = st.note;
      if (st.action === 'submit')
        Object.assign(row, { evidence: st.note, submittedBy: entActor, submittedAt: st.at });
      if (st.action === 'verify') Object.assign(row, { closedBy: verifier, closedAt: st.at });
      row.status = st.to;
      row.updatedAt = st.at;
      timeline.push({ at: st.at, status: st.to });
    }
    // The escalations the scheduler made: one per level whose day came while it was not closed.
    const statusAt = (at: Date) => timeline.filter((x) => x.at <= at).at(-1)?.status ?? 'open';
    const escalations: Life['escalations'] = [];
    const openUntil = row.closedAt ?? NOW;
    const dates = escalationDates(deadline);
    for (const level of ['district', 'city'] as const) {
      const at = shanghaiInstant(dates[level], '00:10');
      if (at > openUntil || dates[level] > TODAY) continue;
      escalations.push({ level, divisionCode: e.divisionCode, dueOn: dates[level], createdAt: at });
      const now = statusAt(at);
      events.push({
        action: 'escalate',
        fromStatus: now,
        toStatus: now,
        note: level,
        actorId: null,
        actorName: 'system',
        at,
      });
      row.escalationLevel = level;
    }
    events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    lives.push({ row, events, escalations });
  };

  planned.forEach((x, k) => {
    if (x.result !== 'fail') return;
    const p = plans[x.plan];
    const draft = itemRows[k].hazardDraft!;
    const signedAt = inspectionRows[x.plan].signedAt;
    const inspectors = squadMembers.get(p.squad) ?? [p.inspector];
    const verifier = inspectors.find((u) => u !== p.inspector) ?? p.inspector;
    live({
      enterpriseIdx: p.enterprise,
      inspection: inspectionIds[x.plan].id,
      item: itemIds[k].id,
      line: p.line,
      draft,
      foundAt: signedAt,
      reporter: p.inspector,
      verifier,
      laggard: rng.chance(0.035),
    });
  });

  // The demo enterprise's story, inspected by its squad (the `supervisor` account) three times:
  // a temperature-check failure closed in February; an electrical hazard accepted but overdue
  // since 3-06 and escalated to the district; a fire-equipment hazard whose evidence waits for
  // verification; an emergency-plan hazard the enterprise has not accepted yet.
  if (demoSupervisor) {
    const demo = enterprises[0].e;
    const partner = (squadMembers.get(0) ?? []).find((u) => u !== demoSupervisor) ?? demoSupervisor;
    const story: {
      line: HazardLine;
      date: string;
      note: string;
      fails: Partial<Record<HazardCategory, { accept: number; submit: number; verify: number }>>;
    }[] = [
      {
        line: 'epidemic',
        date: '2020-02-12',
        note: '复工前疫情防控检查',
        fails: { temperature: { accept: 3, submit: 40, verify: 20 } },
      },
      {
        line: 'safety',
        date: '2020-02-28',
        note: '复工后首次安全生产检查',
        fails: { electrical: { accept: 22, submit: 40 * 24, verify: 24 } },
      },
      {
        line: 'safety',
        date: '2020-03-04',
        note: '安全生产复查',
        fails: {
          fire: { accept: 4, submit: 114, verify: 10 * 24 },
          emergency_plan: { accept: 10 * 24, submit: 24, verify: 24 },
        },
      },
    ];
    for (const st of story) {
      const template = templateFor(st.line, st.date);
      const signedAt = shanghaiInstant(st.date, '11:30');
      const [ins] = await tx
        .insert(schema.inspections)
        .values({
          enterpriseId: enterprises[0].id,
          templateId: template.id,
          inspectorId: demoSupervisor,
          squadId: squads[0].id,
          inspectedOn: st.date,
          status: 'signed',
          note: st.note,
          signedAt,
          createdAt: shanghaiInstant(st.date, '09:30'),
          updatedAt: signedAt,
        })
        .returning({ id: schema.inspections.id });
      const items = await tx
        .insert(schema.inspectionItems)
        .values(
          template.items.map((it) => {
            const cat = it.category as HazardCategory;
            const fail = cat in st.fails;
            return {
              inspectionId: ins.id,
              checklistItemId: it.id,
              seq: it.seq,
              result: fail ? ('fail' as const) : ('pass' as const),
              note: fail ? DESCRIPTIONS[cat][0] : '',
              hazardDraft: fail
                ? {
                    category: cat,
                    severity: 'general' as const,
                    description: DESCRIPTIONS[cat][0],
                    location: st.line === 'safety' ? '炼钢车间' : '厂区大门',
                    responsiblePerson: demo.contactName,
                    deadline: null,
                  }
                : null,
            };
          }),
        )
        .returning({ id: schema.inspectionItems.id, hazardDraft: schema.inspectionItems.hazardDraft });
      demoInspections++;
      for (const it of items) {
        if (!it.hazardDraft) continue;
        live({
          enterpriseIdx: 0,
          inspection: ins.id,
          item: it.id,
          line: st.line,
          draft: it.hazardDraft,
          foundAt: signedAt,
          reporter: demoSupervisor,
          verifier: partner,
          laggard: false,
          script: st.fails[it.hazardDraft.category as HazardCategory],
        });
      }
    }
  }

  const hazardIds = await insertBatched(
    tx,
    schema.hazards,
    lives.map((l) => l.row),
    1000,
    true,
  );
  onProgress('hazards', hazardIds.length, lives.length);
  const eventRows = lives.flatMap((l, k) => l.events.map((ev) => ({ ...ev, hazardId: hazardIds[k].id })));
  await insertBatched(tx, schema.hazardEvents, eventRows, 2000, false);
  const escalationRows = lives.flatMap((l, k) =>
    l.escalations.map((x) => ({ ...x, hazardId: hazardIds[k].id })),
  );
  await insertBatched(tx, schema.hazardEscalations, escalationRows, 2000, false);
  onProgress('hazards', lives.length, lives.length);

  // ---------------------------------------------------------------- four levels of responsibility
  const districtContacts = new Map<string, { name: string; phone: string }[]>(
    DISTRICTS.map((d) => [
      d.code,
      Array.from({ length: 6 }, () => ({
        name: nextName(),
        phone: `1390414${String(rng.int(0, 9999)).padStart(4, '0')}`,
      })),
    ]),
  );
  const respRows = enterprises.map(({ e, id }, idx) => {
    const complete = idx === 0 || rng.chance(0.88);
    const gap = complete
      ? null
      : rng.weighted(['post', 'principal', 'territorial', 'departmental'], [6, 2, 1, 1]);
    const posts: ResponsibilityPost[] = [];
    if (gap !== 'post') {
      const n = e.normalWorkforce > 200 ? rng.int(3, 5) : rng.int(1, 3);
      const offered = [...POSTS];
      for (let k = 0; k < n && offered.length; k++) {
        const post = offered.splice(rng.int(0, offered.length - 1), 1)[0];
        posts.push({ post, person: nextName(), phone: '' });
      }
    }
    const contact = rng.pick(districtContacts.get(e.divisionCode) ?? [{ name: nextName(), phone: '' }]);
    return {
      enterpriseId: id,
      districtContactName: gap === 'territorial' ? '' : contact.name,
      districtContactPhone: gap === 'territorial' ? '' : contact.phone,
      principalName: gap === 'principal' ? '' : e.legalRepresentative,
      principalTitle: gap === 'principal' ? '' : rng.pick(TITLES),
      principalPhone: '',
      departmentCode: gap === 'departmental' ? null : suggestedDepartment(ctx, e),
      departmentContactName: gap === 'departmental' ? '' : nextName(),
      posts,
      updatedAt: created,
    };
  });
  await insertBatched(tx, schema.enterpriseResponsibilities, respRows, 1000, false);
  onProgress('responsibility', respRows.length, respRows.length);

  const hazards: Record<HazardStatus, number> = { open: 0, rectifying: 0, submitted: 0, closed: 0 };
  let overdue = 0;
  for (const l of lives) {
    const s = l.row.status as HazardStatus;
    hazards[s]++;
    if (s !== 'closed' && (l.row.deadline as string) < TODAY) overdue++;
  }
  return {
    groups: groups.length,
    squads: squads.length,
    supervisors: users.length,
    inspections: inspectionIds.length + demoInspections,
    hazards,
    overdue,
    escalated: {
      district: escalationRows.filter((x) => x.level === 'district').length,
      city: escalationRows.filter((x) => x.level === 'city').length,
    },
  };
}
