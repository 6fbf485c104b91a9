/**
 * The demo city's resumption story (SOURCE.md part 1), generated deterministically: ~1,000
 * liaisons stationed in enterprises, Benxi's phased plan, applications with reviews, returns,
 * resubmissions and on-site verifications, dated status changes from late January to 2020-03-10,
 * and liaison visits.
 *
 * Calibration: on 2020-03-10 exactly round(91.6% × N) of the N active above-scale industrial
 * enterprises are resumed (SOURCE.md: 规上工业企业复工率 91.6%), by deterministic selection.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { DISTRICTS } from '../../shared/data/divisions';
import { isIndustrial } from '../../shared/data/industries';
import type {
  ApplicationStatus,
  ResumptionStatus,
  VisitProblemCategory,
  VisitPurpose,
} from '../../shared/enums';
import { effectivePhase, type PhaseSubject } from '../../shared/phases';
import { DEFAULT_LIAISON_MAX_LOAD } from '../../shared/schemas/liaisons';
import type { ApplicationContent } from '../../shared/schemas/resumption';
import { addDays, shanghaiInstant } from '../clock';
import { type Conn, schema } from '../db/client';
import { planAssignments } from '../modules/liaisons/assign';
import { ensureDefaultPlan } from '../modules/resumption/default-plan';
import { loadPhases, type Phase } from '../modules/resumption/phases';
import { createRng, DEMO_SEED, type DemoEnterprise, generateLiaisonNames, type Rng } from './generate';

/** The day the demo's story ends (the scenario clock starts at 09:00 that morning). */
export const DEMO_TODAY = '2020-03-10';
/** The resumption rate of above-scale industrial enterprises the demo reproduces (SOURCE.md). */
export const DEMO_RESUMPTION_RATE = 0.916;

const STATION_DAY = '2020-02-01';
const LAST_FULL_DAY = addDays(DEMO_TODAY, -1);
const BATCH = 500;

type Progress = (phase: string, done: number, total: number) => void;
type Content = Omit<ApplicationContent, 'plannedDate'>;

export interface ResumptionSeedInput {
  list: readonly DemoEnterprise[];
  ids: readonly number[];
  /** The demo accounts' ids by username. */
  accounts: Map<string, number>;
  /** One argon2 hash shared by the bulk accounts (hashing 1,000 passwords would take minutes). */
  passwordHash: string;
  onProgress?: Progress;
}

export interface ResumptionSeedSummary {
  liaisons: number;
  reviewers: number;
  assignments: number;
  applications: number;
  statusEvents: number;
  visits: number;
  aboveScaleIndustrial: { active: number; resumed: number };
}

export interface Ent extends DemoEnterprise {
  id: number;
  index: number;
}

const rngFor = () => createRng(DEMO_SEED + 3);

const subjectOf = (e: DemoEnterprise): PhaseSubject => e;

async function insertBatched<T>(
  rows: T[],
  write: (chunk: T[]) => Promise<unknown>,
  tick?: (n: number) => void,
) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await write(rows.slice(i, i + BATCH));
    tick?.(Math.min(i + BATCH, rows.length));
  }
}

// ---------------------------------------------------------------------------------------------
// People

/** A district clerk per district besides the demo `district` account (平山区), to review there. */
const REVIEWER_NAMES: Record<string, string> = {
  '210503': '溪湖区 复工审核 王丹',
  '210504': '明山区 复工审核 赵磊',
  '210505': '南芬区 复工审核 陈静',
  '210521': '本溪县 复工审核 关宏',
  '210522': '桓仁县 复工审核 佟雪',
  '210590': '高新区 复工审核 刘洋',
};

// ---------------------------------------------------------------------------------------------
// Dates and times

const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);
const pad = (n: number) => String(n).padStart(2, '0');
/** An instant on a Shanghai day between two hours (minutes drawn from the rng). */
const timeOn = (rng: Rng, day: string, fromHour: number, toHour: number) =>
  shanghaiInstant(day, `${pad(rng.int(fromHour, toHour - 1))}:${pad(rng.int(0, 59))}`);

/** When enterprises actually restarted: above-scale firms front-loaded from 2-10, SMEs later (SOURCE.md's "two shifts"). */
function resumeDay(rng: Rng, above: boolean): string {
  const span = days('2020-02-10', '2020-03-08');
  const weights = span.map((_, d) =>
    above ? Math.exp(-d / 6) + 0.04 : Math.exp(-(((d - 13) / 7) ** 2)) + 0.08,
  );
  return rng.weighted(span, weights);
}

// ---------------------------------------------------------------------------------------------
// Application content

const CANTEEN = [
  '分餐制，错峰就餐，餐桌加装隔板',
  '统一配餐送至班组，不设堂食',
  '食堂分三批就餐，间隔1米单向就座',
  '暂停食堂，员工自带餐食，休息室分时使用',
];
const SHUTTLE = [
  '班车每趟消毒，乘车测温、戴口罩、隔座',
  '无班车；宿舍每间不超过4人，每日通风消毒',
  '暂停集体宿舍，外地返岗人员单间隔离14天',
  '班车减半载客，宿舍楼设专人测温登记',
];

