import { eq, isNull, sql } from 'drizzle-orm';
import {
  AUTO_CLOSE_WORKDAYS,
  autoCloseDueOn,
  DEMAND_STATUSES,
  type DemandCategory,
  type DemandEscalationLevel,
  type DemandEvent,
  type DemandSource,
  type DemandStatus,
  type DemandUrgency,
  demandEscalationDates,
  demandEscalationDue,
  VISIT_PROBLEM_DEMAND_CATEGORY,
} from '../../shared/demands';
import type { VisitProblemCategory } from '../../shared/enums';
import { addCalendarDays, addWorkdays, isWorkday, workdaysBetween } from '../../shared/workdays';
import { DEFAULT_SCENARIO_START, shanghaiDate, shanghaiInstant } from '../clock';
import { type Conn, schema } from '../db/client';
import type { Ctx } from '../lib/context';
import { router } from '../modules/demands/routing';
import { createRng, DEMO_SEED, type DemoEnterprise, type Rng } from './generate';

/**
 * The demo's enterprise demands (企业诉求), February–March 2020: every problem the liaisons wrote
 * down on their visits, plus demands the enterprises, liaisons, contact leaders and inspections
 * raised, about 1,500 in all. Each one lives its life on the working calendar up to the scenario's
 * "now" (2020-03-10 09:00): most are resolved and rated, some wait for the enterprise, a few were
 * transferred or reopened, some are overdue and escalated. The demo enterprise has one demand in
 * every state so its phone page tells the whole story. Deterministic: its own seeded generator.
 */

const NOW = new Date(DEFAULT_SCENARIO_START);
const TODAY = shanghaiDate(NOW);
const FIRST_DAY = '2020-02-03';