function contentFor(rng: Rng, e: Ent, deficient: 'masks' | 'isolation' | null): Content {
  const normal = Math.max(1, e.normalWorkforce);
  const returning = Math.max(1, Math.round(normal * (0.55 + rng.next() * 0.4)));
  const outside = Math.min(returning, Math.round(returning * rng.next() * 0.08));
  const keyAreas = rng.chance(0.04) ? Math.min(outside, rng.int(1, 3)) : 0;
  return {
    workforce: {
      normalWorkforce: normal,
      returningWorkers: returning,
      fromOutsideProvince: outside,
      fromKeyAreas: keyAreas,
      underObservation: Math.min(returning, outside + keyAreas),
    },
    prevention: {
      maskStockDays: deficient === 'masks' ? rng.int(2, 5) : rng.int(7, 30),
      disinfectantStockDays: rng.int(10, 60),
      temperatureCheckpoints: 1 + Math.min(6, Math.floor(normal / 250)),
      isolationRoom: deficient !== 'isolation',
      canteenArrangement: rng.pick(CANTEEN),
      shuttleDormitoryArrangement: rng.pick(SHUTTLE),
      emergencyPlan: true,
      preventionOfficer: { name: e.contactName || e.legalRepresentative, phone: e.contactPhone },
    },
    safety: {
      equipmentChecked: true,
      hazardousMaterialsInspected: e.hazardousChemicals || rng.chance(0.3),
      safetyTrainingDone: true,
      emergencyDrillDone: true,
    },
  };
}

const RETURN_REASONS = {
  masks: (n: number) => `口罩储备仅${n}天，不足7天用量，请补充后重新提交`,
  isolation: () => '未设置临时隔离观察室，请落实后重新申报',
};
const HELD_RETURN = '属暂缓开业梯次，开业时间另行通知，请暂缓申报';
const SUSPEND_REASONS = [
  '员工出现发热症状，停工排查并全面消杀',
  '上游原材料断供，临时停产',
  '密切接触者排查，车间停工隔离',
  '订单不足，阶段性停产',
];
const CLOSE_REASONS = ['经营困难，决定歇业', '租约到期不再续租，停止经营'];
const VERIFY_NOTES = [
  '现场核查：测温点、隔离室、消杀记录齐全，符合复工条件',
  '现场核查：防疫物资储备充足，员工健康台账完整',
  '现场核查：设备检修完毕，安全培训已完成，同意复工',
  '现场核查：食堂分餐、班车消毒落实到位',
];

// ---------------------------------------------------------------------------------------------
// Outcomes on 2020-03-10

export type Outcome =
  | { kind: 'resumed'; resume: string; returned: boolean; exempt: boolean; bounce: boolean }
  | { kind: 'approved'; approve: string; returned: boolean }
  | { kind: 'waiting'; submit: string; returned: boolean }
  | { kind: 'returned'; submit: string }
  | { kind: 'suspended'; resume: string; suspend: string }
  | { kind: 'draft'; created: string }
  | { kind: 'closed'; close: string }
  | { kind: 'none' };

/** An above-scale industrial laggard on 2020-03-10: approved, waiting, returned, suspended, draft or nothing, in turn. */
export function lagging(rng: Rng, k: number): Outcome {
  switch (k % 6) {
    case 0:
      return {
        kind: 'approved',
        approve: rng.pick(days('2020-03-04', LAST_FULL_DAY)),
        returned: rng.chance(0.2),
      };
    case 1:
      return {
        kind: 'waiting',
        submit: rng.pick(days('2020-03-03', LAST_FULL_DAY)),
        returned: rng.chance(0.3),
      };
    case 2:
      return { kind: 'returned', submit: rng.pick(days('2020-02-27', '2020-03-06')) };
    case 3:
      return suspended(rng);
    case 4:
      return { kind: 'draft', created: rng.pick(days('2020-03-01', LAST_FULL_DAY)) };
    default:
      return { kind: 'none' };
  }
}

function suspended(rng: Rng): Outcome {
  const resume = rng.pick(days('2020-02-12', '2020-02-26'));
  return {
    kind: 'suspended',
    resume,
    suspend: rng.pick(days(maxDate('2020-03-01', addDays(resume, 4)), LAST_FULL_DAY)),
  };
}

/** Resumed: the guarantee phase in late January, the others on the "two shifts" curve from 2-10. */
export function resumed(rng: Rng, above: boolean, phaseCode: string | undefined): Outcome {
  const resume =
    phaseCode === 'guarantee' ? rng.pick(days('2020-01-26', '2020-02-06')) : resumeDay(rng, above);
  return {
    kind: 'resumed',
    resume,
    returned: phaseCode !== 'guarantee' && rng.chance(0.12),
    exempt: false,
    bounce: resume < '2020-02-24' && rng.chance(0.015),
  };
}

/** Where an enterprise of the general phase stands on 2020-03-10 (78% resumed). */
export function generalOutcome(rng: Rng, above: boolean, phaseCode: string | undefined): Outcome {
  const r = rng.next();
  if (r < 0.78) return resumed(rng, above, phaseCode);
  if (r < 0.84)
    return {
      kind: 'approved',
      approve: rng.pick(days('2020-03-03', LAST_FULL_DAY)),
      returned: rng.chance(0.1),
    };
  if (r < 0.844)
    return { kind: 'waiting', submit: rng.pick(days('2020-03-04', LAST_FULL_DAY)), returned: false };
  if (r < 0.875) return { kind: 'returned', submit: rng.pick(days('2020-02-26', '2020-03-06')) };
  if (r < 0.905) return { kind: 'draft', created: rng.pick(days('2020-03-01', LAST_FULL_DAY)) };
  if (r < 0.912) return suspended(rng);
  if (r < 0.915) return { kind: 'closed', close: rng.pick(days('2020-02-15', '2020-03-05')) };
  return { kind: 'none' };
}

/** Where an enterprise of the held phase stands: mostly not applied, some drafts and queued applications. */
export function heldOutcome(rng: Rng): Outcome {
  const r = rng.next();
  if (r < 0.55) return { kind: 'none' };
  if (r < 0.69) return { kind: 'draft', created: rng.pick(days('2020-02-20', LAST_FULL_DAY)) };
  if (r < 0.75)
    return { kind: 'waiting', submit: rng.pick(days('2020-03-02', LAST_FULL_DAY)), returned: false };
  return { kind: 'returned', submit: rng.pick(days('2020-02-12', '2020-03-04')) };
}

// ---------------------------------------------------------------------------------------------
// Rows

interface AppRows {
  enterpriseId: number;
  app: Omit<typeof schema.resumptionApplications.$inferInsert, 'enterpriseId'>;
  revisions: Omit<typeof schema.resumptionApplicationRevisions.$inferInsert, 'applicationId'>[];
  reviews: Omit<typeof schema.resumptionReviews.$inferInsert, 'applicationId'>[];
  verifications: Omit<typeof schema.resumptionVerifications.$inferInsert, 'applicationId'>[];
}

export interface EventRow {
  enterpriseId: number;
  status: ResumptionStatus;
  effectiveDate: string;
  at: Date;
  by: number | null;
  reason: string | null;
  /** Whether the event belongs to the enterprise's application. */
  ofApplication: boolean;
}

export interface Actors {
  reviewer: number;
  liaison: number | null;
  /** The enterprise's own account (only the demo enterprise has one). */
  account: number | null;
}

/**
 * One enterprise's application and dated status changes for an outcome; every date sequence obeys
 * the status machine and the phase-date gate (approval on or after the phase's earliest date).
 */