export interface DemandsSeedInput {
  /** The registry in generator order with database ids; the first is the demo enterprise. */
  enterprises: { e: DemoEnterprise; id: number }[];
  /** Demo account ids by username. */
  userIds: Map<string, number>;
  passwordHash: string;
  /** About how many demands in all (visit problems included). */
  target?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface DemandsSeedSummary {
  demands: number;
  fromVisits: number;
  byStatus: Record<DemandStatus, number>;
  closed: number;
  solved: number;
  autoClosed: number;
  reopened: number;
  transferred: number;
  overdue: number;
  escalated: { level1: number; level2: number };
  handlers: number;
  events: number;
}

/** Department handler accounts: `dept-<code>`, plus the demo `department` account at the industry bureau. */
const HANDLERS: Record<string, { short: string; names: string[] }> = {
  industry: { short: '工信局', names: ['孟庆伟'] },
  health: { short: '卫健委', names: ['韩雪'] },
  emergency: { short: '应急局', names: ['邵立军'] },
  development: { short: '发改委', names: ['于海波'] },
  commerce: { short: '商务局', names: ['宫丽娜'] },
  finance: { short: '财政局', names: ['吕志强'] },
  tax: { short: '税务局', names: ['梁晓东'] },
  hr: { short: '人社局', names: ['崔佳'] },
  market: { short: '市场监管局', names: ['曲文涛'] },
  civil: { short: '民政局', names: ['郝静'] },
  police: { short: '公安局', names: ['谭伟'] },
  finance_office: { short: '金融办', names: ['周敏'] },
};

// ---------------------------------------------------------------------------------------------
// Words

const n = (rng: Rng, a: number, b: number) => String(rng.int(a, b));
type Text = (rng: Rng) => string;

const DESCRIPTIONS: Record<DemandCategory, Text[]> = {
  financing: [
    (r) => `受疫情影响货款回笼困难，流动资金缺口约${n(r, 2, 30)}00万元，申请协调银行发放复工复产专项贷款。`,
    (r) => `一笔${n(r, 3, 20)}00万元流动资金贷款将于${r.int(3, 4)}月到期，申请办理展期或无还本续贷。`,
    () => '申请纳入疫情防控重点保障企业名单，享受人民银行专项再贷款优惠利率。',
    (r) => `企业为小微企业，希望对接担保公司，为${n(r, 1, 5)}00万元贷款提供政策性担保。`,
    () => '因停工期间仍需支付工资和社保，申请贷款贴息政策支持。',
    (r) => `原定${r.int(3, 5)}月到位的设备融资租赁款被暂停，请求协调租赁公司恢复放款。`,
  ],
  labour: [
    (r) => `外省员工${n(r, 10, 80)}人因交通管控无法返岗，请求协助开具返岗证明并联系点对点接送。`,
    (r) => `复工后一线操作工缺口约${n(r, 20, 120)}人，希望人社部门组织线上专场招聘。`,
    () => '申请援企稳岗返还政策，企业未裁员或少裁员，请告知申报流程和所需材料。',
    (r) => `返岗员工中有${n(r, 3, 15)}人需居家隔离14天，咨询隔离期间工资发放和社保缴纳政策。`,
    () => '希望减免或缓缴疫情期间的社会保险费，企业现金流紧张。',
    () => '特种作业人员证书到期，培训机构未开课，请求延期换证或安排集中培训。',
  ],
  supply: [
    (r) => `主要原材料供应商在湖北未复工，库存仅能维持${n(r, 5, 15)}天生产，请求协调替代供应商。`,
    () => '钢材、铁精粉采购价格上涨明显，希望协调本地钢企优先保障供应。',
    () => '外协加工件供应中断，请求协调上下游企业同步复工。',
    () => '包装材料供应商因防疫未复工，成品无法包装出厂。',
    () => '进口关键零部件海运延误，申请协调海关加快通关。',
  ],
  logistics: [
    () => '货车司机跨市运输需隔离，产品无法发往沈阳、大连客户，请求办理重点物资运输车辆通行证。',
    (r) => `成品积压约${n(r, 100, 900)}吨，物流公司停运，请求协调运力。`,
    () => '原料运输车辆在高速卡口被劝返，请协助办理绿色通道。',
    () => '物流园区仍未开放，快递无法揽收，影响线上订单发货。',
  ],
  epidemic_supplies: [
    (r) => `复工后员工${n(r, 50, 400)}人，每日需口罩约${n(r, 1, 8)}00只，市场采购困难，请求调配。`,
    () => '缺少红外测温枪和84消毒液，无法满足复工防疫条件，请求协助采购。',
    () => '申请从政府储备中调拨一批医用外科口罩，保障一线员工防护。',
    () => '企业转产口罩，需要熔喷布原料和环氧乙烷灭菌设备支持。',
  ],
  energy: [
    () => '复产后用电负荷增加，申请变压器增容并优先安排送电。',
    () => '停产期间电费按容量计收，申请疫情期间暂停收取基本电费。',
    () => '天然气供应压力不足影响窑炉点火，请求协调燃气公司保障供气。',
    () => '申请阶段性降低非居民用电、用气价格政策落实。',
  ],
  permits: [
    () => '排污许可证将于本月到期，现场核查暂停，申请延期或容缺办理。',
    () => '新建生产线环评审批因疫情暂停，申请开通线上审批。',
    () => '营业执照经营范围变更（增加防护用品生产），请求加急办理。',
    () => '危险化学品经营许可证到期换证，申请延期核查。',
    () => '复工复产备案材料要求不清楚，希望提供一次性告知清单。',
  ],
  policy: [
    () => '咨询疫情期间增值税、房产税、城镇土地使用税减免政策及申报方式。',
    () => '企业符合中小企业纾困政策，请告知各项补贴的申报条件和时限。',
    () => '咨询租用国有资产经营用房的租金减免政策。',
    () => '希望了解复工复产“企业包联”服务的具体联系人和对接渠道。',
  ],
  market: [
    () => '外贸订单因疫情取消，库存积压，希望协助对接国内销售渠道。',
    () => '本地商超对供应商暂停入场，申请纳入生活必需品保供名单。',
    () => '希望政府采购平台优先采购本地防疫产品。',
    () => '参展计划取消，请求组织线上产销对接会。',
  ],
  other: [
    () => '员工子女学校停课无人看护，影响员工返岗，希望协调解决。',
    () => '厂区周边道路封闭，员工通勤困难，请求协调公交专线。',
    () => '企业承租厂房房东要求全额缴纳租金，请求协调减免。',
  ],
};

const RESOLUTIONS: Record<DemandCategory, string[]> = {
  financing: [
    '已协调建设银行本溪分行，审批通过复工复产专项贷款，资金已到账。',
    '已对接合作银行办理无还本续贷，贷款展期6个月，利率不上浮。',
    '已推荐至市融资担保公司，担保费率降至1%，贷款已发放。',
    '已将企业纳入重点保障企业名单，享受专项再贷款优惠利率。',
  ],
  labour: [
    '已联系省内外人社部门开具返岗证明，安排点对点大巴接回员工。',
    '已在市人力资源市场线上专场发布岗位，推荐求职者并组织面试。',
    '已指导企业完成稳岗返还申报，资金将于审核后拨付。',
    '已告知社保费减免、缓缴政策，企业已在网上办理。',
  ],
  supply: [
    '已协调省内同类供应商签订供货协议，首批原料已到厂。',
    '已协调本钢集团优先保障供应，价格按协议执行。',
    '已联系上游企业所在地工信部门，推动同步复工。',
  ],
  logistics: [
    '已办理重点物资运输车辆通行证，开通绿色通道。',
    '已协调本地物流企业提供运力，成品已发运。',
    '已协调高速交警和卡口放行，司机按规定健康监测。',
  ],
  epidemic_supplies: [
    '已从市级储备调拨医用口罩，企业已领取。',
    '已协调本地防疫物资生产企业定向供应测温枪和消毒液。',
    '已协调原料供应和设备，企业转产项目已投产。',
  ],
  energy: [
    '已协调供电公司完成增容，恢复正常供电。',
    '已落实阶段性降低用电成本政策，基本电费暂停收取。',
    '已协调燃气公司调整供气压力，窑炉已正常点火。',
  ],
  permits: [
    '已按容缺受理办理许可延期，待疫情后补充现场核查。',
    '已开通线上审批通道，审批已完成。',
    '已一次性告知所需材料，企业已完成备案。',
  ],
  policy: [
    '已电话讲解减税降费政策，并发送政策汇编及申报指南。',
    '已安排税务专管员上门辅导申报。',
    '已告知租金减免政策，企业已与产权单位签订减免协议。',
  ],
  market: ['已组织线上产销对接会，企业与3家采购商达成意向。', '已将企业纳入保供名单，商超已恢复采购。'],
  other: ['已协调相关部门和属地街道解决。', '已协调公交公司开通通勤专线。'],
};

const WAIT_NOTES = [
  '请企业补充近三个月财务报表和纳税证明。',
  '请提供员工花名册及返岗人员健康监测记录。',
  '请补充采购合同和供应商信息。',
  '请提供营业执照副本和法定代表人身份证复印件。',
  '请说明具体需求数量和时间要求。',
];
const ANSWERS = ['材料已补充上传。', '已按要求提供。', '已电话说明并补交材料。'];
const REOPEN_REASONS = [
  '问题未实际解决，资金仍未到账。',
  '人员仍未到岗，请继续协调。',
  '答复与实际情况不符。',
];
const GOOD_COMMENTS = ['办理及时，非常感谢！', '部门很负责，问题解决了。', '效率很高，点赞。', '', ''];
const BAD_COMMENTS = ['只给了政策解释，实际困难没有解决。', '办理太慢，已错过生产周期。', ''];
const TRANSFER_REASONS = [
  '经核实属其他部门职责，转交办理。',
  '涉及专项政策，由主管部门牵头办理。',
  '非本部门职能，按职责分工转办。',
];

const CATEGORY_WEIGHTS: [DemandCategory, number][] = [
  ['financing', 20],
  ['labour', 22],
  ['supply', 14],
  ['logistics', 12],
  ['epidemic_supplies', 12],
  ['energy', 5],
  ['permits', 6],
  ['policy', 5],
  ['market', 3],
  ['other', 1],
];

// ---------------------------------------------------------------------------------------------
// One demand's life

/** How a demand is handled (delays in working days); the story stops at the scenario's now. */
interface Plan {
  transferTo?: string;
  acceptDelay: number;
  startDelay: number;
  wait?: { after: number; days: number };
  /** Working days from start to resolution (may overrun the deadline). */
  resolveAfter: number;
  reopen?: { after: number; redo: number };
  /** Days to confirm, the verdict and the rating; null: never confirmed. */
  confirm: { after: number; solved: boolean; rating: number } | null;
}

interface Step {
  event: DemandEvent;
  on: string;
  from: DemandStatus | null;
  to: DemandStatus | null;
  fromDepartment?: string;
  toDepartment?: string;
  note?: string | null;
  by: 'raiser' | 'handler' | 'enterprise' | 'system' | 'previous';
}

interface Raised {
  enterpriseId: number;
  enterprise: DemoEnterprise;
  category: DemandCategory;
  description: string;
  urgency: DemandUrgency;
  source: DemandSource;
  raisedBy: number | null;
  raisedOn: string;
  visitId?: number;
  visitProblemIndex?: number;
  plan: Plan;
}

/** A working-day step from a date that may itself be a holiday or weekend. */
const after = (date: string, days: number) =>
  days === 0 ? (isWorkday(date) ? date : addWorkdays(date, 1)) : addWorkdays(date, days);

function drawPlan(rng: Rng, resolveDays: number, misrouted: string | undefined): Plan {
  const late = rng.chance(0.15);
  const waits = rng.chance(0.12);
  const resolveAfter = late
    ? resolveDays + rng.int(0, 3)
    : rng.int(Math.min(1, resolveDays - 1), Math.max(1, resolveDays - 2));
  const confirmed = rng.chance(0.8);
  const solved = rng.chance(0.88);
  return {
    transferTo: misrouted,
    acceptDelay: rng.weighted([0, 1, 2, 3], [55, 37, 6, 2]),
    startDelay: rng.weighted([0, 1], [70, 30]),
    wait: waits ? { after: rng.int(0, 2), days: rng.int(1, 3) } : undefined,
    resolveAfter,
    reopen: rng.chance(0.04) ? { after: rng.int(1, 3), redo: rng.int(1, 3) } : undefined,
    confirm: confirmed
      ? {
          after: rng.weighted([0, 1, 2, 3, 4], [30, 30, 20, 12, 8]),
          solved,
          rating: solved ? rng.weighted([5, 4, 3], [62, 31, 7]) : rng.weighted([1, 2, 3], [30, 45, 25]),
        }
      : null,
  };
}

interface Lived {
  status: DemandStatus;
  leadDepartment: string;
  acceptDueOn: string;
  resolveDueOn: string;
  pausedWorkdays: number;
  pausedOn: string | null;
  acceptedOn: string | null;
  acceptedOnTime: boolean | null;
  resolvedOn: string | null;
  resolvedOnTime: boolean | null;
  resolution: string | null;
  autoCloseOn: string | null;
  closedOn: string | null;
  closure: 'confirmed' | 'auto_unrated' | null;
  solved: boolean | null;
  rating: number | null;
  comment: string | null;
  reopenCount: number;
  escalationLevel: DemandEscalationLevel;
  transferred: boolean;
  steps: Step[];
}

/**
 * Plays a plan forward from the day it was raised, taking each step only if its day has passed
 * (steps happen before today; the scenario's now is 09:00, before anyone acts today).
 */
function live(
  rng: Rng,
  d: Raised,
  route: { departmentCode: string; acceptDays: number; resolveDays: number },
  firstDepartment: string,
): Lived {
  const p = d.plan;
  const steps: Step[] = [
    {
      event: 'create',
      on: d.raisedOn,
      from: null,
      to: 'submitted',
      toDepartment: firstDepartment,
      by: 'raiser',
    },
  ];
  const s: Lived = {
    status: 'submitted',
    leadDepartment: firstDepartment,
    acceptDueOn: addWorkdays(d.raisedOn, route.acceptDays),
    resolveDueOn: addWorkdays(d.raisedOn, route.resolveDays),
    pausedWorkdays: 0,
    pausedOn: null,
    acceptedOn: null,
    acceptedOnTime: null,
    resolvedOn: null,
    resolvedOnTime: null,
    resolution: null,
    autoCloseOn: null,
    closedOn: null,
    closure: null,
    solved: null,
    rating: null,
    comment: null,
    reopenCount: 0,
    escalationLevel: 0,
    transferred: false,
    steps,
  };
  const past = (day: string) => day < TODAY;
  // Escalation as the job would have done it: the day after the missed deadline, and later.
  const escalateUntil = (due: string, until: string) => {
    const dates = demandEscalationDates(due);
    for (const level of [1, 2] as const) {
      const day = level === 1 ? dates.level1 : dates.level2;
      if (s.escalationLevel < level && day < until && day <= TODAY) {
        s.escalationLevel = level;
        steps.push({
          event: 'escalate',
          on: day,
          from: s.status,
          to: s.status,
          note: `level ${level}`,
          by: 'system',
        });
      }
    }
  };

  let cursor = d.raisedOn;
  if (p.transferTo) {
    const on = after(cursor, rng.int(0, 1));
    if (!past(on)) return finishOpen(s, escalateUntil);
    steps.push({
      event: 'transfer',
      on,
      from: 'submitted',
      to: 'submitted',
      fromDepartment: firstDepartment,
      toDepartment: p.transferTo,
      note: rng.pick(TRANSFER_REASONS),
      by: 'previous',
    });
    s.leadDepartment = p.transferTo;
    s.acceptDueOn = addWorkdays(on, route.acceptDays);
    s.transferred = true;
    cursor = on;
  }
  const acceptOn = after(cursor, p.acceptDelay);
  escalateUntil(s.acceptDueOn, acceptOn);
  if (!past(acceptOn)) return finishOpen(s, escalateUntil);
  steps.push({ event: 'accept', on: acceptOn, from: 'submitted', to: 'accepted', by: 'handler' });
  s.status = 'accepted';
  s.acceptedOn = acceptOn;
  s.acceptedOnTime = acceptOn <= s.acceptDueOn;
  const startOn = after(acceptOn, p.startDelay);
  if (!past(startOn)) return finishOpen(s, escalateUntil);
  steps.push({ event: 'start', on: startOn, from: 'accepted', to: 'in_progress', by: 'handler' });
  s.status = 'in_progress';
  cursor = startOn;
  if (p.wait) {
    const waitOn = after(startOn, p.wait.after);
    if (!past(waitOn)) return finishOpen(s, escalateUntil);
    escalateUntil(s.resolveDueOn, waitOn);
    steps.push({
      event: 'wait',
      on: waitOn,
      from: 'in_progress',
      to: 'waiting',
      note: rng.pick(WAIT_NOTES),
      by: 'handler',
    });
    s.status = 'waiting';
    s.pausedOn = waitOn;
    const resumeOn = after(waitOn, p.wait.days);
    if (!past(resumeOn)) return s;
    const paused = workdaysBetween(waitOn, resumeOn);
    steps.push({
      event: 'resume',
      on: resumeOn,
      from: 'waiting',
      to: 'in_progress',
      note: rng.pick(ANSWERS),
      by: 'enterprise',
    });
    s.status = 'in_progress';
    s.pausedOn = null;
    s.pausedWorkdays += paused;
    s.resolveDueOn = addWorkdays(s.resolveDueOn, paused);
    cursor = resumeOn;
  }
  const resolveOn = after(
    startOn,
    Math.max(p.resolveAfter + s.pausedWorkdays, workdaysBetween(startOn, cursor)),
  );
  escalateUntil(s.resolveDueOn, resolveOn);
  if (!past(resolveOn)) return finishOpen(s, escalateUntil);
  const resolution = rng.pick(RESOLUTIONS[d.category]);
  steps.push({
    event: 'resolve',
    on: resolveOn,
    from: 'in_progress',
    to: 'resolved',
    note: resolution,
    by: 'handler',
  });
  s.status = 'resolved';
  s.resolvedOn = resolveOn;
  s.resolvedOnTime = resolveOn <= s.resolveDueOn;
  s.resolution = resolution;
  s.autoCloseOn = autoCloseDueOn(resolveOn);
  let resolvedOn = resolveOn;
  if (p.reopen) {
    const reopenOn = after(resolveOn, p.reopen.after);
    if (!past(reopenOn)) return s;
    steps.push({
      event: 'reopen',
      on: reopenOn,
      from: 'resolved',
      to: 'in_progress',
      note: rng.pick(REOPEN_REASONS),
      by: 'enterprise',
    });
    s.status = 'in_progress';
    s.reopenCount = 1;
    s.autoCloseOn = null;
    const fresh = addWorkdays(reopenOn, route.resolveDays);
    if (fresh > s.resolveDueOn) s.resolveDueOn = fresh;
    const again = after(reopenOn, p.reopen.redo);
    if (!past(again)) return finishOpen(s, escalateUntil);
    const second = rng.pick(RESOLUTIONS[d.category]);
    steps.push({
      event: 'resolve',
      on: again,
      from: 'in_progress',
      to: 'resolved',
      note: second,
      by: 'handler',
    });
    s.status = 'resolved';
    s.resolvedOn = again;
    s.resolution = second;
    s.autoCloseOn = autoCloseDueOn(again);
    resolvedOn = again;
  }
  const confirmOn = p.confirm ? addCalendarDays(resolvedOn, p.confirm.after) : null;
  if (p.confirm && confirmOn && confirmOn <= s.autoCloseOn!) {
    if (!past(confirmOn)) return s;
    const comment = rng.pick(p.confirm.solved ? GOOD_COMMENTS : BAD_COMMENTS) || null;
    steps.push({
      event: 'confirm',
      on: confirmOn,
      from: 'resolved',
      to: 'closed',
      note: comment,
      by: 'enterprise',
    });
    Object.assign(s, {
      status: 'closed',
      closedOn: confirmOn,
      closure: 'confirmed',
      solved: p.confirm.solved,
      rating: p.confirm.rating,
      comment,
      autoCloseOn: null,
    });
    return s;
  }
  const closeOn = addCalendarDays(s.autoCloseOn!, 1);
  if (closeOn > TODAY) return s;
  steps.push({ event: 'auto_close', on: closeOn, from: 'resolved', to: 'closed', by: 'system' });
  Object.assign(s, { status: 'closed', closedOn: closeOn, closure: 'auto_unrated', autoCloseOn: null });
  return s;
}

/** An open demand's escalation up to today. */
function finishOpen(s: Lived, escalateUntil: (due: string, until: string) => void): Lived {
  const due = s.status === 'submitted' ? s.acceptDueOn : s.resolveDueOn;
  escalateUntil(due, addCalendarDays(TODAY, 1));
  // The job's rule decides the final level (kept in step with the events above).
  const level = demandEscalationDue(
    { status: s.status, acceptDueOn: s.acceptDueOn, resolveDueOn: s.resolveDueOn },
    TODAY,
  );
  if (level > s.escalationLevel) s.escalationLevel = level;
  return s;
}

// ---------------------------------------------------------------------------------------------

/** A time of day on a date, Shanghai: office hours, or just after midnight for the system's steps. */
function timeOn(rng: Rng, date: string, system: boolean): Date {
  if (system) return shanghaiInstant(date, '00:10');
  const minutes = rng.int(8 * 60 + 30, 17 * 60 + 30);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return shanghaiInstant(date, `${hh}:${mm}`);
}

/** Days a demand may be raised on, weighted: the resumption surge in mid-February, quieter weekends. */
function raiseDays(): { days: string[]; weights: number[] } {
  const days: string[] = [];
  const weights: number[] = [];
  for (let d = FIRST_DAY; d < TODAY; d = addCalendarDays(d, 1)) {
    days.push(d);
    const surge = d >= '2020-02-10' && d <= '2020-02-28' ? 1.6 : 1;
    weights.push((isWorkday(d) ? 1 : 0.25) * surge);
  }
  return { days, weights };
}

async function insertChunks<T>(
  conn: Conn,
  table: Parameters<Conn['insert']>[0],
  rows: T[],
  size = 500,
  onChunk: (done: number) => void = () => {},
) {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const out = (await conn
      .insert(table)
      .values(rows.slice(i, i + size) as never)
      .returning({ id: (table as unknown as { id: never }).id })) as { id: number }[];
    ids.push(...out.map((r) => r.id));
    onChunk(Math.min(i + size, rows.length));
  }
  return ids;
}