export function timeline(
  rng: Rng,
  e: Ent,
  phase: Phase | null,
  outcome: Outcome,
  actors: Actors,
): { app: AppRows | null; events: EventRow[]; exemption: { at: Date; reason: string } | null } {
  const events: EventRow[] = [];
  const event = (
    status: ResumptionStatus,
    day: string,
    at: Date,
    by: number | null,
    reason: string | null,
    ofApplication = true,
  ) => events.push({ enterpriseId: e.id, status, effectiveDate: day, at, by, reason, ofApplication });
  if (outcome.kind === 'none') return { app: null, events, exemption: null };
  if (outcome.kind === 'closed') {
    event(
      'closed',
      outcome.close,
      timeOn(rng, outcome.close, 14, 17),
      actors.reviewer,
      rng.pick(CLOSE_REASONS),
      false,
    );
    return { app: null, events, exemption: null };
  }
  const onBehalf = actors.account === null && actors.liaison !== null && rng.chance(0.3);
  const author = actors.account ?? (onBehalf ? actors.liaison : null);
  const needsVerification = phase?.requiresVerification ?? false;
  const earliest = phase?.earliestDate ?? '2020-01-25';

  if (outcome.kind === 'draft') {
    const created = timeOn(rng, outcome.created, 9, 17);
    const full = contentFor(rng, e, null);
    const partial: Content = rng.chance(0.5)
      ? { workforce: full.workforce }
      : { workforce: full.workforce, safety: full.safety };
    return {
      app: {
        enterpriseId: e.id,
        app: {
          status: 'draft',
          plannedDate: rng.chance(0.6) ? addDays(DEMO_TODAY, rng.int(2, 10)) : null,
          content: partial,
          onBehalf,
          createdBy: author,
          revisionNo: 0,
          version: 1,
          createdAt: created,
          updatedAt: created,
        },
        revisions: [],
        reviews: [],
        verifications: [],
      },
      events,
      exemption: null,
    };
  }

  // The final submission day S, approval day A and restart day R, working back from the outcome.
  let submit: string;
  let approve: string | null = null;
  let resume: string | null = null;
  let exempt = false;
  let returned = false;
  if (outcome.kind === 'resumed' || outcome.kind === 'suspended') {
    resume = outcome.resume;
    exempt = outcome.kind === 'resumed' && outcome.exempt;
    returned = outcome.kind === 'resumed' && outcome.returned;
    const gate = exempt ? '2020-01-28' : earliest;
    approve = maxDate(gate, addDays(resume, -rng.weighted([0, 1, 2, 3], [3, 4, 2, 1])));
    if (approve > resume) approve = resume;
    submit = maxDate('2020-01-24', addDays(approve, -rng.int(1, 4)));
  } else if (outcome.kind === 'approved') {
    approve = outcome.approve;
    returned = outcome.returned;
    submit = addDays(approve, -rng.int(1, 3));
  } else {
    submit = outcome.submit;
    returned = outcome.kind === 'waiting' && outcome.returned;
  }
  const finalReturn = outcome.kind === 'returned';
  const planned =
    resume ??
    (approve
      ? maxDate(DEMO_TODAY, addDays(approve, rng.int(1, 4)))
      : maxDate(DEMO_TODAY, addDays(submit, rng.int(2, 6))));

  const deficiency = rng.chance(0.5) ? 'masks' : 'isolation';
  const first = contentFor(rng, e, returned || finalReturn ? deficiency : null);
  const fixed: Content = returned
    ? {
        ...first,
        prevention: { ...first.prevention, maskStockDays: rng.int(7, 21), isolationRoom: true },
      }
    : first;
  const reasonFor = (c: Content) =>
    phase?.code === 'held'
      ? HELD_RETURN
      : deficiency === 'masks'
        ? RETURN_REASONS.masks(c.prevention?.maskStockDays ?? 0)
        : RETURN_REASONS.isolation();

  const revisions: AppRows['revisions'] = [];
  const reviews: AppRows['reviews'] = [];
  const verifications: AppRows['verifications'] = [];
  const submitAt = (day: string) => (day === DEMO_TODAY ? timeOn(rng, day, 8, 9) : timeOn(rng, day, 8, 12));

  // A first version returned before the final submission.
  if (returned) {
    const gap = rng.int(3, 6);
    const s1 = addDays(submit, -gap);
    const r1 = addDays(s1, rng.int(1, gap - 1));
    const s1At = submitAt(s1);
    revisions.push({
      revisionNo: 1,
      plannedDate: planned,
      content: first,
      onBehalf,
      submittedBy: author,
      submittedAt: s1At,
    });
    event('applied', s1, s1At, author, null);
    const r1At = timeOn(rng, r1, 14, 17);
    reviews.push({
      revisionNo: 1,
      decision: 'return',
      reason: reasonFor(first),
      by: actors.reviewer,
      at: r1At,
    });
    event('returned', r1, r1At, actors.reviewer, reasonFor(first));
  }
  const revisionNo = revisions.length + 1;
  const sAt = submitAt(submit);
  const finalContent = returned ? fixed : first;
  revisions.push({
    revisionNo,
    plannedDate: planned,
    content: finalContent,
    onBehalf,
    submittedBy: author,
    submittedAt: sAt,
  });
  event('applied', submit, sAt, author, null);

  let exemption: { at: Date; reason: string } | null = null;
  if (exempt)
    exemption = {
      at: timeOn(rng, submit, 12, 13),
      reason: '连续生产工艺（高炉/焦炉）不能停产，指挥部批准提前复工',
    };

  let status: ApplicationStatus = 'submitted';
  let reviewedAt: Date | null = null;
  let returnReason = returned ? reasonFor(first) : null;
  if (finalReturn) {
    const r = minDate(LAST_FULL_DAY, addDays(submit, rng.int(1, 3)));
    const rAt = timeOn(rng, r, 14, 17);
    returnReason = reasonFor(first);
    reviews.push({ revisionNo, decision: 'return', reason: returnReason, by: actors.reviewer, at: rAt });
    event('returned', r, rAt, actors.reviewer, returnReason);
    status = 'returned';
    reviewedAt = rAt;
  }
  if (
    needsVerification &&
    actors.liaison !== null &&
    (approve || (outcome.kind === 'waiting' && submit < DEMO_TODAY && rng.chance(0.5)))
  ) {
    const until = approve ?? LAST_FULL_DAY;
    const v = rng.pick(days(submit, until));
    verifications.push({
      revisionNo,
      passed: true,
      note: rng.pick(VERIFY_NOTES),
      by: actors.liaison,
      at: timeOn(rng, v, 13, 16),
    });
  }
  if (approve) {
    const aAt = timeOn(rng, approve, 16, 18);
    reviews.push({ revisionNo, decision: 'approve', reason: null, by: actors.reviewer, at: aAt });
    event('approved', approve, aAt, actors.reviewer, null);
    status = 'approved';
    reviewedAt = aAt;
  }
  const app: AppRows = {
    enterpriseId: e.id,
    app: {
      status,
      plannedDate: planned,
      content: finalContent,
      onBehalf,
      createdBy: author,
      revisionNo,
      submittedAt: sAt,
      reviewedAt,
      reviewedBy: reviewedAt ? actors.reviewer : null,
      returnReason,
      version: 1 + revisions.length * 2 + reviews.length,
      createdAt: new Date((revisions[0].submittedAt as Date).getTime() - 3600_000),
      updatedAt: reviewedAt ?? sAt,
    },
    revisions,
    reviews,
    verifications,
  };

  if (resume) {
    const reporter = actors.account ?? actors.reviewer;
    event('resumed', resume, timeOn(rng, resume, 18, 20), reporter, null, false);
    if (outcome.kind === 'suspended') {
      event(
        'suspended',
        outcome.suspend,
        timeOn(rng, outcome.suspend, 10, 17),
        actors.reviewer,
        rng.pick(SUSPEND_REASONS),
        false,
      );
    } else if (outcome.kind === 'resumed' && outcome.bounce) {
      const s = addDays(resume, rng.int(4, 8));
      const back = addDays(s, rng.int(3, 5));
      event('suspended', s, timeOn(rng, s, 10, 17), actors.reviewer, rng.pick(SUSPEND_REASONS), false);
      event('resumed', back, timeOn(rng, back, 18, 20), reporter, '整改完毕，恢复生产', false);
    }
  }
  return { app, events, exemption };
}

// ---------------------------------------------------------------------------------------------
// Visits

const VISIT_TEXT: Record<VisitPurpose, { checked: string[]; findings: string[] }> = {
  prevention: {
    checked: [
      '测温点、隔离室、消杀记录',
      '员工健康台账、返岗人员登记',
      '食堂分餐、班车消毒、宿舍管理',
      '口罩及消毒液储备',
    ],
    findings: [
      '防疫措施落实到位',
      '个别员工口罩佩戴不规范，已现场纠正',
      '消杀记录不连续，已要求补齐',
      '返岗人员登记完整',
    ],
  },
  safety: {
    checked: [
      '复工前设备检修及安全检查',
      '危险化学品储存与使用',
      '安全培训与应急演练记录',
      '特种作业人员持证情况',
    ],
    findings: [
      '未发现明显隐患',
      '消防通道堆放杂物，已督促清理',
      '应急预案未更新，已要求修订',
      '安全培训记录齐全',
    ],
  },
  service: {
    checked: [
      '生产经营情况及困难诉求',
      '惠企政策知晓与申报情况',
      '用工缺口及招工需求',
      '原材料供应与物流情况',
    ],
    findings: [
      '企业运行平稳',
      '已讲解援企稳岗补贴申报流程',
      '反映物流运输受限，已记录',
      '存在阶段性用工缺口',
    ],
  },
};

const PROBLEMS: Record<VisitProblemCategory, string[]> = {
  financing: ['流动资金紧张，希望协调贷款展期', '申请复工复产专项贷款，需要对接银行'],
  labour: ['外省员工返岗受阻，用工缺口约30人', '需要招聘一线操作工'],
  rawMaterials: ['主要原料供应商未复工，原材料库存仅够一周', '原材料价格上涨，采购困难'],
  logistics: ['货车司机无法跨市运输，产品积压', '物流园区未开放，发货受阻'],
  permits: ['复工审批材料要求不清楚，需要指导', '排污许可证延期办理'],
  preventionSupplies: ['口罩采购困难，储备不足', '消毒液、测温枪短缺'],
  safety: ['复产前设备检修需要专业队伍', '危化品仓库需要安全评估'],
  other: ['员工子女看护困难', '希望减免房租'],
};
const PROBLEM_CATEGORIES = Object.keys(PROBLEMS) as VisitProblemCategory[];
const PROBLEM_WEIGHTS = [3, 4, 3, 3, 2, 3, 2, 1];