export async function seedDemandsDemo(
  tx: Conn,
  ctx: Ctx,
  input: DemandsSeedInput,
): Promise<DemandsSeedSummary> {
  const progress = input.onProgress ?? (() => {});
  const target = input.target ?? 1500;
  const rng = createRng(DEMO_SEED + 7);
  const route = await router(ctx, tx);
  const created = shanghaiInstant('2020-01-31', '17:00');

  // Handlers: one account per department (the industry bureau also has the demo `department` account).
  const handlerRows = Object.entries(HANDLERS).map(([code, h]) => ({
    username: `dept-${code}`,
    displayName: `${h.short} ${h.names[0]}`,
    role: 'department' as const,
    departmentCode: code,
    passwordHash: input.passwordHash,
    passwordChangedAt: created,
    createdAt: created,
    updatedAt: created,
  }));
  const handlerIds = await insertChunks(tx, schema.users, handlerRows);
  const handlersOf = new Map<string, number[]>();
  handlerRows.forEach((h, i) => {
    handlersOf.set(h.departmentCode, [handlerIds[i]]);
  });
  const demoDepartment = input.userIds.get('department');
  if (demoDepartment) handlersOf.get('industry')!.unshift(demoDepartment);
  progress('demands', 0, target);

  const ents = input.enterprises;
  const byId = new Map(ents.map((x) => [x.id, x.e]));
  const demo = ents[0];
  const demoEnterpriseUser = input.userIds.get('enterprise') ?? null;
  const leader = input.userIds.get('leader') ?? null;

  const a = schema.enterpriseAssignments;
  const assignments = await tx
    .select({ enterpriseId: a.enterpriseId, userId: a.userId, kind: a.kind })
    .from(a)
    .where(isNull(a.endedAt));
  const liaisonOf = new Map<number, number>();
  const contactLeaderOf = new Map<number, number>();
  for (const x of assignments) {
    if (x.kind === 'liaison') liaisonOf.set(x.enterpriseId, x.userId);
    if (x.kind === 'contact_leader') contactLeaderOf.set(x.enterpriseId, x.userId);
  }

  const raised: Raised[] = [];
  const routeOf = (category: DemandCategory, e: DemoEnterprise) =>
    route(category, { divisionCode: e.divisionCode, townCode: e.townCode, industryCode: e.industryCode });
  const misroute = (category: DemandCategory, e: DemoEnterprise) => {
    if (!rng.chance(0.03)) return { first: routeOf(category, e).departmentCode, to: undefined };
    const right = routeOf(category, e).departmentCode;
    const wrong = rng.pick(Object.keys(HANDLERS).filter((c) => c !== right));
    return { first: wrong, to: right };
  };
  const push = (r: Omit<Raised, 'plan'>, plan?: Plan) => {
    const m = misroute(r.category, r.enterprise);
    raised.push({ ...r, plan: plan ?? drawPlan(rng, routeOf(r.category, r.enterprise).resolveDays, m.to) });
    return m.first;
  };
  const firstDepartments: string[] = [];

  // 1. The problems liaisons recorded on their visits.
  const v = schema.liaisonVisits;
  const visits = await tx
    .select({
      id: v.id,
      enterpriseId: v.enterpriseId,
      liaisonId: v.liaisonId,
      date: v.date,
      problems: v.problems,
    })
    .from(v)
    .where(sql`jsonb_array_length(${v.problems}) > 0`)
    .orderBy(v.id);
  for (const visit of visits) {
    const e = byId.get(visit.enterpriseId);
    if (!e || visit.date >= TODAY) continue;
    visit.problems.forEach((p, index) => {
      const category = VISIT_PROBLEM_DEMAND_CATEGORY[p.category as VisitProblemCategory] ?? 'other';
      firstDepartments.push(
        push({
          enterpriseId: visit.enterpriseId,
          enterprise: e,
          category,
          description: p.description,
          urgency: 'normal',
          source: 'visit',
          raisedBy: visit.liaisonId,
          raisedOn: visit.date,
          visitId: visit.id,
          visitProblemIndex: index,
        }),
      );
    });
  }
  const fromVisits = raised.length;

  // 2. The demo enterprise: one demand in each state, for its phone page.
  const scripted: { category: DemandCategory; raisedOn: string; plan: Plan }[] = [
    {
      category: 'financing',
      raisedOn: '2020-02-10',
      plan: {
        acceptDelay: 0,
        startDelay: 0,
        resolveAfter: 5,
        confirm: { after: 1, solved: true, rating: 5 },
      },
    },
    {
      category: 'logistics',
      raisedOn: '2020-02-17',
      plan: {
        acceptDelay: 0,
        startDelay: 0,
        resolveAfter: 2,
        confirm: { after: 0, solved: true, rating: 4 },
      },
    },
    {
      category: 'labour',
      raisedOn: '2020-02-24',
      plan: {
        acceptDelay: 1,
        startDelay: 0,
        resolveAfter: 3,
        reopen: { after: 1, redo: 3 },
        confirm: { after: 1, solved: false, rating: 2 },
      },
    },
    {
      category: 'supply',
      raisedOn: '2020-03-02',
      plan: {
        acceptDelay: 0,
        startDelay: 0,
        resolveAfter: 5,
        confirm: { after: 30, solved: true, rating: 5 },
      },
    },
    {
      category: 'permits',
      raisedOn: '2020-03-03',
      plan: { acceptDelay: 0, startDelay: 0, wait: { after: 2, days: 30 }, resolveAfter: 6, confirm: null },
    },
    {
      category: 'energy',
      raisedOn: '2020-03-04',
      plan: { acceptDelay: 1, startDelay: 0, resolveAfter: 30, confirm: null },
    },
    {
      category: 'epidemic_supplies',
      raisedOn: '2020-03-09',
      plan: { acceptDelay: 30, startDelay: 0, resolveAfter: 3, confirm: null },
    },
  ];
  for (const x of scripted) {
    raised.push({
      enterpriseId: demo.id,
      enterprise: demo.e,
      category: x.category,
      description: rng.pick(DESCRIPTIONS[x.category])(rng),
      urgency: x.category === 'epidemic_supplies' ? 'urgent' : 'normal',
      source: 'enterprise',
      raisedBy: demoEnterpriseUser,
      raisedOn: x.raisedOn,
      plan: x.plan,
    });
    firstDepartments.push(routeOf(x.category, demo.e).departmentCode);
  }

  // 3. The rest: enterprises still in business, key and above-scale ones more often.
  const pool = ents.slice(1).filter((x) => !x.e.longTermShutdown);
  const poolWeights = pool.map((x) => (x.e.keyEnterprise ? 4 : x.e.aboveScale ? 2 : 1));
  const { days, weights } = raiseDays();
  const categories = CATEGORY_WEIGHTS.map(([c]) => c);
  const categoryWeights = CATEGORY_WEIGHTS.map(([, w]) => w);
  while (raised.length < target) {
    const x = rng.weighted(pool, poolWeights);
    const category = rng.weighted(categories, categoryWeights);
    const liaison = liaisonOf.get(x.id);
    const contact = contactLeaderOf.get(x.id);
    let source = rng.weighted<DemandSource>(
      ['enterprise', 'liaison', 'contact_leader', 'inspection'],
      [68, 22, 3, 7],
    );
    if (source === 'liaison' && !liaison) source = 'enterprise';
    if (source === 'contact_leader' && !contact) source = 'enterprise';
    firstDepartments.push(
      push({
        enterpriseId: x.id,
        enterprise: x.e,
        category,
        description: rng.pick(DESCRIPTIONS[category])(rng),
        urgency: rng.weighted<DemandUrgency>(['normal', 'urgent', 'critical'], [78, 18, 4]),
        source,
        raisedBy: source === 'liaison' ? liaison! : source === 'contact_leader' ? (contact ?? leader) : null,
        raisedOn: rng.weighted(days, weights),
      }),
    );
  }

  // Live each one, then write them in multi-row inserts.
  const lives = raised.map((d, i) => live(rng, d, routeOf(d.category, d.enterprise), firstDepartments[i]));
  const handlerFor = (dept: string, k: number) => {
    const list = handlersOf.get(dept) ?? [];
    return list.length ? list[k % list.length] : null;
  };
  // The history first (times increase through each demand's life), then the rows it implies.
  const histories = lives.map((s, i) => {
    const d = raised[i];
    let last = timeOn(rng, d.raisedOn, false);
    let dept = s.steps[0].toDepartment!;
    return s.steps.map((step, k) => {
      let when = k === 0 ? last : timeOn(rng, step.on, step.by === 'system');
      if (when <= last) when = new Date(last.getTime() + rng.int(10, 90) * 60_000);
      last = when;
      const actorId =
        step.by === 'handler'
          ? handlerFor(dept, i)
          : step.by === 'previous'
            ? handlerFor(step.fromDepartment!, i)
            : step.by === 'raiser'
              ? d.raisedBy
              : step.by === 'enterprise' && d.enterpriseId === demo.id
                ? demoEnterpriseUser
                : null;
      const byEnterprise = step.by === 'enterprise' || (step.by === 'raiser' && d.source === 'enterprise');
      if (step.event === 'transfer') dept = step.toDepartment!;
      return {
        event: step.event,
        fromStatus: step.from,
        toStatus: step.to,
        fromDepartment: step.fromDepartment ?? null,
        toDepartment: step.toDepartment ?? null,
        note: step.note ?? null,
        actorId,
        actorName: byEnterprise && !actorId ? d.enterprise.contactName : '',
        at: when,
      };
    });
  });
  const timeOf = (i: number, events: DemandEvent[]) =>
    histories[i].filter((x) => events.includes(x.event)).at(-1)?.at ?? null;
  const rows: (typeof schema.demands.$inferInsert)[] = raised.map((d, i) => {
    const s = lives[i];
    const r = routeOf(d.category, d.enterprise);
    const h = histories[i];
    return {
      enterpriseId: d.enterpriseId,
      category: d.category,
      description: d.description,
      urgency: d.urgency,
      source: d.source,
      visitId: d.visitId ?? null,
      visitProblemIndex: d.visitProblemIndex ?? null,
      raisedBy: d.raisedBy,
      raisedAt: h[0].at,
      raisedOn: d.raisedOn,
      leadDepartment: s.leadDepartment,
      coDepartments: d.category === 'financing' && i % 17 === 0 ? ['tax'] : [],
      handlerId: s.acceptedOn ? handlerFor(s.leadDepartment, i) : null,
      routingVersion: 1,
      status: s.status,
      acceptDays: r.acceptDays,
      resolveDays: r.resolveDays,
      acceptDueOn: s.acceptDueOn,
      resolveDueOn: s.resolveDueOn,
      pausedWorkdays: s.pausedWorkdays,
      pausedOn: s.pausedOn,
      escalationLevel: s.escalationLevel,
      acceptedAt: s.acceptedOn ? timeOf(i, ['accept']) : null,
      acceptedOnTime: s.acceptedOnTime,
      resolvedAt: s.resolvedOn ? timeOf(i, ['resolve']) : null,
      resolvedOnTime: s.resolvedOnTime,
      resolution: s.resolution,
      autoCloseOn: s.autoCloseOn,
      closedAt: s.closedOn ? timeOf(i, ['confirm', 'auto_close']) : null,
      closure: s.closure,
      solved: s.solved,
      rating: s.rating,
      comment: s.comment,
      reopenCount: s.reopenCount,
      version: s.steps.filter((x) => x.event !== 'create' && x.event !== 'escalate').length + 1,
      createdAt: h[0].at,
      updatedAt: h[h.length - 1].at,
    };
  });
  const ids = await insertChunks(tx, schema.demands, rows, 500, (done) =>
    progress('demands', done, rows.length),
  );
  const events = histories.flatMap((h, i) => h.map((x) => ({ ...x, demandId: ids[i] })));
  for (let i = 0; i < events.length; i += 1000) {
    await tx.insert(schema.demandEvents).values(events.slice(i, i + 1000));
  }

  // The visit problems whose demands are closed are closed on the visit too.
  const closedProblems = new Map<number, Set<number>>();
  raised.forEach((d, i) => {
    if (d.visitId === undefined || lives[i].status !== 'closed') return;
    const set = closedProblems.get(d.visitId) ?? new Set<number>();
    set.add(d.visitProblemIndex!);
    closedProblems.set(d.visitId, set);
  });
  const visitUpdates = visits
    .filter((x) => closedProblems.has(x.id))
    .map((x) => {
      const closed = closedProblems.get(x.id)!;
      const problems = x.problems.map((p, k) => (closed.has(k) ? { ...p, status: 'closed' as const } : p));
      return { id: x.id, problems };
    });
  for (const u of visitUpdates) {
    await tx.update(v).set({ problems: u.problems }).where(eq(v.id, u.id));
  }

  const byStatus = Object.fromEntries(DEMAND_STATUSES.map((st) => [st, 0])) as Record<DemandStatus, number>;
  for (const s of lives) byStatus[s.status]++;
  const overdue = lives.filter((s) => {
    const due =
      s.status === 'submitted'
        ? s.acceptDueOn
        : ['accepted', 'in_progress'].includes(s.status)
          ? s.resolveDueOn
          : null;
    return due !== null && TODAY > due;
  }).length;
  return {
    demands: ids.length,
    fromVisits,
    byStatus,
    closed: byStatus.closed,
    solved: lives.filter((s) => s.solved === true).length,
    autoClosed: lives.filter((s) => s.closure === 'auto_unrated').length,
    reopened: lives.filter((s) => s.reopenCount > 0).length,
    transferred: lives.filter((s) => s.transferred).length,
    overdue,
    escalated: {
      level1: lives.filter((s) => s.escalationLevel === 1).length,
      level2: lives.filter((s) => s.escalationLevel === 2).length,
    },
    handlers: handlerIds.length,
    events: events.length,
  };
}

/** For tests: the window the generator raises demands in, and its "today". */
export const DEMANDS_DEMO_WINDOW = { from: FIRST_DAY, today: TODAY, autoCloseWorkdays: AUTO_CLOSE_WORKDAYS };