function visitsFor(rng: Rng, enterpriseId: number, liaisonId: number, stale: boolean, now: Date) {
  const out: (typeof schema.liaisonVisits.$inferInsert)[] = [];
  const stop = stale ? rng.pick(days('2020-02-18', '2020-02-29')) : LAST_FULL_DAY;
  let d = rng.pick(days('2020-02-02', '2020-02-08'));
  while (d <= stop) {
    const purpose = rng.weighted<VisitPurpose>(['prevention', 'safety', 'service'], [5, 3, 2]);
    const category = rng.weighted(PROBLEM_CATEGORIES, PROBLEM_WEIGHTS);
    out.push({
      enterpriseId,
      liaisonId,
      date: d,
      purpose,
      checked: rng.pick(VISIT_TEXT[purpose].checked),
      findings: rng.pick(VISIT_TEXT[purpose].findings),
      problems: rng.chance(0.08)
        ? [{ category, description: rng.pick(PROBLEMS[category]), status: 'open' as const }]
        : [],
      createdAt: now,
    });
    d = addDays(d, rng.int(3, 9));
  }
  // Everyone not stale has been by within the week.
  if (!stale && out.length && out[out.length - 1].date < addDays(DEMO_TODAY, -6)) {
    const last = out[out.length - 1];
    out.push({ ...last, date: rng.pick(days(addDays(DEMO_TODAY, -5), LAST_FULL_DAY)), problems: [] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * Seeds the resumption story inside the demo seed's transaction. Deterministic: its own rng
 * stream, inputs in id order.
 */
export async function seedResumptionDemo(
  tx: Conn,
  input: ResumptionSeedInput,
): Promise<ResumptionSeedSummary> {
  const progress = input.onProgress ?? (() => {});
  const rng = rngFor();
  const ents: Ent[] = input.list.map((e, index) => ({ ...e, id: input.ids[index], index }));
  const demo = ents[0];
  const seededAt = shanghaiInstant('2020-01-31', '17:00');
  await ensureDefaultPlan(tx);
  const phases = await loadPhases(tx);

  // Liaisons: about one for every two enterprises that need one, district by district.
  const needs = (e: Ent) => !e.longTermShutdown;
  const demoLiaison = input.accounts.get('liaison')!;
  const a = schema.enterpriseAssignments;
  const existing = await tx
    .select({ assignmentId: a.id, enterpriseId: a.enterpriseId, liaisonId: a.userId })
    .from(a)
    .where(and(eq(a.kind, 'liaison'), isNull(a.endedAt)));
  const perDistrict = DISTRICTS.map((d) => {
    const n = ents.filter((e) => e.divisionCode === d.code && needs(e)).length;
    const held = existing.filter(
      (x) => ents.find((e) => e.id === x.enterpriseId)?.divisionCode === d.code,
    ).length;
    return { code: d.code, count: Math.ceil(Math.max(0, n - held) / 2) };
  });
  const total = perDistrict.reduce((s, d) => s + d.count, 0);
  const names = generateLiaisonNames(rng, total);
  const liaisonRows: (typeof schema.users.$inferInsert)[] = [];
  for (const d of perDistrict) {
    for (let i = 0; i < d.count; i++) {
      const n = liaisonRows.length + 1;
      liaisonRows.push({
        username: `liaison${String(n).padStart(4, '0')}`,
        displayName: names[n - 1],
        role: 'liaison',
        divisionCode: d.code,
        passwordHash: input.passwordHash,
        passwordChangedAt: seededAt,
        createdAt: seededAt,
        updatedAt: seededAt,
      });
    }
  }
  const reviewerRows = Object.entries(REVIEWER_NAMES).map(([code, displayName]) => ({
    username: `district${code}`,
    displayName,
    role: 'district' as const,
    divisionCode: code,
    passwordHash: input.passwordHash,
    passwordChangedAt: seededAt,
    createdAt: seededAt,
    updatedAt: seededAt,
  }));
  const liaisonIds: number[] = [];
  await insertBatched(
    [...liaisonRows, ...reviewerRows],
    async (chunk) => {
      const got = await tx.insert(schema.users).values(chunk).returning({ id: schema.users.id });
      liaisonIds.push(...got.map((r) => r.id));
    },
    (n) => progress('liaisons', n, liaisonRows.length + reviewerRows.length),
  );
  const reviewers = new Map<string, number>([['210502', input.accounts.get('district')!]]);
  for (const [i, r] of reviewerRows.entries())
    reviewers.set(r.divisionCode, liaisonIds[liaisonRows.length + i]);

  // Stationing: the auto-assignment the product runs, with the demo load limit.
  const plan = planAssignments({
    enterprises: ents.map((e) => ({
      id: e.id,
      divisionCode: e.divisionCode,
      keyEnterprise: e.keyEnterprise,
      aboveScale: e.aboveScale,
      hazardousChemicals: e.hazardousChemicals,
      needsLiaison: needs(e),
    })),
    liaisons: [
      { id: demoLiaison, divisionCode: '210502', active: true },
      ...liaisonRows.map((l, i) => ({ id: liaisonIds[i], divisionCode: l.divisionCode!, active: true })),
    ],
    assignments: existing,
    maxLoad: DEFAULT_LIAISON_MAX_LOAD,
  });
  const stationedAt = shanghaiInstant(STATION_DAY, '09:00');
  const ending = plan.changes.map((c) => c.endAssignmentId).filter((x): x is number => x !== null);
  if (ending.length) await tx.update(a).set({ endedAt: stationedAt }).where(inArray(a.id, ending));
  const newAssignments = plan.changes
    .filter((c) => c.to !== null)
    .map((c) => ({
      userId: c.to!,
      enterpriseId: c.enterpriseId,
      kind: 'liaison' as const,
      reason: `auto: ${c.reason}`,
      assignedAt: stationedAt,
    }));
  await insertBatched(
    newAssignments,
    (chunk) => tx.insert(a).values(chunk),
    (n) => progress('assignments', n, newAssignments.length),
  );
  const liaisonOf = new Map<number, number>();
  for (const x of existing) if (!ending.includes(x.assignmentId)) liaisonOf.set(x.enterpriseId, x.liaisonId);
  for (const x of newAssignments) liaisonOf.set(x.enterpriseId, x.userId);

  // A couple of district overrides: suppliers of the designated hospital run with the guarantee phase.
  const overridden = ents
    .filter(
      (e) =>
        e.divisionCode === '210502' &&
        e !== demo &&
        !e.aboveScale &&
        isIndustrial(e.industryCode) &&
        needs(e),
    )
    .filter((e) => effectivePhase(subjectOf(e), phases).phase?.code === 'general')
    .slice(0, 2);
  const overrides = overridden.map((e) => ({
    enterpriseId: e.id,
    phaseCode: 'guarantee',
    reason: '为定点医院生产配套物资，纳入保障运行梯次',
    by: reviewers.get('210502')!,
    at: shanghaiInstant('2020-01-27', '10:30'),
  }));
  if (overrides.length) await tx.insert(schema.phaseOverrides).values(overrides);
  const phaseOf = (e: Ent): Phase | null =>
    effectivePhase(
      subjectOf(e),
      phases,
      overrides.filter((o) => o.enterpriseId === e.id),
    ).phase;

  // Outcomes. Above-scale industrial first, calibrated exactly; then everyone else by phase.
  const isAboveIndustrial = (e: Ent) => e.aboveScale && isIndustrial(e.industryCode) && needs(e);
  const above = ents.filter(isAboveIndustrial);
  const target = Math.round(DEMO_RESUMPTION_RATE * above.length);
  const laggards = new Set(
    shuffled(
      rng,
      above.filter((e) => e !== demo && phaseOf(e)?.code !== 'guarantee'),
    ).slice(0, above.length - target),
  );
  const outcome = new Map<number, Outcome>();
  let k = 0;
  for (const e of above) {
    if (e === demo) continue;
    outcome.set(e.id, laggards.has(e) ? lagging(rng, k++) : resumed(rng, true, phaseOf(e)?.code));
  }
  // Continuous-process giants (blast furnaces, coke ovens) restarted before 2-10 under exemptions.
  const early = above
    .filter((e) => e !== demo && e.keyEnterprise && !laggards.has(e) && phaseOf(e)?.code === 'general')
    .filter((e) => ['3110', '3120', '2521', '3130'].includes(e.industryCode))
    .slice(0, 5);
  for (const e of early)
    outcome.set(e.id, {
      kind: 'resumed',
      resume: rng.pick(days('2020-02-03', '2020-02-08')),
      returned: false,
      exempt: true,
      bounce: false,
    });
  // A handful waiting in 平山区's queue, a few days each.
  const pingshanQueue = shuffled(
    rng,
    ents.filter(
      (e) =>
        e.divisionCode === '210502' &&
        e !== demo &&
        needs(e) &&
        !isAboveIndustrial(e) &&
        phaseOf(e)?.code === 'general',
    ),
  ).slice(0, 6);
  for (const [i, e] of pingshanQueue.entries())
    outcome.set(e.id, { kind: 'waiting', submit: addDays(LAST_FULL_DAY, -i), returned: i === 2 });
  for (const e of ents) {
    if (e === demo || outcome.has(e.id)) continue;
    if (!needs(e)) {
      outcome.set(e.id, { kind: 'none' });
      continue;
    }
    const code = phaseOf(e)?.code;
    outcome.set(e.id, code === 'held' ? heldOutcome(rng) : generalOutcome(rng, e.aboveScale, code));
  }

  // Timelines.
  const commander = input.accounts.get('commander')!;
  const appRows: AppRows[] = [];
  const events: EventRow[] = [];
  const exemptions: (typeof schema.resumptionExemptions.$inferInsert)[] = [];
  const demoTimeline = demoStory(demo, input.accounts);
  appRows.push(demoTimeline.app);
  events.push(...demoTimeline.events);
  for (const e of ents) {
    if (e === demo) continue;
    const phase = phaseOf(e);
    const t = timeline(rng, e, phase, outcome.get(e.id)!, {
      reviewer: reviewers.get(e.divisionCode)!,
      liaison: liaisonOf.get(e.id) ?? null,
      account: null,
    });
    if (t.app) appRows.push(t.app);
    events.push(...t.events);
    if (t.exemption)
      exemptions.push({
        enterpriseId: e.id,
        phaseCode: phase?.code ?? null,
        reason: t.exemption.reason,
        by: commander,
        at: t.exemption.at,
      });
  }
  if (exemptions.length) await tx.insert(schema.resumptionExemptions).values(exemptions);

  const appIds = new Map<number, number>();
  await insertBatched(
    appRows,
    async (chunk) => {
      const got = await tx
        .insert(schema.resumptionApplications)
        .values(chunk.map((r) => ({ ...r.app, enterpriseId: r.enterpriseId })))
        .returning({
          id: schema.resumptionApplications.id,
          enterpriseId: schema.resumptionApplications.enterpriseId,
        });
      for (const g of got) appIds.set(g.enterpriseId, g.id);
    },
    (n) => progress('applications', n, appRows.length),
  );
  const withApp = <T>(rows: (r: AppRows) => T[]) =>
    appRows.flatMap((r) => rows(r).map((x) => ({ ...x, applicationId: appIds.get(r.enterpriseId)! })));
  await insertBatched(
    withApp((r) => r.revisions),
    (c) => tx.insert(schema.resumptionApplicationRevisions).values(c),
  );
  await insertBatched(
    withApp((r) => r.reviews),
    (c) => tx.insert(schema.resumptionReviews).values(c),
  );
  await insertBatched(
    withApp((r) => r.verifications),
    (c) => tx.insert(schema.resumptionVerifications).values(c),
  );
  const eventRows = events.map(({ ofApplication, ...x }) => ({
    ...x,
    applicationId: ofApplication ? (appIds.get(x.enterpriseId) ?? null) : null,
  }));
  await insertBatched(
    eventRows,
    (c) => tx.insert(schema.resumptionStatusEvents).values(c),
    (n) => progress('resumption history', n, eventRows.length),
  );

  // Visits: every stationed liaison calls every few days; one in seven has let it slip lately.
  const demoLiaisonEnterprises = new Set(
    existing.filter((x) => x.liaisonId === demoLiaison).map((x) => x.enterpriseId),
  );
  const visits = [...liaisonOf.entries()]
    .sort((x, y) => x[0] - y[0])
    .flatMap(([enterpriseId, liaisonId]) =>
      visitsFor(
        rng,
        enterpriseId,
        liaisonId,
        !demoLiaisonEnterprises.has(enterpriseId) && rng.chance(1 / 7),
        seededAt,
      ),
    );
  await insertBatched(
    visits,
    (c) => tx.insert(schema.liaisonVisits).values(c),
    (n) => progress('visits', n, visits.length),
  );

  const finalStatus = new Map<number, ResumptionStatus>();
  for (const ev of events) finalStatus.set(ev.enterpriseId, ev.status);
  return {
    liaisons: liaisonRows.length,
    reviewers: reviewerRows.length,
    assignments: liaisonOf.size,
    applications: appRows.length,
    statusEvents: eventRows.length,
    visits: visits.length,
    aboveScaleIndustrial: {
      active: above.length,
      resumed: above.filter((e) => finalStatus.get(e.id) === 'resumed').length,
    },
  };
}

function shuffled<T>(rng: Rng, arr: T[]): T[] {
  const out = [...arr];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The demo enterprise's story (DOMAIN.md §5), fixed: it applies on 2-05, 平山区 returns it for its
 * mask stock on 2-06, it resubmits on 2-07, its liaison verifies on site on 2-08, the district
 * approves on 2-10 and it restarts on 2-11.
 */
function demoStory(e: Ent, accounts: Map<string, number>): { app: AppRows; events: EventRow[] } {
  const account = accounts.get('enterprise')!;
  const district = accounts.get('district')!;
  const liaison = accounts.get('liaison')!;
  const base = contentFor(createRng(DEMO_SEED), e, null);
  const rev1: Content = { ...base, prevention: { ...base.prevention, maskStockDays: 5 } };
  const rev2: Content = {
    ...base,
    prevention: { ...base.prevention, maskStockDays: 15, disinfectantStockDays: 30 },
  };
  const at = (day: string, time: string) => shanghaiInstant(day, time);
  const reason = '口罩储备仅5天，不足7天用量；请补充并明确食堂分餐方案后重新提交';
  const events: EventRow[] = [
    ['applied', '2020-02-05', '10:12', account, null, true],
    ['returned', '2020-02-06', '15:30', district, reason, true],
    ['applied', '2020-02-07', '09:40', account, null, true],
    ['approved', '2020-02-10', '09:30', district, null, true],
    ['resumed', '2020-02-11', '08:00', account, null, false],
  ].map(([status, day, time, by, why, ofApplication]) => ({
    enterpriseId: e.id,
    status: status as ResumptionStatus,
    effectiveDate: day as string,
    at: at(day as string, time as string),
    by: by as number,
    reason: why as string | null,
    ofApplication: ofApplication as boolean,
  }));
  return {
    app: {
      enterpriseId: e.id,
      app: {
        status: 'approved',
        plannedDate: '2020-02-11',
        content: rev2,
        onBehalf: false,
        createdBy: account,
        revisionNo: 2,
        submittedAt: at('2020-02-07', '09:40'),
        reviewedAt: at('2020-02-10', '09:30'),
        reviewedBy: district,
        returnReason: reason,
        version: 6,
        createdAt: at('2020-02-04', '16:20'),
        updatedAt: at('2020-02-10', '09:30'),
      },
      revisions: [
        {
          revisionNo: 1,
          plannedDate: '2020-02-11',
          content: rev1,
          onBehalf: false,
          submittedBy: account,
          submittedAt: at('2020-02-05', '10:12'),
        },
        {
          revisionNo: 2,
          plannedDate: '2020-02-11',
          content: rev2,
          onBehalf: false,
          submittedBy: account,
          submittedAt: at('2020-02-07', '09:40'),
        },
      ],
      reviews: [
        { revisionNo: 1, decision: 'return', reason, by: district, at: at('2020-02-06', '15:30') },
        { revisionNo: 2, decision: 'approve', reason: null, by: district, at: at('2020-02-10', '09:30') },
      ],
      verifications: [
        {
          revisionNo: 2,
          passed: true,
          note: '现场核查：测温点3处、隔离观察室1间、食堂分餐到位，设备检修完毕，符合复工条件',
          by: liaison,
          at: at('2020-02-08', '14:20'),
        },
      ],
    },
    events,
  };
}
